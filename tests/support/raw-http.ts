import { request, type IncomingHttpHeaders } from 'node:http';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body exactly as it crossed the wire: still compressed when the server compressed it. */
  body: Buffer;
}

/** Sends one request with node:http, which (unlike fetch) never decodes the response, so its length is the bytes sent. */
export function requestRaw(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: options.method ?? 'GET', headers: options.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

/** GETs `url` as sent (see requestRaw). */
export const getRaw = (url: string, headers: Record<string, string> = {}) => requestRaw(url, { headers });
