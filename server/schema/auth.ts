import { eq, sql } from 'drizzle-orm';
import { decoyPasswordHash, verifyPassword } from '../auth/passwords';
import { createSession } from '../auth/sessions';
import { employees } from '../db/schema';
import { builder } from './builder';
import { ErrorInterface } from './errors';
import { EmployeeRef } from './refs';

/** Wrong email or password; which of the two is never said. */
export class InvalidCredentialsError extends Error {
  override name = 'InvalidCredentialsError';
  constructor() {
    super('The email or password is wrong');
  }
}

/** Too many sign-in attempts; try again after `retryAfterSeconds`. */
export class TooManyAttemptsError extends Error {
  override name = 'TooManyAttemptsError';
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many sign-in attempts; try again in ${Math.ceil(retryAfterSeconds / 60)} min`);
  }
}

/** The password was right, but the account is deactivated (said only to someone who knows the password). */
export class AccountDeactivatedError extends Error {
  override name = 'AccountDeactivatedError';
  constructor() {
    super('This account is deactivated; ask an admin to reactivate it');
  }
}

builder.objectType(InvalidCredentialsError, {
  name: 'InvalidCredentialsError',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof InvalidCredentialsError,
  fields: () => ({}),
});

builder.objectType(TooManyAttemptsError, {
  name: 'TooManyAttemptsError',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof TooManyAttemptsError,
  fields: (t) => ({ retryAfterSeconds: t.exposeInt('retryAfterSeconds') }),
});

builder.objectType(AccountDeactivatedError, {
  name: 'AccountDeactivatedError',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof AccountDeactivatedError,
  fields: () => ({}),
});

interface SessionShape {
  token: string;
  expiresAt: Date;
  sessionId: string;
  employeeId: string;
}

const SessionRef = builder.objectRef<SessionShape>('Session').implement({
  description:
    'A signed-in session. Send the token as `Authorization: Bearer <token>` (HTTP) or `connectionParams.authorization` (graphql-ws). It ends when unused until `expiresAt`; each use moves that forward, up to the server\'s maximum session length.',
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'token' in value,
  fields: (t) => ({
    token: t.exposeString('token'),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', description: 'When the session ends if it is not used before' }),
    id: t.exposeID('sessionId', { description: 'The id `sessions` lists it under, for signing it out from elsewhere' }),
    employee: t.field({ type: EmployeeRef, resolve: (session) => session.employeeId }),
  }),
});

/** The password is checked at most this long: scrypt of a megabyte costs as much as of a sentence, but why pay. */
const maxPasswordLength = 200;

builder.mutationFields((t) => ({
  login: t.field({
    type: SessionRef,
    errors: { types: [InvalidCredentialsError, TooManyAttemptsError, AccountDeactivatedError] },
    description:
      'Signs in. Wrong credentials give InvalidCredentialsError whether or not the email exists; repeated failures from one address, TooManyAttemptsError.',
    args: {
      email: t.arg.string({ required: true }),
      password: t.arg.string({ required: true }),
      deviceName: t.arg.string({ required: false, description: 'What this device calls itself, e.g. "Jordan\'s iPhone" (shown in `sessions`)' }),
    },
    resolve: async (_root, { email, password, deviceName }, context) => {
      const account = email.trim().toLowerCase().slice(0, 254);
      const attempt = await context.loginLimiter.attempt(account, context.clientAddress);
      if (attempt.throttled) throw new TooManyAttemptsError(attempt.retryAfterSeconds);
      const [employee] = await context.db
        .select({ id: employees.id, passwordHash: employees.passwordHash, active: employees.active })
        .from(employees)
        .where(eq(sql`lower(${employees.email})`, account));
      const valid = await verifyPassword(password.slice(0, maxPasswordLength), employee?.passwordHash ?? decoyPasswordHash);
      if (!employee || !valid) throw new InvalidCredentialsError();
      await context.loginLimiter.succeeded(account, context.clientAddress);
      if (!employee.active) throw new AccountDeactivatedError();
      const session = await createSession(context.db, employee.id, {
        idleTtlMs: context.config.sessionTtlMs,
        absoluteTtlMs: context.config.sessionMaxMs,
        deviceName: deviceName?.trim() ?? '',
      });
      return { ...session, employeeId: employee.id };
    },
  }),
  logout: t.boolean({
    description: 'Ends the current session; its token stops working at once, also on open sockets',
    resolve: async (_root, _args, context) => {
      if (!context.viewer) return false;
      await context.authority.signOut(context.viewer.sessionId);
      return true;
    },
  }),
}));

builder.queryField('me', (t) =>
  t.field({
    type: EmployeeRef,
    nullable: true,
    description: 'The signed-in employee',
    resolve: (_root, _args, context) => context.viewer?.employeeId ?? null,
  }),
);
