import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Queryable } from '../db/client';
import { employees, sessions } from '../db/schema';
import type { Viewer } from './viewer';

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** Starts a session; the token is returned once and only its hash is kept. */
export async function createSession(
  db: Queryable,
  employeeId: string,
  ttlMs: number,
): Promise<{ token: string; expiresAt: Date }> {
  const token = `ss_${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(Date.now() + ttlMs);
  await db.insert(sessions).values({
    id: `ses_${randomUUID()}`,
    tokenHash: hashToken(token),
    employeeId,
    expiresAt,
  });
  return { token, expiresAt };
}

/** The viewer behind a bearer token, or null when the token is unknown, expired, revoked or the account inactive. */
export async function viewerForToken(db: Queryable, token: string): Promise<Viewer | null> {
  const [row] = await db
    .select({
      sessionId: sessions.id,
      expiresAt: sessions.expiresAt,
      employeeId: employees.id,
      name: employees.name,
      role: employees.role,
    })
    .from(sessions)
    .innerJoin(employees, eq(employees.id, sessions.employeeId))
    .where(
      and(
        eq(sessions.tokenHash, hashToken(token)),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, new Date()),
        eq(employees.active, true),
      ),
    );
  if (!row) return null;
  return {
    employeeId: row.employeeId,
    name: row.name,
    role: row.role,
    sessionId: row.sessionId,
    sessionExpiresAt: row.expiresAt,
  };
}

export async function revokeSession(db: Queryable, sessionId: string): Promise<void> {
  await db.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.id, sessionId));
}

/** Reads `Authorization: Bearer <token>` (or a bare token, as graphql-ws connection params may carry). */
export function bearerToken(header: unknown): string | null {
  if (typeof header !== 'string') return null;
  const match = /^(?:Bearer\s+)?(\S+)$/i.exec(header.trim());
  return match?.[1] ?? null;
}
