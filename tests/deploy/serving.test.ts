import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphiqlConfigElementId, type GraphiQLPageConfig } from '../../server/http/graphiql-contract';
import { compressionThresholdBytes } from '../../server/http/response-compression';
import { immutableCaching } from '../../server/http/static-files';
import { engines } from '../support/engines';
import { getRaw, requestRaw, type RawResponse } from '../support/raw-http';
import { startTestServer, type TestServer } from '../support/test-server';

const portalBuild = new URL('../../web/dist/index.html', import.meta.url).pathname;

function decoded(response: RawResponse): Buffer {
  const encoding = response.headers['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(response.body);
  if (encoding === 'gzip') return gunzipSync(response.body);
  expect(encoding, 'content-encoding').toBeUndefined();
  return response.body;
}

/** POSTs a GraphQL operation; the response body is seen as sent. */
function postRaw(url: string, body: unknown, headers: Record<string, string>): Promise<RawResponse> {
  const payload = JSON.stringify(body);
  return requestRaw(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)), ...headers },
    body: payload,
  });
}

describe('serving the portal, GraphiQL and GraphQL responses', () => {
  let server: TestServer;
  let indexHtml: string;

  beforeAll(async () => {
    if (!existsSync(portalBuild)) throw new Error('The portal is not built: run `npm run build:web` first (npm test does).');
    server = await startTestServer(engines[0]!);
    indexHtml = decoded(await getRaw(`${server.url}/`)).toString();
  });
  afterAll(() => server?.stop());

  it('sends index.html for every client route, never cached, with a style nonce of its own in its policy and its page', async () => {
    const nonces = new Set<string>();
    for (const path of ['/', '/receipts', '/employees/emp_123']) {
      const response = await getRaw(`${server.url}${path}`, { 'accept-encoding': 'br, gzip' });
      expect(response.status, path).toBe(200);
      expect(response.headers['cache-control'], path).toBe('no-store');
      const page = decoded(response).toString();
      const nonce = /<meta name="csp-nonce" content="([^"]+)"/.exec(page)?.[1];
      expect(response.headers['content-security-policy'], path).toContain(`style-src 'self' 'nonce-${nonce}'`);
      const withoutNonce = (html: string) => html.replace(/<meta name="csp-nonce" content="[^"]+" \/>/, '');
      expect(withoutNonce(page), path).toBe(withoutNonce(indexHtml));
      nonces.add(nonce!);
    }
    expect(nonces.size).toBe(3);
  });

  it('sends hashed assets precompressed as the client accepts, cached for a year as immutable', async () => {
    const assets = [...indexHtml.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const asset of assets) {
      const plain = await getRaw(`${server.url}${asset}`);
      expect(plain.headers['content-encoding'], asset).toBeUndefined();
      expect(plain.headers['cache-control'], asset).toBe(immutableCaching);
      for (const [accept, expected] of [['br, gzip', 'br'], ['gzip, deflate', 'gzip'], ['gzip, deflate, br, zstd', 'br']] as const) {
        const response = await getRaw(`${server.url}${asset}`, { 'accept-encoding': accept });
        if (plain.body.length < compressionThresholdBytes) {
          expect(response.headers['content-encoding'], `${asset} (${accept})`).toBeUndefined();
          continue;
        }
        expect(response.headers['content-encoding'], `${asset} (${accept})`).toBe(expected);
        expect(response.headers.vary, asset).toMatch(/accept-encoding/i);
        expect(response.headers['cache-control'], asset).toBe(immutableCaching);
        expect(response.body.length, asset).toBeLessThan(plain.body.length);
        expect(decoded(response).equals(plain.body), `${asset} (${accept}) decodes to the file`).toBe(true);
      }
    }
    expect((await getRaw(`${server.url}/assets/index-0000.js`)).status).toBe(404);
  });

  it('serves GraphiQL as a page without inline scripts or styles, its files cached and compressed', async () => {
    const page = await getRaw(`${server.url}/graphql`, { accept: 'text/html', 'accept-encoding': 'br, gzip' });
    expect(page.status).toBe(200);
    const html = decoded(page).toString();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    for (const [, attributes, body] of scripts) {
      // Only data may be inline: a script either loads a file or is JSON.
      expect(/\bsrc="/.test(attributes!) || / type="application\/json"/.test(attributes!), `inline script: ${attributes}`).toBe(true);
      if (/\bsrc="/.test(attributes!)) expect(body).toBe('');
    }
    expect(html).not.toMatch(/<style\b|\sstyle="/);

    const config = JSON.parse(new RegExp(`<script type="application/json" id="${graphiqlConfigElementId}">([^<]*)</script>`).exec(html)![1]!) as GraphiQLPageConfig;
    expect(config.options).toMatchObject({ title: 'StaffSync GraphiQL', subscriptionsProtocol: 'WS' });
    const files = [...html.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((match) => match[1]!);
    files.push(...Object.values(config.workers));
    expect(files.length).toBe(7);
    for (const file of files) {
      const response = await getRaw(`${server.url}${file}`, { 'accept-encoding': 'br, gzip' });
      expect(response.status, file).toBe(200);
      expect(response.headers['cache-control'], file).toBe(immutableCaching);
      if (response.body.length >= compressionThresholdBytes) expect(response.headers['content-encoding'], file).toBe('br');
    }
  });

  it('compresses GraphQL responses large enough to matter, as the client accepts, and leaves small ones and event streams alone', async () => {
    const query = '{ receipts(first: 200) { nodes { id version date amountCents currency vendor category description employee { name } } } }';
    const auth = { authorization: `Bearer ${server.tokens.admin}`, accept: 'application/graphql-response+json' };
    const plain = await postRaw(`${server.url}/graphql`, { query }, auth);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(10_000);
    for (const [accept, expected] of [['br, gzip', 'br'], ['gzip', 'gzip'], ['gzip;q=1, br;q=0.5', 'gzip'], ['identity', undefined]] as const) {
      const response = await postRaw(`${server.url}/graphql`, { query }, { ...auth, 'accept-encoding': accept });
      expect(response.status).toBe(200);
      expect(response.headers['content-encoding'], accept).toBe(expected);
      expect(response.headers.vary, accept).toMatch(/accept-encoding/i);
      expect(JSON.parse(decoded(response).toString()), accept).toEqual(JSON.parse(plain.body.toString()));
      if (expected) expect(response.body.length, accept).toBeLessThan(plain.body.length / 4);
    }

    const small = await postRaw(`${server.url}/graphql`, { query: '{ syncCursor }' }, { ...auth, 'accept-encoding': 'br, gzip' });
    expect(small.body.length).toBeLessThan(compressionThresholdBytes);
    expect(small.headers['content-encoding']).toBeUndefined();

    const stream = await new Promise<{ type: string | undefined; encoding: string | undefined }>((resolve, reject) => {
      const outgoing = request(
        `${server.url}/graphql?query=${encodeURIComponent('subscription { dataChanged { cursor } }')}`,
        { headers: { accept: 'text/event-stream', 'accept-encoding': 'br, gzip', authorization: `Bearer ${server.tokens.admin}` } },
        (response) => {
          resolve({ type: response.headers['content-type'], encoding: response.headers['content-encoding'] });
          response.destroy();
        },
      );
      outgoing.on('error', reject);
      outgoing.end();
    });
    expect(stream.type).toMatch(/^text\/event-stream/);
    // Yoga itself marks event streams `Content-Encoding: none`, telling proxies not to compress them either.
    expect(stream.encoding ?? 'none').toBe('none');
  });
});
