import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Registry } from 'prom-client';
import { bearerToken } from '../auth/sessions';

const digest = (text: string) => createHash('sha256').update(text).digest();

async function sendMetrics(registry: Registry, res: ServerResponse): Promise<void> {
  res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
  res.end(await registry.metrics());
}

/**
 * /metrics on the API's port, for a scraper that sends `Authorization: Bearer <METRICS_TOKEN>`; without
 * a configured token it does not exist there (404), so metrics are never public by default.
 */
export function metricsOnApiPort(registry: Registry, token: string | undefined) {
  const expected = token ? digest(token) : null;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!expected) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return void res.end('Not found');
    }
    const given = bearerToken(req.headers.authorization);
    if (!given || !timingSafeEqual(digest(given), expected)) {
      res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' });
      return void res.end('Send Authorization: Bearer <METRICS_TOKEN>');
    }
    return sendMetrics(registry, res);
  };
}

/** /metrics alone on a port of its own (METRICS_PORT), for a scraper on a private network; bound to METRICS_HOST. */
export async function listenForMetrics(registry: Registry, port: number, host: string): Promise<Server> {
  const server = createServer((req, res) => {
    if ((req.url ?? '/').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return void res.end('Not found');
    }
    sendMetrics(registry, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host }, () => resolve());
  });
  return server;
}
