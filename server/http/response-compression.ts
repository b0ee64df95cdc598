import type { IncomingMessage, ServerResponse } from 'node:http';
import compression from 'compression';

/** Bodies smaller than this go out as they are: below about one TCP segment compression saves no round trip. */
export const compressionThresholdBytes = 1024;

/**
 * What may be compressed on the fly: GraphQL results and GraphiQL's page. Event streams (SSE) and
 * multipart results are not: a compressor holds bytes back until its buffer fills, delaying events.
 */
const compressibleType = /^(application\/json|application\/graphql-response\+json|text\/html)\s*(;|$)/i;

/**
 * Returns a function that makes a response compress what is later written to it, with brotli (quality 4)
 * or gzip as the request's Accept-Encoding prefers, when its type is compressible and its body at least
 * `compressionThresholdBytes`; it adds `Vary: Accept-Encoding`. The `compression` middleware only
 * wraps the response's methods and calls its `next` at once, so the caller goes on synchronously.
 */
export function responseCompression(): (req: IncomingMessage, res: ServerResponse) => void {
  const middleware = compression({
    threshold: compressionThresholdBytes,
    filter: (_req, res) => compressibleType.test(String(res.getHeader('content-type') ?? '')),
  });
  return (req, res) => middleware(req as Parameters<typeof middleware>[0], res as Parameters<typeof middleware>[1], () => {});
}
