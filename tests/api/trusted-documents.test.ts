import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dayjs from 'dayjs';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startApp } from '../../server/app';
import { ConfigError, readConfig } from '../../server/config';
import { demoPassword } from '../../server/db/seed-demo';
import { engines } from '../support/engines';
import { demoIds } from '../support/fixtures';
import { demoSignIn, persistedQuery, startTestServer, type TestServer } from '../support/test-server';

const portalManifest = new URL('../../web/dist/.vite/trusted-documents.json', import.meta.url).pathname;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** What a mobile build would list: its operations, by hash. */
const mobileReceipts = 'query MobileReceipts { receipts(first: 5) { nodes { id vendor } } }';
const mobileLive = 'subscription MobileLive { dataChanged(type: RECEIPT) { action node { ... on Receipt { vendor } } } }';
const mobileCreate = 'mutation MobileCreate($input: CreateReceiptInput!) { createReceipt(input: $input) { __typename } }';

/** One operation over HTTP: POST with a body, or GET with the parameters in the URL, as urql sends hashed queries. */
async function send(server: TestServer, body: { query?: string; variables?: object; extensions?: object }, options: { token?: string; method?: 'GET' | 'POST' } = {}) {
  const headers = { accept: 'application/graphql-response+json, application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) };
  const response =
    options.method === 'GET'
      ? await fetch(`${server.url}/graphql?${new URLSearchParams(Object.entries(body).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]))}`, { headers })
      : await fetch(`${server.url}/graphql`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> } };
}

/** The first event of a subscription sent over graphql-ws as `payload`, or the errors it ended with. */
function firstEvent(server: TestServer, token: string, payload: { query: string; extensions?: Record<string, unknown> }, trigger: () => Promise<unknown>): Promise<unknown> {
  const client = createClient({ url: server.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization: `Bearer ${token}` } });
  return new Promise((resolve, reject) => {
    let triggered = false;
    client.on('connected', () => {
      // Nothing says when the server has registered the subscription: write until an event arrives.
      if (!triggered) {
        triggered = true;
        const writeUntilSeen = setInterval(() => void trigger(), 300);
        client.on('closed', () => clearInterval(writeUntilSeen));
        void trigger();
      }
    });
    client.subscribe(payload, {
      next: (result) => {
        resolve(result);
        void client.dispose();
      },
      error: (error) => {
        reject(error instanceof Error ? error : new Error(JSON.stringify(error)));
        void client.dispose();
      },
      complete: () => void client.dispose(),
    });
  });
}

