import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { requireViewer } from '../auth/rules';
import { liveSessionsOf, revokeSessions, type SessionSummary } from '../auth/sessions';
import { employees } from '../db/schema';
import { passwordSchema } from '../domain/employee';
import { NotFoundError, ValidationError } from '../domain/errors';
import { validate } from '../domain/validation';
import { InvalidCredentialsError, TooManyAttemptsError } from './auth';
import { builder } from './builder';

const SessionInfoRef = builder.objectRef<SessionSummary & { current: boolean }>('SessionInfo').implement({
  description: 'One of your signed-in devices',
  fields: (t) => ({
    id: t.exposeID('id'),
    deviceName: t.exposeString('deviceName', { description: 'What the device called itself at sign-in (may be empty)' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it signed in' }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true, description: 'Its last use, to the minute' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', description: 'When it ends if unused until then' }),
    current: t.exposeBoolean('current', { description: 'The session making this request' }),
  }),
});

const PasswordChangedRef = builder.objectRef<{ signedOutSessions: number }>('PasswordChanged').implement({
  description: 'The password was changed; every other session of yours was signed out',
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'signedOutSessions' in value,
  fields: (t) => ({ signedOutSessions: t.exposeInt('signedOutSessions') }),
});

const RevokedSessionRef = builder.objectRef<{ revokedSessionId: string }>('RevokedSession').implement({
  description: 'The session was signed out; its token stops working at once, also on open sockets',
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'revokedSessionId' in value,
  fields: (t) => ({ id: t.exposeID('revokedSessionId') }),
});

builder.queryField('sessions', (t) =>
  t.field({
    type: [SessionInfoRef],
    description: 'Your live sessions (signed-in devices), most recently used first',
    resolve: async (_root, _args, context) => {
      const viewer = requireViewer(context.viewer);
      const live = await liveSessionsOf(context.db, viewer.employeeId);
      return live.map((session) => ({ ...session, current: session.id === viewer.sessionId }));
    },
  }),
);

builder.mutationFields((t) => ({
  revokeSession: t.field({
    type: RevokedSessionRef,
    errors: { types: [NotFoundError] },
    description: 'Signs one of your sessions out (e.g. a lost phone); its sockets close at once',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, context) => {
      const viewer = requireViewer(context.viewer);
      const mine = (await liveSessionsOf(context.db, viewer.employeeId)).some((session) => session.id === String(id));
      if (!mine) throw new NotFoundError(String(id));
      await revokeSessions(context.db, { sessionId: String(id) }, String(id) === viewer.sessionId ? 'SIGNED_OUT' : 'SIGNED_OUT_ELSEWHERE');
      context.authority.forget(viewer.employeeId);
      return { revokedSessionId: String(id) };
    },
  }),
  signOutEverywhere: t.int({
    description: 'Signs out every session of yours (or every other one); returns how many were signed out',
    args: { keepThisOne: t.arg.boolean({ required: false, defaultValue: false }) },
    resolve: async (_root, { keepThisOne }, context) => {
      const viewer = requireViewer(context.viewer);
      const revoked = await revokeSessions(context.db, { employeeId: viewer.employeeId, except: keepThisOne ? viewer.sessionId : undefined }, 'SIGNED_OUT_ELSEWHERE');
      context.authority.forget(viewer.employeeId);
      return revoked.length;
    },
  }),
  changePassword: t.field({
    type: PasswordChangedRef,
    errors: { types: [InvalidCredentialsError, TooManyAttemptsError, ValidationError] },
    description: 'Changes your own password; every other session of yours is signed out. Admins reset others\' passwords with updateEmployee.',
    args: {
      currentPassword: t.arg.string({ required: true }),
      newPassword: t.arg.string({ required: true }),
    },
    resolve: async (_root, { currentPassword, newPassword }, context) => {
      const viewer = requireViewer(context.viewer);
      const { newPassword: password } = validate(z.object({ newPassword: passwordSchema }), { newPassword });
      const [employee] = await context.db.select({ email: employees.email, passwordHash: employees.passwordHash }).from(employees).where(eq(employees.id, viewer.employeeId));
      const account = (employee?.email ?? viewer.employeeId).toLowerCase();
      // Guessing the current password through this door is throttled like sign-in.
      const attempt = await context.loginLimiter.attempt(account, context.clientAddress);
      if (attempt.throttled) throw new TooManyAttemptsError(attempt.retryAfterSeconds);
      if (!employee?.passwordHash || !(await verifyPassword(currentPassword.slice(0, 200), employee.passwordHash))) throw new InvalidCredentialsError();
      await context.loginLimiter.succeeded(account, context.clientAddress);
      const passwordHash = await hashPassword(password);
      const signedOut = await context.db.transaction(async (tx) => {
        await tx.update(employees).set({ passwordHash }).where(eq(employees.id, viewer.employeeId));
        return revokeSessions(tx, { employeeId: viewer.employeeId, except: viewer.sessionId }, 'PASSWORD_CHANGED');
      });
      context.authority.forget(viewer.employeeId);
      return { signedOutSessions: signedOut.length };
    },
  }),
}));
