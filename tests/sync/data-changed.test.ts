import dayjs from 'dayjs';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { changeLogHorizon } from '../../server/db/schema';
import { decodeCursor, encodeCursor } from '../../server/changelog/cursor';
import { engines } from '../support/engines';
import { demoIds } from '../support/fixtures';
import { graphql, graphqlData } from '../support/graphql-client';
import { subscribe, subscribeFromNow } from '../support/subscriber';
import { startTestServer, type TestServer } from '../support/test-server';

type Ids = Awaited<ReturnType<typeof demoIds>>;
const today = dayjs().format('YYYY-MM-DD');

// Entries of the demo employee (Jordan, in FIELD): an entry is charged to one of its employee's cost centers.
const writes = {
  MILEAGE: {
    typename: 'MileageEntry',
    input: (ids: Ids) => ({ employeeId: ids.employee, costCenterId: ids.field, date: today, startLocation: 'Depot', endLocation: 'Client', miles: 7.5, purpose: 'Visit' }),
    patch: { miles: 9 },
  },
  RECEIPT: {
    typename: 'Receipt',
    input: (ids: Ids) => ({ employeeId: ids.employee, costCenterId: ids.field, date: today, amountCents: 4210, vendor: 'Staples', category: 'SUPPLIES' }),
    patch: { amountCents: 4300 },
  },
  TIME_TRACKING: {
    typename: 'TimeEntry',
    input: (ids: Ids) => ({ employeeId: ids.employee, costCenterId: ids.field, date: today, hours: 0.5 }),
    patch: { hours: 0.75 },
  },
} as const;