describe('trusted documents: operations sent by hash', () => {
  let folder: string;
  let manifest: string;

  beforeAll(() => {
    if (!existsSync(portalManifest)) throw new Error('The portal is not built: run `npm run build:web` first (npm test does).');
    folder = mkdtempSync(join(tmpdir(), 'staffsync-trusted-'));
    manifest = join(folder, 'mobile.json');
    const documents = [mobileReceipts, mobileLive, mobileCreate, demoSignIn.text];
    // A mobile team's tool may write keys as "sha256:<hex>".
    writeFileSync(manifest, JSON.stringify(Object.fromEntries(documents.map((text) => [`sha256:${sha256(text)}`, text]))));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  describe('by default, text runs too', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer(engines[0]!);
    });
    afterAll(() => server?.stop());

    it("runs the portal's operations by hash alone, over POST and GET", async () => {
      const portal = JSON.parse(readFileSync(portalManifest, 'utf8')) as Record<string, string>;
      const [signInHash] = Object.entries(portal).find(([, text]) => text.startsWith('mutation SignInPage_Login'))!;
      const signedIn = await send(server, { variables: { email: 'admin@staffsync.example', password: demoPassword }, extensions: { persistedQuery: { version: 1, sha256Hash: signInHash } } });
      expect(signedIn.body.data.login.token).toMatch(/^ss_/);
      const [costCentersHash] = Object.entries(portal).find(([, text]) => text.startsWith('query CostCenterSelect_CostCenters'))!;
      const viaGet = await send(server, { extensions: { persistedQuery: { version: 1, sha256Hash: costCentersHash } } }, { method: 'GET', token: server.tokens.admin });
      expect(viaGet.body.data.costCenters.length).toBeGreaterThan(0);
    });

    it('asks for the text of an unknown hash, then runs it (automatic persisted queries)', async () => {
      const unknown = { persistedQuery: { version: 1, sha256Hash: sha256(mobileReceipts) } };
      const miss = await send(server, { extensions: unknown }, { token: server.tokens.employee });
      expect(miss.body.errors).toEqual([expect.objectContaining({ message: 'PersistedQueryNotFound', extensions: expect.objectContaining({ code: 'PERSISTED_QUERY_NOT_FOUND' }) })]);
      const withText = await send(server, { query: mobileReceipts, extensions: unknown }, { token: server.tokens.employee });
      expect(withText.body.data.receipts.nodes.length).toBeGreaterThan(0);
      expect(await server.metrics()).toMatch(/staffsync_documents_total\{source="unknown_hash"\} [1-9]/);
    });
  });

  describe('with DOCUMENTS=trusted, only known documents run', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer(engines[0]!, { env: { DOCUMENTS: 'trusted', TRUSTED_DOCUMENTS: manifest } });
    });
    afterAll(() => server?.stop());

    it('runs a listed document sent by hash, over POST and GET', async () => {
      const byHash = { extensions: persistedQuery(mobileReceipts) };
      expect((await send(server, byHash, { token: server.tokens.employee })).body.data.receipts.nodes.length).toBeGreaterThan(0);
      expect((await send(server, byHash, { token: server.tokens.employee, method: 'GET' })).body.data.receipts.nodes.length).toBeGreaterThan(0);
    });

    it('refuses text, even of a listed document, and unknown hashes, with typed errors and HTTP 400 for text', async () => {
      const text = await send(server, { query: mobileReceipts }, { token: server.tokens.employee });
      expect(text.status).toBe(400);
      expect(text.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_ONLY');
      const unknownWithText = await send(server, { query: '{ employees(first: 1000) { nodes { email } } }', extensions: { persistedQuery: { version: 1, sha256Hash: sha256('anything else') } } }, { token: server.tokens.admin });
      expect(unknownWithText.body.data ?? null).toBeNull();
      expect(unknownWithText.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    });

    it('holds on WebSocket too: a listed subscription by hash delivers, text is refused', async () => {
      const ids = await demoIds(server.app.services.db);
      const vendor = `Trusted ${Math.random().toString(36).slice(2, 8)}`;
      const createReceipt = () =>
        send(
          server,
          { variables: { input: { costCenterId: ids.field, date: dayjs().format('YYYY-MM-DD'), amountCents: 500, vendor, category: 'OTHER' } }, extensions: persistedQuery(mobileCreate) },
          { token: server.tokens.employee },
        );
      const event = await firstEvent(server, server.tokens.employee, { query: '', extensions: persistedQuery(mobileLive) }, createReceipt);
      expect(event).toMatchObject({ data: { dataChanged: { action: 'CREATE', node: { vendor } } } });
      await expect(firstEvent(server, server.tokens.employee, { query: mobileLive }, async () => {})).rejects.toThrow(/PERSISTED_QUERY_ONLY/);
    });
  });

  it('refuses to start with a manifest that lists a document under another hash', async () => {
    const forged = join(folder, 'forged.json');
    writeFileSync(forged, JSON.stringify({ [sha256(mobileReceipts)]: '{ employees(first: 1000) { nodes { email } } }' }));
    const config = readConfig({ PORT: '0', DATA_DIR: 'memory://', LOG_LEVEL: 'silent', DOCUMENTS: 'trusted', TRUSTED_DOCUMENTS: forged });
    await expect(startApp({ config })).rejects.toThrow(ConfigError);
  });
});
