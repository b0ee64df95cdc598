import dayjs from 'dayjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor, readCursor } from '../../server/changelog/cursor';
import { demoPassword } from '../../server/db/seed-demo';
import { engines } from '../support/engines';
import { openEventStream } from '../support/event-stream';
import { demoIds } from '../support/fixtures';
import { graphqlData, postGraphQL } from '../support/graphql-client';
import { subscribe, subscribeFromNow } from '../support/subscriber';
import { startTestServer, type TestServer } from '../support/test-server';

const today = dayjs().format('YYYY-MM-DD');
const changesQuery = `query ($after: String) { changes(after: $after, first: 1000) { __typename
  ... on ChangePage { endCursor changes { action id employeeId scopeChange changedFields actor { name } node { __typename } } }
  ... on ResyncRequiredError { reason } } }`;

describe.each(engines)('the sync contract a phone relies on, on $name', (engine) => {
  let server: TestServer;
  let ids: Awaited<ReturnType<typeof demoIds>>;
  let priya: { id: string; token: string };

  beforeAll(async () => {
    server = await startTestServer(engine);
    ids = await demoIds(server.app.services.db);
    const { login } = await graphqlData(server.url, 'mutation ($p: String!) { login(email: "priya@staffsync.example", password: $p) { ... on Session { token employee { id } } } }', { p: demoPassword });
    priya = { id: login.employee.id, token: login.token };
  });
  afterAll(() => server?.stop());

  const syncCursor = async (token: string) => (await graphqlData(server.url, '{ syncCursor }', {}, token)).syncCursor as string;
  const changesSince = async (token: string, after: string) => (await graphqlData(server.url, changesQuery, { after }, token)).changes;
  const setCostCenters = async (employeeId: string, costCenterIds: string[]) => {
    const { node } = await graphqlData(server.url, 'query ($id: ID!) { node(id: $id) { version } }', { id: employeeId }, server.tokens.admin);
    await graphqlData(server.url, 'mutation ($id: ID!, $v: Int!, $input: UpdateEmployeeInput!) { updateEmployee(id: $id, version: $v, input: $input) { __typename } }', { id: employeeId, v: node.version, input: { costCenterIds } }, server.tokens.admin);
  };

  it('tells the owner a receipt given to someone else LEFT (without its new state), and its new owner it ENTERED, on both transports and in changes', async () => {
    const [jordanFrom, priyaFrom, supervisorFrom] = await Promise.all([syncCursor(server.tokens.employee), syncCursor(priya.token), syncCursor(server.tokens.supervisor)]);
    const jordanSocket = subscribe(server.wsUrl, server.tokens.employee, { type: 'RECEIPT', after: jordanFrom });
    const jordanStream = openEventStream(server.url, server.tokens.employee, { type: 'RECEIPT', after: jordanFrom });
    const priyaSocket = subscribe(server.wsUrl, priya.token, { type: 'RECEIPT', after: priyaFrom });
    const { createReceipt: receipt } = await graphqlData(server.url, 'mutation ($input: CreateReceiptInput!) { createReceipt(input: $input) { ... on Receipt { id } } }', {
      input: { costCenterId: ids.field, date: today, amountCents: 990, vendor: 'Moved away', category: 'MEALS' },
    }, server.tokens.employee);
    const { updateReceipt } = await graphqlData(server.url, 'mutation ($id: ID!, $input: UpdateReceiptInput!) { updateReceipt(id: $id, version: 1, input: $input) { __typename } }', { id: receipt.id, input: { employeeId: priya.id } }, server.tokens.admin);
    expect(updateReceipt.__typename).toBe('Receipt');

    const left = { action: 'UPDATE', id: receipt.id, employeeId: ids.employee, node: null };
    const [, leftOnSocket] = await jordanSocket.waitFor(2);
    expect(leftOnSocket).toMatchObject(left);
    const [, leftOnStream] = await jordanStream.waitFor(2);
    expect(leftOnStream).toMatchObject(left);
    const [entered] = await priyaSocket.waitFor(1);
    expect(entered).toMatchObject({ action: 'UPDATE', id: receipt.id, employeeId: priya.id, node: { __typename: 'Receipt', employeeId: priya.id, vendor: 'Moved away' } });

    const viaChanges = async (token: string, after: string) => (await changesSince(token, after)).changes.filter((change: { id: string }) => change.id === receipt.id);
    expect(await viaChanges(server.tokens.employee, jordanFrom)).toEqual([
      { action: 'CREATE', id: receipt.id, employeeId: ids.employee, scopeChange: null, changedFields: null, actor: { name: 'Jordan Lee' }, node: { __typename: 'Receipt' } },
      { action: 'UPDATE', id: receipt.id, employeeId: ids.employee, scopeChange: 'LEFT', changedFields: null, actor: { name: 'Avery Admin' }, node: null },
    ]);
    expect(await viaChanges(priya.token, priyaFrom)).toEqual([
      { action: 'UPDATE', id: receipt.id, employeeId: priya.id, scopeChange: 'ENTERED', changedFields: ['employeeId'], actor: { name: 'Avery Admin' }, node: { __typename: 'Receipt' } },
    ]);
    // Their supervisor sees both employees: an ordinary update, saying what changed.
    expect(await viaChanges(server.tokens.supervisor, supervisorFrom)).toEqual([
      expect.objectContaining({ action: 'CREATE', scopeChange: null }),
      expect.objectContaining({ action: 'UPDATE', scopeChange: null, changedFields: ['employeeId'], employeeId: priya.id }),
    ]);
    for (const client of [jordanSocket, jordanStream, priyaSocket]) client.close();
  });

  it('tells a supervisor an employee moved to another cost center LEFT, and ENTERED when they come back', async () => {
    const from = await syncCursor(server.tokens.supervisor);
    const socket = subscribe(server.wsUrl, server.tokens.supervisor, { type: 'EMPLOYEE', after: from });
    const marcus = (changes: Array<{ id: string; scopeChange: string | null }>) => changes.filter((change) => change.id === ids.salesEmployee).map((change) => change.scopeChange);
    try {
      await setCostCenters(ids.salesEmployee, [ids.ops]);
      const [left] = await socket.waitFor(1);
      expect(left).toMatchObject({ action: 'UPDATE', id: ids.salesEmployee, node: null });
      const afterMove = await changesSince(server.tokens.supervisor, from);
      expect(marcus(afterMove.changes)).toEqual(['LEFT']);
    } finally {
      await setCostCenters(ids.salesEmployee, [ids.sales]);
    }
    const [, entered] = await socket.waitFor(2);
    expect(entered).toMatchObject({ action: 'UPDATE', id: ids.salesEmployee, node: { __typename: 'Employee', costCenters: [{ code: 'SALES' }] } });
    // Caught up from before both moves, by what the supervisor may see now: he never lost sight of Marcus.
    expect(marcus((await changesSince(server.tokens.supervisor, from)).changes)).toEqual([null, 'ENTERED']);
    socket.close();
  });

  it("follows a move in a supervisor's live subscription: receipts of an employee moved away stop reaching him, and reach him again once back", async () => {
    const receiptForMarcus = async (vendor: string) => {
      const input = { employeeId: ids.salesEmployee, costCenterId: ids.sales, date: today, amountCents: 1500, vendor, category: 'MEALS' };
      const { createReceipt } = await graphqlData(server.url, 'mutation ($input: CreateReceiptInput!) { createReceipt(input: $input) { ... on Receipt { id } } }', { input }, server.tokens.admin);
      return createReceipt.id as string;
    };
    // Subscribed while Marcus is away: the supervisor's subscription starts with a scope without him.
    await setCostCenters(ids.salesEmployee, [ids.ops]);
    let socket: Awaited<ReturnType<typeof subscribeFromNow>>;
    try {
      socket = await subscribeFromNow(server, server.tokens.supervisor, { type: 'RECEIPT' });
      await receiptForMarcus('While in ops');
    } finally {
      await setCostCenters(ids.salesEmployee, [ids.sales]);
    }
    const back = await receiptForMarcus('Back in sales');
    // Deliveries keep log order: had the receipt made while he was away reached the supervisor, it would come first.
    const [first] = await socket.waitFor(1);
    expect(first).toMatchObject({ action: 'CREATE', id: back, employeeId: ids.salesEmployee });
    socket.close();
  });

  it('says who changed what on an update', async () => {
    const socket = await subscribeFromNow(server, server.tokens.employee, { type: 'RECEIPT' });
    const { createReceipt: receipt } = await graphqlData(server.url, 'mutation ($input: CreateReceiptInput!) { createReceipt(input: $input) { ... on Receipt { id } } }', {
      input: { costCenterId: ids.field, date: today, amountCents: 1200, vendor: 'Taxi', category: 'TRAVEL' },
    }, server.tokens.employee);
    await graphqlData(server.url, 'mutation ($id: ID!) { updateReceipt(id: $id, version: 1, input: { amountCents: 1400, description: "Airport" }) { __typename } }', { id: receipt.id }, server.tokens.supervisor);
    await socket.waitFor(2);
    const { changes } = await changesSince(server.tokens.employee, socket.events[0]!.cursor);
    expect(changes.find((change: { id: string }) => change.id === receipt.id)).toMatchObject({ action: 'UPDATE', actor: { name: 'Sam Supervisor' }, changedFields: ['amountCents', 'description'] });
    socket.close();
  });

  it('refuses a cursor ahead of the log, from another database, or malformed, on both transports and in changes', async () => {
    const now = readCursor(await syncCursor(server.tokens.admin));
    const ahead = encodeCursor(now.position + 1_000, now.databaseId!);
    const foreign = encodeCursor(now.position, 'ffffffffffffffffffffffffffffffff');
    // A restored database that moved on holds another change at the cursor's position.
    const rewritten = encodeCursor(now.position, now.databaseId!, now.stamp === 'zzzz' ? 'yyyy' : 'zzzz');
    for (const [cursor, reason] of [[ahead, 'AHEAD_OF_LOG'], [foreign, 'OTHER_DATABASE'], [rewritten, 'RESTORED']] as const) {
      expect(await changesSince(server.tokens.admin, cursor)).toEqual({ __typename: 'ResyncRequiredError', reason });
      const socket = subscribe(server.wsUrl, server.tokens.admin, { after: cursor });
      await expect(socket.waitFor(1, 5_000)).rejects.toThrow(new RegExp(`RESYNC_REQUIRED.*${reason}|${reason}.*RESYNC_REQUIRED`));
      socket.close();
      const stream = openEventStream(server.url, server.tokens.admin, { after: cursor });
      await stream.ended;
      expect(stream.errors.map((error) => error.extensions)).toEqual([{ code: 'RESYNC_REQUIRED', reason, after: cursor }]);
    }
    const malformed = await postGraphQL(server.url, changesQuery, { after: 'bm90IGEgY3Vyc29y' }, server.tokens.admin);
    expect(malformed.body.errors?.[0]?.extensions?.code).toBe('BAD_CURSOR');
  });
});