describe.each(engines)('dataChanged on $name', (engine) => {
  let server: TestServer;
  let ids: Ids;

  const mutate = async (query: string, variables: Record<string, unknown>, token = server.tokens.admin) =>
    Object.values(await graphqlData<Record<string, Record<string, any>>>(server.url, query, variables, token))[0]!;
  const create = (typename: string, input: Record<string, unknown>, token?: string) =>
    mutate(`mutation ($input: Create${typename}Input!) { r: create${typename}(input: $input) { __typename ... on Node { id version } ... on Error { message } } }`, { input }, token);
  const update = (typename: string, id: string, version: number, input: Record<string, unknown>) =>
    mutate(`mutation ($id: ID!, $version: Int!, $input: Update${typename}Input!) { r: update${typename}(id: $id, version: $version, input: $input) { __typename ... on Node { id version } ... on Error { message } } }`, { id, version, input });
  const remove = (typename: string, id: string, version: number) =>
    mutate(`mutation ($id: ID!, $version: Int!) { r: delete${typename}(id: $id, version: $version) { __typename ... on Error { message } } }`, { id, version });

  beforeAll(async () => {
    server = await startTestServer(engine);
    ids = await demoIds(server.app.services.db);
  });
  afterAll(() => server?.stop());

  it.each(Object.entries(writes))('delivers create, update and delete of %s with the full node', async (type, write) => {
    const subscriber = await subscribeFromNow(server, server.tokens.admin, { type });
    const created = await create(write.typename, { ...write.input(ids), employeeId: ids.employee });
    await update(write.typename, created.id, 1, write.patch);
    await remove(write.typename, created.id, 2);
    const [onCreate, onUpdate, onDelete] = await subscriber.waitFor(3);
    expect(onCreate).toMatchObject({ type, action: 'CREATE', id: created.id, employeeId: ids.employee, node: { __typename: write.typename, id: created.id, version: 1, ...write.input(ids) } });
    expect(onUpdate).toMatchObject({ type, action: 'UPDATE', id: created.id, node: { version: 2, ...write.patch } });
    expect(onDelete).toMatchObject({ type, action: 'DELETE', id: created.id, employeeId: ids.employee, node: null });
    expect(onCreate!.cursor < onUpdate!.cursor || onCreate!.cursor !== onUpdate!.cursor).toBe(true);
    subscriber.close();
  });

  it('delivers employee changes with the employee node', async () => {
    const subscriber = await subscribeFromNow(server, server.tokens.admin, { type: 'EMPLOYEE' });
    const created = await mutate(
      'mutation ($input: CreateEmployeeInput!) { r: createEmployee(input: $input) { ... on Employee { id version } } }',
      { input: { name: 'Robin Fox', email: `robin.${engine.name}@staffsync.example`, costCenterIds: [ids.sales] } },
    );
    await update('Employee', created.id, 1, { name: 'Robin Fox-Lee' });
    await remove('Employee', created.id, 2);
    const [onCreate, onUpdate, onDelete] = await subscriber.waitFor(3);
    expect(onCreate).toMatchObject({ type: 'EMPLOYEE', action: 'CREATE', id: created.id, employeeId: created.id, node: { __typename: 'Employee', name: 'Robin Fox', costCenters: [{ code: 'SALES' }] } });
    expect(onUpdate).toMatchObject({ action: 'UPDATE', node: { name: 'Robin Fox-Lee', version: 2 } });
    expect(onDelete).toMatchObject({ action: 'DELETE', id: created.id, node: null });
    expect(JSON.stringify(subscriber.events)).not.toContain('scrypt');
    subscriber.close();
  });

  it('holds the type filter: a RECEIPT subscriber sees no time entries', async () => {
    const receiptsOnly = await subscribeFromNow(server, server.tokens.admin, { type: 'RECEIPT' });
    const everything = await subscribeFromNow(server, server.tokens.admin);
    await create('TimeEntry', writes.TIME_TRACKING.input(ids));
    const receipt = await create('Receipt', writes.RECEIPT.input(ids));
    await everything.waitFor(2);
    // Events arrive in log order: a time entry let through would have come before the receipt.
    await receiptsOnly.waitFor(1);
    expect(receiptsOnly.events.map((event) => event.id)).toEqual([receipt.id]);
    expect(everything.events.map((event) => event.type)).toEqual(['TIME_TRACKING', 'RECEIPT']);
    receiptsOnly.close();
    everything.close();
  });

  it('resumes after a disconnect with what was missed, nothing twice', async () => {
    const first = await subscribeFromNow(server, server.tokens.admin, { type: 'RECEIPT' });
    await create('Receipt', writes.RECEIPT.input(ids));
    const [seen] = await first.waitFor(1);
    first.close();

    const missed = [];
    for (let index = 0; index < 5; index++) missed.push((await create('Receipt', { ...writes.RECEIPT.input(ids), amountCents: index })).id);

    const resumed = subscribe(server.wsUrl, server.tokens.admin, { type: 'RECEIPT', after: seen!.cursor });
    await resumed.waitFor(5);
    const live = await create('Receipt', writes.RECEIPT.input(ids));
    // A marker written last: once it arrives, anything sent twice before it has arrived too.
    const marker = await create('Receipt', writes.RECEIPT.input(ids));
    await resumed.waitFor(7);
    expect(resumed.events.map((event) => event.id)).toEqual([...missed, live.id, marker.id]);
    const cursors = resumed.events.map((event) => event.cursor);
    expect(new Set(cursors).size).toBe(cursors.length);
    resumed.close();
  });

  it('pages the same log through the changes query', async () => {
    const { syncCursor } = await graphqlData(server.url, '{ syncCursor }', {}, server.tokens.admin);
    const made = [];
    for (let index = 0; index < 7; index++) made.push((await create('TimeEntry', { ...writes.TIME_TRACKING.input(ids), hours: (index + 1) / 4 })).id);
    const pages: string[][] = [];
    let after = syncCursor;
    for (;;) {
      const { changes } = await graphqlData(
        server.url,
        'query ($after: String) { changes(after: $after, types: [TIME_TRACKING], first: 3) { __typename ... on ChangePage { endCursor hasMore changes { id action node { ... on TimeEntry { hours } } } } } }',
        { after },
        server.tokens.admin,
      );
      pages.push(changes.changes.map((change: { id: string }) => change.id));
      after = changes.endCursor;
      if (!changes.hasMore) break;
    }
    expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual(made);
  });

  it('answers a cursor older than the retained log with RESYNC_REQUIRED', async () => {
    const { syncCursor } = await graphqlData(server.url, '{ syncCursor }', {}, server.tokens.admin);
    await create('Receipt', writes.RECEIPT.input(ids));
    const { syncCursor: newer } = await graphqlData(server.url, '{ syncCursor }', {}, server.tokens.admin);
    const position = decodeCursor(newer);
    await server.app.services.db.insert(changeLogHorizon).values({ id: 1, prunedThrough: position }).onConflictDoUpdate({ target: changeLogHorizon.id, set: { prunedThrough: position } });
    await server.app.services.feed.refreshHorizon();
    try {
      const { changes } = await graphqlData(server.url, 'query ($after: String) { changes(after: $after) { __typename ... on Error { message } } }', { after: syncCursor }, server.tokens.admin);
      expect(changes.__typename).toBe('ResyncRequiredError');
      const stale = subscribe(server.wsUrl, server.tokens.admin, { after: syncCursor });
      await expect(stale.waitFor(1, 5_000)).rejects.toThrow(/RESYNC_REQUIRED|older than the change log keeps/);
      stale.close();
      const fresh = await graphqlData(server.url, 'query ($after: String) { changes(after: $after) { __typename } }', { after: encodeCursor(position) }, server.tokens.admin);
      expect(fresh.changes.__typename).toBe('ChangePage');
    } finally {
      await server.app.services.db.update(changeLogHorizon).set({ prunedThrough: 0 });
      await server.app.services.feed.refreshHorizon();
    }
  });

  it('executes an event once per group of equal subscriptions, not once per socket', async () => {
    const query = 'subscription { dataChanged(type: RECEIPT) { id node { ... on Receipt { vendor employee { name } } } } }';
    const clients = Array.from({ length: 20 }, () => createClient({ url: server.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization: `Bearer ${server.tokens.admin}` } }));
    const received: unknown[][] = clients.map(() => []);
    clients.forEach((client, index) => client.subscribe({ query }, { next: (result) => received[index]!.push(result.data), error: () => {}, complete: () => {} }));
    await expect.poll(async () => /^staffsync_active_operations (\d+)$/m.exec(await server.metrics())?.[1], { timeout: 10_000 }).toBe('20');
    const before = server.statements.length;
    await create('Receipt', { ...writes.RECEIPT.input(ids), vendor: 'Shared once', employeeId: ids.salesEmployee, costCenterId: ids.sales });
    await expect.poll(() => received.every((events) => events.length === 1), { timeout: 10_000 }).toBe(true);
    const employeeLoads = server.statements.slice(before).filter((statement) => statement.startsWith('select') && statement.includes('from "employees" where "employees"."id" in'));
    expect(employeeLoads).toHaveLength(1);
    expect(received[19]![0]).toEqual({ dataChanged: { id: expect.any(String), node: { vendor: 'Shared once', employee: { name: 'Marcus Chen' } } } });
    for (const client of clients) await client.dispose();
  });

  it('shares one group among subscribers resuming from different cursors, and none across permission scopes', async () => {
    await expect.poll(() => server.app.subscriptions().subscribers, { timeout: 10_000 }).toBe(0);
    const { syncCursor: before } = await graphqlData(server.url, '{ syncCursor }', {}, server.tokens.admin);
    const missed = await create('Receipt', { ...writes.RECEIPT.input(ids), employeeId: ids.employee });
    const { syncCursor: after } = await graphqlData(server.url, '{ syncCursor }', {}, server.tokens.admin);
    // "From now" starts where this instance's feed has read to: once it has read `missed`, that is not live news.
    await expect.poll(() => server.app.services.feed.lastPosition, { timeout: 10_000 }).toBeGreaterThanOrEqual(decodeCursor(after));
    const resumingEarly = Array.from({ length: 3 }, () => subscribe(server.wsUrl, server.tokens.admin, { type: 'RECEIPT', after: before }));
    const resumingLate = Array.from({ length: 3 }, () => subscribe(server.wsUrl, server.tokens.admin, { type: 'RECEIPT', after }));
    const fromNow = Array.from({ length: 3 }, () => subscribe(server.wsUrl, server.tokens.admin, { type: 'RECEIPT' }));
    const employee = subscribe(server.wsUrl, server.tokens.employee, { type: 'RECEIPT' });
    const everyone = [...resumingEarly, ...resumingLate, ...fromNow, employee];
    await Promise.all(everyone.map((subscriber) => subscriber.ready));
    await expect.poll(() => server.app.subscriptions().subscribers, { timeout: 10_000 }).toBe(10);
    expect(server.app.subscriptions().groups).toBe(2);
    await Promise.all(resumingEarly.map((subscriber) => subscriber.waitFor(1)));

    const live = await create('Receipt', { ...writes.RECEIPT.input(ids), employeeId: ids.employee });
    const marker = await create('Receipt', { ...writes.RECEIPT.input(ids), employeeId: ids.employee });
    await Promise.all(everyone.map((subscriber) => subscriber.waitFor(resumingEarly.includes(subscriber) ? 3 : 2)));
    for (const subscriber of resumingEarly) expect(subscriber.events.map((event) => event.id)).toEqual([missed.id, live.id, marker.id]);
    for (const subscriber of [...resumingLate, ...fromNow, employee]) expect(subscriber.events.map((event) => event.id)).toEqual([live.id, marker.id]);
    for (const subscriber of everyone) subscriber.close();
    await expect.poll(() => server.app.subscriptions(), { timeout: 10_000 }).toEqual({ subscribers: 0, groups: 0 });
  });

  it('delivers over Server-Sent Events too, for HTTP clients without a WebSocket', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${server.tokens.admin}` },
      body: JSON.stringify({ query: 'subscription { dataChanged(type: RECEIPT) { action id node { ... on Receipt { vendor } } } }' }),
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    const vendor = `SSE ${Date.now()}`;
    // The stream's first bytes (a comment) are written once the subscription has joined the delivery engine.
    let text = new TextDecoder().decode((await reader.read()).value);
    const created = await create('Receipt', { ...writes.RECEIPT.input(ids), vendor });
    const deadline = Date.now() + 5_000;
    while (!text.includes(created.id) && Date.now() < deadline) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    const event = text.split('\n').find((line) => line.startsWith('data: ') && line.includes(created.id));
    expect(JSON.parse(event!.slice('data: '.length))).toEqual({ data: { dataChanged: { action: 'CREATE', id: created.id, node: { vendor } } } });
  });

  it('closes a socket without a valid token with 4403', async () => {
    const anonymous = subscribe(server.wsUrl, null);
    expect(await anonymous.closed).toBe(4403);
    const forged = subscribe(server.wsUrl, 'ss_not-a-real-token');
    expect(await forged.closed).toBe(4403);
  });

  it('publishes nothing for a failed mutation', async () => {
    const subscriber = await subscribeFromNow(server, server.tokens.admin);
    const invalid = await create('Receipt', { ...writes.RECEIPT.input(ids), amountCents: -1 });
    expect(invalid.__typename).toBe('ValidationError');
    const result = await graphql(server.url, 'mutation { r: updateReceipt(id: "rcp_missing", version: 1, input: { vendor: "X" }) { __typename } }', {}, server.tokens.admin);
    expect(result.data?.r).toEqual({ __typename: 'NotFoundError' });
    const marker = await create('TimeEntry', writes.TIME_TRACKING.input(ids));
    // A failed write would have published before the marker.
    await subscriber.waitFor(1);
    expect(subscriber.events.map((event) => event.id)).toEqual([marker.id]);
    subscriber.close();
  });

  it('releases every subscription, listener and timer when 1,000 sockets close', async () => {
    const feed = server.app.services.feed;
    const activeOperations = async () => /^staffsync_active_operations (\d+)$/m.exec(await server.metrics())?.[1];
    // Sockets of earlier tests close asynchronously; start from a quiet server.
    await expect.poll(activeOperations, { timeout: 10_000 }).toBe('0');
    const listenersBefore = feed.listenerCount;
    const sockets = Array.from({ length: 1_000 }, () => subscribe(server.wsUrl, server.tokens.admin, { type: 'RECEIPT' }));
    await Promise.all(sockets.map((socket) => socket.ready));
    await expect.poll(() => server.app.subscriptions().subscribers, { timeout: 20_000 }).toBe(1_000);
    // One group: the 1,000 equal subscriptions share one change-feed listener and one execution per event.
    expect(server.app.subscriptions().groups).toBe(1);
    expect(feed.listenerCount).toBe(listenersBefore + 1);
    await create('Receipt', writes.RECEIPT.input(ids));
    await Promise.all(sockets.map((socket) => socket.waitFor(1, 20_000)));
    for (const socket of sockets) socket.close();
    await expect.poll(() => feed.listenerCount, { timeout: 20_000 }).toBe(listenersBefore);
    expect(server.app.subscriptions()).toEqual({ subscribers: 0, groups: 0 });
    await expect.poll(activeOperations, { timeout: 10_000 }).toBe('0');
    const metrics = await server.metrics();
    expect(metrics).toMatch(/^staffsync_open_sockets 0$/m);
  });
});
