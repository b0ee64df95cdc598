import type { IncomingMessage, ServerResponse } from 'node:http';
import { eq } from 'drizzle-orm';
import { canAccessEmployee, currentScope } from '../auth/rules';
import type { Services } from '../context';
import { receiptPhotos, receipts } from '../db/schema';
import { photoVariants, type PhotoVariant } from '../photos/photo-store';

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** `/photos/<id>/<variant>` split, or null for any other path. */
function parsePath(pathname: string): { photoId: string; variant: PhotoVariant } | null {
  const match = /^\/photos\/([A-Za-z0-9_-]{1,100})\/([a-z]+)$/.exec(pathname);
  const variant = photoVariants.find((known) => known === match?.[2]);
  return match && variant ? { photoId: match[1]!, variant } : null;
}

/**
 * GET /photos/<photo id>/<original|thumbnail>: one file of a receipt photo, for a link signed for an
 * employee (Receipt.photo's URLs). Before anything is read the signature and expiry are checked; then the
 * employee's current rights (rules.ts) must still reach the receipt's owner, so a link outlives neither
 * its few minutes nor its holder's access. The answer may be kept by that browser only, until the link expires.
 */
export async function handlePhoto(services: Services, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const target = parsePath(url.pathname);
  if (!target) return sendJson(res, 404, { error: 'no such photo' });
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'photos are GET requests' });
  const link = services.photoLinks.verify(url.pathname, url.searchParams);
  if (!link) return sendJson(res, 403, { error: 'this photo link is not valid or has expired; ask the API for the receipt again' });
  const [photo] = await services.db
    .select({ contentType: receiptPhotos.contentType, ownerId: receipts.employeeId })
    .from(receiptPhotos)
    .innerJoin(receipts, eq(receipts.id, receiptPhotos.receiptId))
    .where(eq(receiptPhotos.id, target.photoId));
  if (!photo || !canAccessEmployee(await currentScope(services.db, link.employeeId), photo.ownerId)) {
    return sendJson(res, 404, { error: 'no such photo' });
  }
  const bytes = await services.photoStore.get(target.photoId, target.variant);
  if (!bytes) return sendJson(res, 404, { error: 'no such photo' });
  const contentType = target.variant === 'thumbnail' ? 'image/jpeg' : photo.contentType;
  const secondsLeft = Math.max(0, Math.floor((link.expiresAt.getTime() - Date.now()) / 1000));
  res.writeHead(200, {
    'content-type': contentType,
    'content-length': bytes.length,
    // Private: shared caches (proxies, CDNs) never keep a receipt; the browser only while the link works.
    'cache-control': `private, max-age=${secondsLeft}`,
    'x-content-type-options': 'nosniff',
    // A PDF is downloaded rather than opened on this origin; images show inline.
    'content-disposition': contentType === 'application/pdf' ? 'attachment; filename="receipt.pdf"' : 'inline',
  });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}
