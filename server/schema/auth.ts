import { eq, sql } from 'drizzle-orm';
import { LoginThrottled } from '../auth/login-limiter';
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
    super(`Too many sign-in attempts; try again in ${retryAfterSeconds} s`);
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

interface SessionShape {
  token: string;
  expiresAt: Date;
  employeeId: string;
}

const SessionRef = builder.objectRef<SessionShape>('Session').implement({
  description: 'A signed-in session. Send the token as `Authorization: Bearer <token>` (HTTP) or `connectionParams.authorization` (graphql-ws).',
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'token' in value,
  fields: (t) => ({
    token: t.exposeString('token'),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    employee: t.field({ type: EmployeeRef, resolve: (session) => session.employeeId }),
  }),
});

builder.mutationFields((t) => ({
  login: t.field({
    type: SessionRef,
    errors: { types: [InvalidCredentialsError, TooManyAttemptsError] },
    args: {
      email: t.arg.string({ required: true }),
      password: t.arg.string({ required: true }),
    },
    resolve: async (_root, { email, password }, context) => {
      const normalizedEmail = email.trim().toLowerCase();
      try {
        await context.loginLimiter.check(normalizedEmail, context.clientAddress);
      } catch (error) {
        if (error instanceof LoginThrottled) throw new TooManyAttemptsError(error.retryAfterSeconds);
        throw error;
      }
      const [employee] = await context.db
        .select({ id: employees.id, passwordHash: employees.passwordHash, active: employees.active })
        .from(employees)
        .where(eq(sql`lower(${employees.email})`, normalizedEmail));
      const valid = await verifyPassword(password.slice(0, 200), employee?.passwordHash ?? decoyPasswordHash);
      if (!employee || !employee.active || !valid) {
        await context.loginLimiter.fail(normalizedEmail, context.clientAddress);
        throw new InvalidCredentialsError();
      }
      await context.loginLimiter.succeed(normalizedEmail);
      const session = await createSession(context.db, employee.id, context.config.sessionTtlMs);
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
    description: 'The signed-in employee, or null when signed out',
    resolve: (_root, _args, context) => context.viewer?.employeeId ?? null,
  }),
);
