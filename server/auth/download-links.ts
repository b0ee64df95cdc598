import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Queryable } from '../db/client';
import { employees, sessions } from '../db/schema';
import type { Viewer } from './viewer';

/** How long a download link works: long enough to click, short enough that a leaked one soon expires. */
export const downloadLinkTtlMs = 5 * 60_000;

const signatureParameter = 'sig';

/** The request a link stands for: the path and its parameters (without the signature), in a fixed order. */
function canonicalRequest(path: string, params: URLSearchParams): string {
  const entries = [...params].filter(([name]) => name !== signatureParameter).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${path}?${new URLSearchParams(entries).toString()}`;
}

function mac(tokenHash: string, sessionId: string, expires: number, request: string): string {
  return createHmac('sha256', tokenHash).update(`${sessionId}\n${expires}\n${request}`).digest('base64url');
}

/** The session behind a link, with the key its links are signed with (the stored hash of its bearer token). */
async function liveSession(db: Queryable, sessionId: string): Promise<(Viewer & { tokenHash: string }) | null> {
  const [row] = await db
    .select({ sessionId: sessions.id, tokenHash: sessions.tokenHash, expiresAt: sessions.expiresAt, employeeId: employees.id, name: employees.name, role: employees.role })
    .from(sessions)
    .innerJoin(employees, eq(employees.id, sessions.employeeId))
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date()), eq(employees.active, true)));
  if (!row) return null;
  return { employeeId: row.employeeId, name: row.name, role: row.role, sessionId: row.sessionId, sessionExpiresAt: row.expiresAt, tokenHash: row.tokenHash };
}

/**
 * A URL (path and query) that downloads `path` with `params` as the viewer, without a bearer header:
 * a browser link cannot send one. It names the session and an expiry and carries an HMAC keyed by the
 * session's stored token hash, so any instance can check it, and signing out ends it at once.
 */
export async function signDownloadLink(db: Queryable, viewer: Viewer, path: string, params: URLSearchParams, now = Date.now()): Promise<{ url: string; expiresAt: Date }> {
  const session = await liveSession(db, viewer.sessionId);
  if (!session) throw new Error('the session of a signed-in viewer vanished');
  const expires = now + downloadLinkTtlMs;
  const signature = `${viewer.sessionId}.${expires}.${mac(session.tokenHash, viewer.sessionId, expires, canonicalRequest(path, params))}`;
  const signed = new URLSearchParams(params);
  signed.set(signatureParameter, signature);
  return { url: `${path}?${signed.toString()}`, expiresAt: new Date(expires) };
}

/** The viewer a signed link was made for, or null when it is malformed, altered, expired or its session ended. */
export async function viewerForDownloadLink(db: Queryable, path: string, params: URLSearchParams, now = Date.now()): Promise<Viewer | null> {
  const [sessionId, expiresText, signature] = (params.get(signatureParameter) ?? '').split('.');
  const expires = Number(expiresText);
  if (!sessionId || !signature || !Number.isSafeInteger(expires) || expires < now || sessionId.length > 100) return null;
  const session = await liveSession(db, sessionId);
  if (!session) return null;
  const expected = Buffer.from(mac(session.tokenHash, sessionId, expires, canonicalRequest(path, params)));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const { tokenHash: _key, ...viewer } = session;
  return viewer;
}
