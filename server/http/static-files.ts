import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import sirv from 'sirv';
import { projectPath } from '../project-root';

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
 * per request. Hashed files are cached for a year (`immutable`); others, index.html above all, are
 * revalidated (`no-cache`, with an ETag).
 */
export function portalHandler(): (req: IncomingMessage, res: ServerResponse) => void {
  if (!existsSync(portalDirectory)) {
    return (_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The portal is not built. Run `npm run build:web` (npm start does it).\n');
    };
  }
  const serve = sirv(portalDirectory, {
    single: true,
    etag: true,
    brotli: true,
    gzip: true,
    setHeaders: (res, pathname) => {
      const hashed = hashedFolders.some((folder) => pathname.startsWith(folder));
      res.setHeader('Cache-Control', hashed ? immutableCaching : revalidateCaching);
    },
  });
  return (req, res) =>
    serve(req, res, () => {
      res.writeHead(404);
      res.end();
    });
}
