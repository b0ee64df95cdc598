import dayjs from 'dayjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../server/auth/sessions';
import { demoAccounts } from '../../server/db/seed-demo';
import { engines, postgresOnly } from '../support/engines';
import { openEventStream } from '../support/event-stream';
import { demoIds } from '../support/fixtures';
import { graphqlData } from '../support/graphql-client';
import { subscribe } from '../support/subscriber';
import { startTestServer, type TestServer } from '../support/test-server';

type Ids = Awaited<ReturnType<typeof demoIds>>;
const today = dayjs().format('YYYY-MM-DD');

/** Sign-in, role and receipt helpers against one or two instances sharing a database. */
function client(api: () => TestServer, ids: () => Ids) {
  const signIn = async (email: string, url = api().url) =>
    (await graphqlData(url, 'mutation ($email: String!) { login(email: $email, password: "demo-password") { ... on Session { token } ... on Error { message } } }', { email })).login.token as string;
  const updateEmployee = async (id: string, input: Record<string, unknown>) => {
    const { node } = await graphqlData(api().url, 'query ($id: ID!) { node(id: $id) { version } }', { id }, api().tokens.admin);
    const { updateEmployee: result } = await graphqlData(
      api().url,
      'mutation ($id: ID!, $version: Int!, $input: UpdateEmployeeInput!) { updateEmployee(id: $id, version: $version, input: $input) { __typename } }',
      { id, version: node.version, input },
      api().tokens.admin,
    );
    expect(result.__typename).toBe('Employee');
  };
  const createReceipt = async (token: string, vendor: string, input: Record<string, unknown> = {}) =>
    (await graphqlData(api().url, 'mutation ($input: CreateReceiptInput!) { createReceipt(input: $input) { ... on Receipt { id } ... on Error { message } } }', {
      input: { costCenterId: ids().sales, date: today, amountCents: 100, vendor, category: 'OTHER', ...input },
    }, token)).createReceipt.id as string;
  const syncCursor = async (token: string, url = api().url) => (await graphqlData(url, '{ syncCursor }', {}, token)).syncCursor as string;
  return { signIn, updateEmployee, createReceipt, syncCursor };
}

describe.each(engines)('one session authority for every transport on $name', (engine) => {
  let server: TestServer;
  let ids: Ids;
  const { signIn, updateEmployee, createReceipt, syncCursor } = client(() => server, () => ids);

  beforeAll(async () => {
    server = await startTestServer(engine);
    ids = await demoIds(server.app.services.db);
  });
  afterAll(() => server?.stop());

  /** A socket and an event stream of one token, both following receipts from now. */
  async function bothTransports(token: string, url = server.url, wsUrl = server.wsUrl) {
    const after = await syncCursor(token, url);
    const socket = subscribe(wsUrl, token, { type: 'RECEIPT', after });
    const stream = openEventStream(url, token, { type: 'RECEIPT', after });
    await Promise.all([socket.ready, stream.opened]);
    return { socket, stream };
  }

  it('a demoted supervisor signing in again sees only his own entries on every transport, as over HTTP', async () => {
    const token = await signIn(demoAccounts.supervisor);
    const before = await bothTransports(token);
    const inScope = await createReceipt(server.tokens.admin, 'Marcus before', { employeeId: ids.salesEmployee });
    await before.socket.waitFor(1);
    await before.stream.waitFor(1);
    try {
      await updateEmployee(ids.supervisor, { role: 'EMPLOYEE' });
      expect(await before.socket.closed).toBe(4403);
      await before.stream.ended;
      expect(before.stream.errors.map((error) => error.extensions)).toEqual([{ code: 'SESSION_ENDED', reason: 'ROLE_CHANGED' }]);

      for (let attempt = 1; attempt <= 3; attempt++) {
        const again = await signIn(demoAccounts.supervisor);
        const after = await bothTransports(again);
        await createReceipt(server.tokens.admin, `Marcus after ${attempt}`, { employeeId: ids.salesEmployee });
        const own = await createReceipt(again, `Own ${attempt}`, { costCenterId: ids.field });
        await after.socket.waitFor(1);
        await after.stream.waitFor(1);
        // Events arrive in log order, so anything leaked would have come before his own receipt.
        expect(after.socket.events.map((event) => event.id)).toEqual([own]);
        expect(after.stream.events.map((event) => event.id)).toEqual([own]);
        const { receipts } = await graphqlData(server.url, '{ receipts(first: 1000) { nodes { employeeId } } }', {}, again);
        expect(new Set(receipts.nodes.map((node: { employeeId: string }) => node.employeeId))).toEqual(new Set([ids.supervisor]));
        after.socket.close();
        after.stream.close();
      }
      expect(before.socket.events.map((event) => event.id)).toEqual([inScope]);
    } finally {
      await updateEmployee(ids.supervisor, { role: 'SUPERVISOR' });
    }
  });

  it('signing out ends the socket with 4403 and the event stream with SESSION_ENDED, within a second', async () => {
    const token = await signIn(demoAccounts.employee);
    const { socket, stream } = await bothTransports(token);
    const signedOutAt = Date.now();
    await graphqlData(server.url, 'mutation { logout }', {}, token);
    expect(await socket.closed).toBe(4403);
    await stream.ended;
    expect(Date.now() - signedOutAt).toBeLessThan(1_000);
    expect(stream.errors.map((error) => error.extensions)).toEqual([{ code: 'SESSION_ENDED', reason: 'SIGNED_OUT' }]);
  });

  it('deactivation ends both transports, and nothing reaches the account afterwards', async () => {
    const token = await signIn('priya@staffsync.example');
    const priya = (await graphqlData(server.url, '{ me { id } }', {}, token)).me.id as string;
    const { socket, stream } = await bothTransports(token);
    try {
      await updateEmployee(priya, { active: false });
      expect(await socket.closed).toBe(4403);
      await stream.ended;
      expect(stream.errors.map((error) => error.extensions)).toEqual([{ code: 'SESSION_ENDED', reason: 'DEACTIVATED' }]);
      expect((await graphqlData(server.url, 'mutation { login(email: "priya@staffsync.example", password: "demo-password") { __typename } }')).login.__typename).not.toBe('Session');
    } finally {
      await updateEmployee(priya, { active: true });
    }
  });

  it('ends an event stream when its session expires, as it closes a socket', async () => {
    const session = await createSession(server.app.services.db, ids.employee, 1_500);
    const stream = openEventStream(server.url, session.token, { type: 'RECEIPT' });
    await stream.ended;
    expect(stream.errors.map((error) => error.extensions)).toEqual([{ code: 'SESSION_ENDED', reason: 'EXPIRED' }]);
    expect(Date.now() - session.expiresAt.getTime()).toBeLessThan(1_000);
  });
});

