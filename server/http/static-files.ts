import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import sirv from 'sirv';

const portalDirectory = new URL('../../web/dist', import.meta.url).pathname;

/** Serves the built portal, with index.html for client-side routes; a hint when it was not built. */
export function portalHandler(): (req: IncomingMessage, res: ServerResponse) => void {
  if (!existsSync(portalDirectory)) {
    return (_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The portal is not built. Run `npm run build:web` (npm start does it), or open /graphql for GraphiQL.\n');
    };
  }
  const serve = sirv(portalDirectory, { single: true, etag: true, gzip: false });
  return (req, res) =>
    serve(req, res, () => {
      res.writeHead(404);
      res.end();
    });
}
