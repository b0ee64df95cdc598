import dayjs from 'dayjs';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createSession } from '../../server/auth/sessions';
import { engines } from '../support/engines';
import { demoIds } from '../support/fixtures';
import { graphql, graphqlData, postGraphQL } from '../support/graphql-client';
import { rawClient } from '../support/raw-websocket';
import { subscribe, subscribeFromNow } from '../support/subscriber';
import { startTestServer, type TestServer } from '../support/test-server';

describe.each(engines)('hostile input on $name', (engine) => {
  let server: TestServer;
  let ids: Awaited<ReturnType<typeof demoIds>>;

  beforeAll(async () => {
    server = await startTestServer(engine, { env: { NODE_ENV: 'production' } });
    ids = await demoIds(server.app.services.db);
  });
  afterAll(() => server?.stop());

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const stillServes = async () => {
    const data = await graphqlData(server.url, '{ me { name } }', {}, server.tokens.admin);
    expect(data.me.name).toBe('Avery Admin');
  };

  it('refuses an oversized body with 413 before reading it', async () => {
    const response = await post(JSON.stringify({ query: `{ me { name } } # ${'x'.repeat(2 * 1024 * 1024)}` }));
    expect(response.status).toBe(413);
    await stillServes();
  });

  it('reads no more of a body than its Content-Length declares, however much follows it', async () => {
    const query = JSON.stringify({ query: '{ __typename }' });
    const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    const closed = new Promise((resolve) => socket.on('close', resolve));
    socket.write(`POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${query.length}\r\n\r\n${query}`);
    // Two megabytes past the declared end: not more body but the start of a next request, which is not a
    // valid one, so the connection ends with 400 (whether or not the first answer made it out first).
    socket.end('x'.repeat(2 * 1024 * 1024));
    await closed;
    expect(answer).toMatch(/^(HTTP\/1\.1 200 [^]*"__typename":"Query"[^]*)?HTTP\/1\.1 400 Bad Request\r\n/);
    await stillServes();
  });

  it('refuses form and text/plain POSTs (CSRF) and mutations over GET', async () => {
    const form = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'query=mutation{logout}' });
    expect(form.status).toBe(415);
    const text = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"query":"mutation{logout}"}' });
    expect(text.status).toBe(415);
    const get = await fetch(`${server.url}/graphql?query=${encodeURIComponent('mutation { logout }')}`, { headers: { accept: 'application/json', authorization: `Bearer ${server.tokens.admin}` } });
    expect(get.status).toBe(405);
    await stillServes();
  });

  it('rejects 10,000 aliases and a deeply nested query', async () => {
    const aliases = Array.from({ length: 10_000 }, (_, index) => `a${index}: me { name }`).join(' ');
    const wide = await graphql(server.url, `{ ${aliases} }`, {}, server.tokens.admin).catch((error: Error) => ({ errors: [{ message: error.message }] }));
    expect(JSON.stringify(wide.errors)).toMatch(/alias|token/i);
    const deep = `{ me { costCenters { supervisors { costCenters { supervisors { costCenters { supervisors { costCenters { supervisors { costCenters { supervisors { costCenters { supervisors { name } } } } } } } } } } } } } }`;
    const nested = await graphql(server.url, deep, {}, server.tokens.admin).catch((error: Error) => ({ errors: [{ message: error.message }] }));
    expect(JSON.stringify(nested.errors)).toMatch(/depth/i);
    await stillServes();
  });

  it('hides field suggestions and internal details in production', async () => {
    const typo = await graphql(server.url, '{ receipt { totalCount } }', {}, server.tokens.admin).catch((error: Error) => ({ errors: [{ message: error.message }] }));
    expect(JSON.stringify(typo)).not.toMatch(/Did you mean/);
  });

  it('tells missing, unknown, expired and revoked tokens apart with HTTP 401, over HTTP and WebSocket, and still lets them sign in', async () => {
    const expired = await createSession(server.app.services.db, ids.employee, -1_000);
    const { login } = await graphqlData(server.url, 'mutation { login(email: "jordan@staffsync.example", password: "demo-password") { ... on Session { token } } }');
    await graphqlData(server.url, 'mutation { logout }', {}, login.token);
    const cases = [
      [undefined, 'UNAUTHENTICATED'],
      ['ss_wrong', 'INVALID_TOKEN'],
      [expired.token, 'SESSION_EXPIRED'],
      [login.token, 'SESSION_REVOKED'],
    ] as const;
    for (const [token, code] of cases) {
      for (const query of ['{ receipts { totalCount } }', '{ me { id } }']) {
        const { status, body } = await postGraphQL(server.url, query, {}, token);
        expect([status, body.errors?.[0]?.extensions?.code], `${query} with ${code}`).toEqual([401, code]);
      }
      const socket = await rawClient(server.wsUrl);
      socket.send({ type: 'connection_init', payload: token ? { authorization: `Bearer ${token}` } : {} });
      expect(await socket.closed).toEqual({ code: 4403, reason: expect.stringMatching(new RegExp(`^${code}: `)) });
      // A stale token sent along with a sign-in does not stand in its way.
      const again = await graphqlData(server.url, 'mutation { login(email: "jordan@staffsync.example", password: "demo-password") { __typename } }', {}, token);
      expect(again.login.__typename).toBe('Session');
    }
  });

  it('stores SQL-looking and script-looking text verbatim', async () => {
    const nasty = [`Robert'); DROP TABLE receipts;--`, '<script>alert("x")</script>', `' OR 1=1 --`, '\u0000?'.slice(1) + '😀 ünïcödé'];
    for (const vendor of nasty) {
      const { createReceipt } = await graphqlData(
        server.url,
        'mutation ($input: CreateReceiptInput!) { createReceipt(input: $input) { ... on Receipt { id vendor } ... on Error { message } } }',
        { input: { costCenterId: ids.field, date: dayjs().format('YYYY-MM-DD'), amountCents: 1, vendor, category: 'OTHER', description: vendor } },
        server.tokens.employee,
      );
      expect(createReceipt.vendor).toBe(vendor);
      const { node } = await graphqlData(server.url, 'query ($id: ID!) { node(id: $id) { ... on Receipt { vendor description } } }', { id: createReceipt.id }, server.tokens.employee);
      expect(node).toEqual({ vendor, description: vendor });
    }
    const search = await graphqlData(server.url, '{ employees(filter: { search: "%_\\\\" }) { totalCount } }', {}, server.tokens.admin);
    expect(search.employees.totalCount).toBe(0);
    await stillServes();
  });

  it('throttles password guessing per account', async () => {
    const attempt = () => graphqlData(server.url, 'mutation { login(email: "priya@staffsync.example", password: "guess") { __typename ... on TooManyAttemptsError { retryAfterSeconds } } }');
    const answers = [];
    for (let index = 0; index < 6; index++) answers.push((await attempt()).login.__typename);
    expect(answers).toEqual([...Array(5).fill('InvalidCredentialsError'), 'TooManyAttemptsError']);
    const right = await graphqlData(server.url, 'mutation { login(email: "priya@staffsync.example", password: "demo-password") { __typename } }');
    expect(right.login.__typename).toBe('TooManyAttemptsError');
  });

  it('closes a socket that sends an oversized message (1009) and keeps serving the others', async () => {
    const bystander = await subscribeFromNow(server, server.tokens.admin, { type: 'RECEIPT' });
    const socket = new WebSocket(server.wsUrl, 'graphql-transport-ws');
    await new Promise((resolve) => socket.once('open', resolve));
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${server.tokens.admin}`, padding: 'x'.repeat(200 * 1024) } }));
    expect(await closed).toBe(1009);
    await graphqlData(server.url, 'mutation ($input: CreateReceiptInput!) { createReceipt(input: $input) { __typename } }', { input: { costCenterId: ids.field, date: dayjs().format('YYYY-MM-DD'), amountCents: 5, vendor: 'After the attack', category: 'OTHER' } }, server.tokens.employee);
    const [event] = await bystander.waitFor(1);
    expect(event?.node?.vendor).toBe('After the attack');
    bystander.close();
  });

  it('limits operations per socket', async () => {
    const { createClient } = await import('graphql-ws');
    const client = createClient({ url: server.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization: `Bearer ${server.tokens.admin}` } });
    const outcomes: string[] = [];
    for (let index = 0; index < 51; index++) {
      client.subscribe({ query: 'subscription { dataChanged { id } }' }, { next: () => {}, error: (error) => outcomes.push(JSON.stringify(error)), complete: () => {} });
    }
    await expect.poll(() => outcomes.length, { timeout: 10_000 }).toBe(1);
    expect(outcomes[0]).toContain('TOO_MANY_SUBSCRIPTIONS');
    await client.dispose();
  });
});
