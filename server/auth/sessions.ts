import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, desc, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client';
import { employees, sessions } from '../db/schema';
import type { Viewer } from './viewer';

/** NOTIFY channel on which any instance announces that a session ended (payload: `<session id> <reason>`). */
export const sessionEndedChannel = 'staffsync_sessions';

/** Why a session was revoked, stored with it and told to the client that still holds its token. */
export type RevokedReason = 'SIGNED_OUT' | 'SIGNED_OUT_ELSEWHERE' | 'PASSWORD_CHANGED' | 'DEACTIVATED';

/** Why a bearer token does not sign anyone in. */
export type TokenFailure = 'INVALID_TOKEN' | 'SESSION_EXPIRED' | 'SESSION_REVOKED' | 'ACCOUNT_DEACTIVATED';

export type TokenCheck = { viewer: Viewer; failure?: undefined } | { viewer?: undefined; failure: TokenFailure };

/** A session's use is recorded at most this often, so a busy client does not write on every request. */
export const lastUseResolutionMs = 60_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export interface SessionLifetime {
  /** A session unused for this long ends; each use moves its end forward. */
  idleTtlMs: number;
  /** However much it is used, a session ends this long after sign-in. Default: `idleTtlMs`. */
  absoluteTtlMs?: number;
  /** What the client calls itself ("Jordan's iPhone"), shown in the sessions list. */
  deviceName?: string;
}

/** Starts a session; the token is returned once and only its hash is kept. */
export async function createSession(
  db: Queryable,
  employeeId: string,
  lifetime: number | SessionLifetime,
): Promise<{ token: string; expiresAt: Date; sessionId: string }> {
  const { idleTtlMs, absoluteTtlMs = idleTtlMs, deviceName = '' } = typeof lifetime === 'number' ? { idleTtlMs: lifetime } : lifetime;
  const token = `ss_${randomBytes(32).toString('base64url')}`;
  const now = Date.now();
  const absoluteExpiresAt = new Date(now + absoluteTtlMs);
  const expiresAt = new Date(Math.min(now + idleTtlMs, absoluteExpiresAt.getTime()));
  const sessionId = `ses_${randomUUID()}`;
  await db.insert(sessions).values({
    id: sessionId,
    tokenHash: hashToken(token),
    employeeId,
    expiresAt,
    absoluteExpiresAt,
    lastUsedAt: new Date(now),
    deviceName: deviceName.slice(0, 100),
  });
  return { token, expiresAt, sessionId };
}

/**
 * Who a bearer token signs in, or why it does not: unknown, expired, revoked, or its account
 * deactivated. A use moves an idle session's end forward (recorded at most once a minute).
 */
export async function checkToken(db: Queryable, token: string, idleTtlMs: number): Promise<TokenCheck> {
  const [row] = await db
    .select({
      sessionId: sessions.id,
      expiresAt: sessions.expiresAt,
      absoluteExpiresAt: sessions.absoluteExpiresAt,
      lastUsedAt: sessions.lastUsedAt,
      revokedAt: sessions.revokedAt,
      employeeId: employees.id,
      name: employees.name,
      role: employees.role,
      active: employees.active,
    })
    .from(sessions)
    .innerJoin(employees, eq(employees.id, sessions.employeeId))
    .where(eq(sessions.tokenHash, hashToken(token)));
  if (!row) return { failure: 'INVALID_TOKEN' };
  if (row.revokedAt) return { failure: 'SESSION_REVOKED' };
  const now = Date.now();
  if (row.expiresAt.getTime() <= now) return { failure: 'SESSION_EXPIRED' };
  if (!row.active) return { failure: 'ACCOUNT_DEACTIVATED' };
  let expiresAt = row.expiresAt;
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > lastUseResolutionMs) {
    expiresAt = new Date(Math.min(now + idleTtlMs, (row.absoluteExpiresAt ?? row.expiresAt).getTime()));
    await db.update(sessions).set({ lastUsedAt: new Date(now), expiresAt }).where(eq(sessions.id, row.sessionId));
  }
  return { viewer: { employeeId: row.employeeId, name: row.name, role: row.role, sessionId: row.sessionId, sessionExpiresAt: expiresAt } };
}

/** When a live session ends now (it may have slid forward since a transport signed in), or null when it ended. */
export async function liveSessionEnd(db: Queryable, sessionId: string): Promise<Date | null> {
  const [row] = await db
    .select({ expiresAt: sessions.expiresAt })
    .from(sessions)
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date())));
  return row?.expiresAt ?? null;
}

/**
 * Revokes sessions and tells every instance (the NOTIFY is delivered when `db`'s transaction commits), so
 * what they hold open closes at once. Returns the ids revoked.
 */
export async function revokeSessions(
  db: Queryable,
  which: { sessionId: string } | { employeeId: string; except?: string },
  reason: RevokedReason,
): Promise<string[]> {
  const target =
    'sessionId' in which
      ? eq(sessions.id, which.sessionId)
      : and(eq(sessions.employeeId, which.employeeId), which.except ? ne(sessions.id, which.except) : undefined);
  const revoked = await db
    .update(sessions)
    .set({ revokedAt: new Date(), revokedReason: reason })
    .where(and(target, isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  for (const { id } of revoked) await db.execute(sql`select pg_notify(${sessionEndedChannel}, ${`${id} ${reason}`})`);
  return revoked.map(({ id }) => id);
}

export interface SessionSummary {
  id: string;
  deviceName: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date;
}

/** An employee's live sessions, most recently used first. */
export async function liveSessionsOf(db: Queryable, employeeId: string): Promise<SessionSummary[]> {
  return db
    .select({ id: sessions.id, deviceName: sessions.deviceName, createdAt: sessions.createdAt, lastUsedAt: sessions.lastUsedAt, expiresAt: sessions.expiresAt })
    .from(sessions)
    .where(and(eq(sessions.employeeId, employeeId), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date())))
    .orderBy(desc(sessions.lastUsedAt), desc(sessions.createdAt))
    .limit(100);
}

/** Reads `Authorization: Bearer <token>` (or a bare token, as graphql-ws connection params may carry). */
export function bearerToken(header: unknown): string | null {
  if (typeof header !== 'string') return null;
  const match = /^(?:Bearer\s+)?(\S+)$/i.exec(header.trim());
  return match?.[1] ?? null;
}