// Two instances need one shared database server: PostgreSQL only (TEST_DATABASE_URL).
describe.skipIf(postgresOnly.length === 0)('one session authority across instances on postgres', () => {
  const engine = postgresOnly[0]!;
  let a: TestServer;
  let b: TestServer;
  let drop: () => Promise<void>;
  let ids: Ids;
  const { signIn, updateEmployee, createReceipt, syncCursor } = client(() => a, () => ids);

  beforeAll(async () => {
    const database = await engine.createDatabase();
    drop = database.drop;
    a = await startTestServer(engine, { databaseUrl: database.databaseUrl });
    b = await startTestServer(engine, { databaseUrl: database.databaseUrl });
    ids = await demoIds(a.app.services.db);
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
    await drop?.();
  });

  it('a supervisor demoted through A loses his sockets and streams on B, and his new ones on B see only his own', async () => {
    const token = await signIn(demoAccounts.supervisor);
    const after = await syncCursor(token, b.url);
    const socket = subscribe(b.wsUrl, token, { type: 'RECEIPT', after });
    const stream = openEventStream(b.url, token, { type: 'RECEIPT', after });
    await Promise.all([socket.ready, stream.opened]);
    try {
      await updateEmployee(ids.supervisor, { role: 'EMPLOYEE' });
      expect(await socket.closed).toBe(4403);
      await stream.ended;
      expect(stream.errors.map((error) => error.extensions)).toEqual([{ code: 'SESSION_ENDED', reason: 'ROLE_CHANGED' }]);

      const again = await signIn(demoAccounts.supervisor, b.url);
      const from = await syncCursor(again, b.url);
      const socketOnB = subscribe(b.wsUrl, again, { type: 'RECEIPT', after: from });
      const streamOnB = openEventStream(b.url, again, { type: 'RECEIPT', after: from });
      await Promise.all([socketOnB.ready, streamOnB.opened]);
      await createReceipt(a.tokens.admin, 'Marcus, written on A', { employeeId: ids.salesEmployee });
      const own = await createReceipt(again, 'Own, written on A', { costCenterId: ids.field });
      await socketOnB.waitFor(1);
      await streamOnB.waitFor(1);
      expect(socketOnB.events.map((event) => event.id)).toEqual([own]);
      expect(streamOnB.events.map((event) => event.id)).toEqual([own]);
      socketOnB.close();
      streamOnB.close();
    } finally {
      await updateEmployee(ids.supervisor, { role: 'SUPERVISOR' });
    }
  });

  it('a sign-out through A ends the event stream on B', async () => {
    const token = await signIn(demoAccounts.employee);
    const stream = openEventStream(b.url, token, { type: 'RECEIPT', after: await syncCursor(token, b.url) });
    await stream.opened;
    await graphqlData(a.url, 'mutation { logout }', {}, token);
    await stream.ended;
    expect(stream.errors.map((error) => error.extensions)).toEqual([{ code: 'SESSION_ENDED', reason: 'SIGNED_OUT' }]);
  });
});
