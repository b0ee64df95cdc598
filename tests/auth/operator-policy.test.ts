import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { serializeError } from '../../server/observability/safe-error';
import { engines } from '../support/engines';
import { graphqlData, postGraphQL } from '../support/graphql-client';
import { openEventStream } from '../support/event-stream';
import { rawClient } from '../support/raw-websocket';
import { startTestServer, testMetricsToken, type TestServer } from '../support/test-server';
import { freePort } from '../support/throwaway-postgres';

const introspection = '{ __schema { queryType { name } } }';

describe('in production: introspection, GraphiQL and hints', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(engines[0]!, { env: { NODE_ENV: 'production' } });
  });
  afterAll(() => server?.stop());

  it('answers introspection to signed-in users only, over HTTP and a socket', async () => {
    const anonymous = await postGraphQL(server.url, introspection);
    expect([anonymous.status, anonymous.body.errors?.[0]?.extensions?.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect((await graphqlData(server.url, introspection, {}, server.tokens.employee)).__schema.queryType.name).toBe('Query');
    const socket = await rawClient(server.wsUrl);
    socket.send({ type: 'connection_init', payload: { authorization: `Bearer ${server.tokens.employee}` } });
    await socket.next('connection_ack');
    socket.send({ id: 'i', type: 'subscribe', payload: { query: introspection } });
    expect((await socket.next('next', 'i')).payload).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    socket.socket.close(1000);
  });

  it('serves no GraphiQL page', async () => {
    const page = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toMatch(/graphiql/i);
  });

  it('gives no "Did you mean" hints, neither in validation nor for variables, on HTTP and event streams', async () => {
    const literal = await postGraphQL(server.url, '{ changes(types: [RECIPT]) { __typename } }', {}, server.tokens.admin);
    const variable = await postGraphQL(server.url, 'query ($t: [DataType!]) { changes(types: $t) { __typename } }', { t: ['RECIPT'] }, server.tokens.admin);
    const field = await postGraphQL(server.url, '{ receipt { id } }', {}, server.tokens.admin);
    for (const { body } of [literal, variable, field]) {
      expect(body.errors?.length).toBeGreaterThan(0);
      expect(JSON.stringify(body.errors)).not.toMatch(/Did you mean/);
    }
    const stream = openEventStream(server.url, server.tokens.admin, { type: 'RECIPT' });
    await stream.ended;
    expect(stream.errors.length).toBeGreaterThan(0);
    expect(JSON.stringify(stream.errors)).not.toMatch(/Did you mean/);
  });
});

describe('with introspection turned off', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(engines[0]!, { env: { INTROSPECTION: 'off' } });
  });
  afterAll(() => server?.stop());

  it('refuses it to everyone, admins included', async () => {
    const { status, body } = await postGraphQL(server.url, introspection, {}, server.tokens.admin);
    expect([status, body.errors?.[0]?.extensions?.code]).toEqual([403, 'FORBIDDEN']);
  });
});

describe('/metrics access', () => {
  it('is not served at all unless configured', async () => {
    const server = await startTestServer(engines[0]!, { env: { METRICS_TOKEN: '' } });
    try {
      expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
    } finally {
      await server.stop();
    }
  });

  it('with METRICS_TOKEN, needs the token; with METRICS_PORT, lives on its own port', async () => {
    const port = await freePort();
    const server = await startTestServer(engines[0]!, { env: { METRICS_PORT: String(port) } });
    try {
      expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
      expect((await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-of-some-length' } })).status).toBe(401);
      expect(await server.metrics()).toMatch(/^staffsync_open_sockets /m);
      const own = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(own.status).toBe(200);
      expect(await own.text()).toMatch(/^staffsync_open_sockets /m);
      expect((await fetch(`http://127.0.0.1:${port}/graphql`)).status).toBe(404);
    } finally {
      await server.stop();
    }
  });

  it('stays small whatever operation names clients choose: mutations are labelled by root field', async () => {
    const server = await startTestServer(engines[0]!);
    try {
      const sizeBefore = (await server.metrics()).length;
      await Promise.all(
        Array.from({ length: 300 }, (_, index) =>
          postGraphQL(server.url, `mutation Name${index}${'x'.repeat(index % 7 === 0 ? 3_000 : 10)} { logout }`, {}, server.tokens.supervisor),
        ),
      );
      const metrics = await server.metrics();
      const labels = new Set([...metrics.matchAll(/staffsync_mutation_duration_seconds_count\{mutation="([^"]*)"\}/g)].map((match) => match[1]));
      // The test server's own sign-ins, and the 300 sign-outs: two labels, whatever the 300 names.
      expect(labels).toEqual(new Set(['login', 'logout']));
      expect(metrics.length - sizeBefore).toBeLessThan(5_000);
      expect(metrics).not.toContain('Name1');
    } finally {
      await server.stop();
    }
  });
});

describe('logs', () => {
  it('never carry a failed query\'s statement or values', () => {
    const failed = new DrizzleQueryError('select * from employees where email = $1 and password_hash = $2', ['someone@example.com', 'scrypt$secret'], new Error('boom'));
    const serialized = JSON.stringify(serializeError(failed));
    expect(serialized).not.toMatch(/someone@example\.com|scrypt\$secret|password_hash/);
    expect(serialized).toContain('boom');
  });

  it('never carry what a request sent when it fails in the database, and bad text is refused before it', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const server = await startTestServer(engines[0]!, { app: { log: pino({ level: 'debug' }, sink) } });
    try {
      const nul = await postGraphQL(server.url, 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { __typename } }', { e: 'jordan@staffsync.example\u0000', p: 'my-secret-password' });
      expect(nul.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      for (const [query, variables] of [
        ['query ($id: ID!) { node(id: $id) { id } }', { id: 'rcp_\u0000' }],
        ['query ($s: String) { employees(filter: { search: $s }) { totalCount } }', { s: 'a\u0000b' }],
        ['query ($from: Date) { receipts(filter: { from: $from }) { totalCount } }', { from: '2026-02-30' }],
        ['query ($from: Date) { receipts(filter: { from: $from }) { totalCount } }', { from: '\u00002026-01-01' }],
        ['mutation ($k: String) { createReceipt(input: { costCenterId: "x", date: "2026-01-01", amountCents: 1, vendor: "v", category: OTHER }, idempotencyKey: $k) { __typename } }', { k: 'key\u0000' }],
        ['query ($s: String) { employees(filter: { search: $s }) { totalCount } }', { s: '\uD800 lone surrogate' }],
        // A NUL written into the operation itself, twice: the second time the parsed document comes from Yoga's cache.
        ['query { employees(filter: { search: "a\\u0000b" }) { totalCount } }', {}],
        ['query { employees(filter: { search: "a\\u0000b" }) { totalCount } }', {}],
      ] as const) {
        const { body } = await postGraphQL(server.url, query, variables, server.tokens.admin);
        expect(body.errors?.[0]?.extensions?.code, query).toBe('BAD_USER_INPUT');
      }
      // A value the database refuses (a trip too long for its column) fails in the driver, with values.
      await postGraphQL(server.url, 'mutation ($input: CreateMileageEntryInput!) { createMileageEntry(input: $input) { __typename } }', {
        input: { date: '2026-01-05', startLocation: 'secret-start-location', endLocation: 'b', miles: 1e12, purpose: 'p', costCenterId: 'cc_x' },
      }, server.tokens.employee);
      const log = lines.join('');
      expect(log).not.toContain('my-secret-password');
      expect(log).not.toContain('secret-start-location');
      expect(log).not.toMatch(/params:/);
    } finally {
      await server.stop();
    }
  });
});
