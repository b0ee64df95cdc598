import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import sirv from 'sirv';
import { projectPath } from '../project-root';
import { newNonce, portalPolicy } from './security-headers';

/** The portal build (`npm run build:web`), GraphiQL's files included. */
export const portalDirectory = projectPath('web', 'dist');

/** Folders whose file names carry a hash of their content: a changed file gets a new name. */
const hashedFolders = ['/assets/', '/graphiql/'];

/** Cache-Control for hashed files: a year, never revalidated. */
export const immutableCaching = 'public, max-age=31536000, immutable';
/** Cache-Control for everything else (index.html above all): revalidate every time, 304 if unchanged. */
export const revalidateCaching = 'no-cache';

/**
 * Serves the built portal, with index.html for client-side routes; a hint when it was not built. The
 * build writes a brotli (.br) and a gzip (.gz) copy beside each file worth compressing, and the one the
 * request's Accept-Encoding allows is sent (with `Vary: Accept-Encoding`), so nothing is compressed
 * per request. Hashed files are cached for a year (`immutable`); others are revalidated (`no-cache`,
 * with an ETag), except index.html, which carries a nonce of its own each time (see sendPage).
 */
export function portalHandler(): (req: IncomingMessage, res: ServerResponse) => void {
  if (!existsSync(portalDirectory)) {
    return (_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The portal is not built. Run `npm run build:web` (npm start does it).\n');
    };
  }
  const page = readFileSync(join(portalDirectory, 'index.html'), 'utf8');
  const serve = sirv(portalDirectory, {
    etag: true,
    brotli: true,
    gzip: true,
    setHeaders: (res, pathname) => {
      const hashed = hashedFolders.some((folder) => pathname.startsWith(folder));
      res.setHeader('Cache-Control', hashed ? immutableCaching : revalidateCaching);
    },
  });
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    // Client-side routes and the page itself: index.html, with this response's style nonce.
    if (!extname(path) || path.endsWith('.html')) return sendPage(res, page);
    serve(req, res, () => {
      res.writeHead(404);
      res.end();
    });
  };
}

/**
 * Sends the portal's page with a nonce of its own, in its Content-Security-Policy and in a meta element
 * the portal hands its UI library (which creates style elements). Never cached: a cached page would
 * carry another response's nonce.
 */
function sendPage(res: ServerResponse, page: string): void {
  const nonce = newNonce();
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': portalPolicy(nonce),
  });
  res.end(page.replace('<head>', `<head>\n    <meta name="csp-nonce" content="${nonce}" />`));
}
