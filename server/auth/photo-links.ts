import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Queryable } from '../db/client';
import { signingKeys } from '../db/schema';
import type { PhotoVariant } from '../photos/photo-store';

/** How long a photo link works at least; links made within one `linkWindowMs` share their expiry. */
export const photoLinkTtlMs = 10 * 60_000;

/**
 * Expiries are rounded up to a window, so the links a client is given for one photo stay the same for a
 * while: the browser's cache and the portal's normalized cache do not see a new URL on every refetch.
 */
const linkWindowMs = 5 * 60_000;

const keyName = 'photo-links';

export interface SignedPhotoLink {
  /** A path on this server: /photos/<photo id>/<variant>?by=…&expires=…&sig=… */
  url: string;
  expiresAt: Date;
}

export function photoPath(photoId: string, variant: PhotoVariant): string {
  return `/photos/${encodeURIComponent(photoId)}/${variant}`;
}

/**
 * Signs and checks links to one file of one photo, for an `<img>` that cannot send a bearer header. A
 * link names the employee it was made for and its expiry, and carries an HMAC over both and the path
 * under a key every instance shares (kept in the database). It is bound to the employee rather than a
 * session because a subscription delivers one result to all of an employee's sessions; the server checks,
 * when the link is opened, that the employee may still see the receipt (rules.ts, their current record).
 */
export class PhotoLinks {
  private constructor(private readonly key: Buffer) {}

  /** Reads the shared key, making it first if no instance has yet (concurrent starts agree on one). */
  static async open(db: Queryable): Promise<PhotoLinks> {
    await db.insert(signingKeys).values({ name: keyName, secret: randomBytes(32) }).onConflictDoNothing();
    const [row] = await db.select({ secret: signingKeys.secret }).from(signingKeys).where(eq(signingKeys.name, keyName));
    if (!row) throw new Error('the photo link key vanished after it was written');
    return new PhotoLinks(row.secret);
  }

  sign(employeeId: string, photoId: string, variant: PhotoVariant, now = Date.now()): SignedPhotoLink {
    const expires = Math.ceil((now + photoLinkTtlMs) / linkWindowMs) * linkWindowMs;
    const path = photoPath(photoId, variant);
    const params = new URLSearchParams({ by: employeeId, expires: String(expires), sig: this.mac(path, employeeId, expires) });
    return { url: `${path}?${params.toString()}`, expiresAt: new Date(expires) };
  }

  /** The employee a link was made for, or null when it is malformed, altered or expired. */
  verify(path: string, params: URLSearchParams, now = Date.now()): { employeeId: string; expiresAt: Date } | null {
    const employeeId = params.get('by');
    const expires = Number(params.get('expires'));
    const signature = params.get('sig');
    if (!employeeId || !signature || !Number.isSafeInteger(expires) || expires < now) return null;
    // A link valid for longer than any this server makes was not made by it.
    if (expires > now + photoLinkTtlMs + linkWindowMs) return null;
    const expected = Buffer.from(this.mac(path, employeeId, expires));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    return { employeeId, expiresAt: new Date(expires) };
  }

  private mac(path: string, employeeId: string, expires: number): string {
    return createHmac('sha256', this.key).update(`${path}\n${employeeId}\n${expires}`).digest('base64url');
  }
}
