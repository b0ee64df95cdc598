import dayjs from 'dayjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../server/auth/sessions';
import { engines } from '../support/engines';
import { demoIds } from '../support/fixtures';
import { graphqlData } from '../support/graphql-client';
import { subscribe, subscribeFromNow } from '../support/subscriber';
import { startTestServer, type TestServer } from '../support/test-server';

describe.each(engines)('sessions and live rights on $name', (engine) => {
  let server: TestServer;
  let ids: Awaited<ReturnType<typeof demoIds>>;

  beforeAll(async () => {
    server = await startTestServer(engine);
    ids = await demoIds(server.app.services.db);
  });
  afterAll(() => server?.stop());

  const employee = async (id: string) =>
    (await graphqlData(server.url, 'query ($id: ID!) { node(id: $id) { ... on Employee { version role active costCenters { id } } } }', { id }, server.tokens.admin)).node;
  const updateEmployee = async (id: string, input: Record<string, unknown>) => {
    const { version } = await employee(id);
    const result = await graphqlData(server.url, 'mutation ($id: ID!, $version: Int!, $input: UpdateEmployeeInput!) { updateEmployee(id: $id, version: $version, input: $input) { __typename } }', { id, version, input }, server.tokens.admin);
    expect(result.updateEmployee.__typename).toBe('Employee');
  };
  const signIn = async (email: string) =>
    (await graphqlData(server.url, 'mutation ($email: String!) { login(email: $email, password: "demo-password") { ... on Session { token } } }', { email })).login.token as string;

  it('closes a socket within a second of its session expiring', async () => {
    const session = await createSession(server.app.services.db, ids.employee, 1_500);
    const socket = subscribe(server.wsUrl, session.token);
    await socket.ready;
    const code = await socket.closed;
    expect(code).toBe(4403);
    expect(Date.now() - session.expiresAt.getTime()).toBeLessThan(1_000);
  });

  it('closes the sockets of an employee who is deactivated or changes role, within a second', async () => {
    const priya = (await graphqlData(server.url, '{ employees(filter: { search: "priya" }) { nodes { id } } }', {}, server.tokens.admin)).employees.nodes[0].id;
    const first = subscribe(server.wsUrl, await signIn('priya@staffsync.example'));
    await first.ready;
    let changedAt = Date.now();
    await updateEmployee(priya, { role: 'SUPERVISOR' });
    expect(await first.closed).toBe(4403);
    expect(Date.now() - changedAt).toBeLessThan(1_000);

    const second = subscribe(server.wsUrl, await signIn('priya@staffsync.example'));
    await second.ready;
    changedAt = Date.now();
    await updateEmployee(priya, { active: false });
    expect(await second.closed).toBe(4403);
    expect(Date.now() - changedAt).toBeLessThan(1_000);
    const signedOut = await graphqlData(server.url, 'mutation { login(email: "priya@staffsync.example", password: "demo-password") { __typename } }');
    expect(signedOut.login.__typename).toBe('AccountDeactivatedError');
  });

  it('stops delivering an employee\'s events to the old supervisor the moment they move cost center', async () => {
    const supervisor = await subscribeFromNow(server, server.tokens.supervisor, { type: 'RECEIPT' });
    const write = (vendor: string) =>
      graphqlData(server.url, 'mutation ($input: CreateReceiptInput!) { createReceipt(input: $input) { ... on Receipt { id } } }', {
        input: { employeeId: ids.salesEmployee, costCenterId: ids.sales, date: dayjs().format('YYYY-MM-DD'), amountCents: 10, vendor, category: 'OTHER' },
      }, server.tokens.admin);
    await write('While in SALES');
    await supervisor.waitFor(1);
    await updateEmployee(ids.salesEmployee, { costCenterIds: [ids.ops] });
    await write('After moving to OPS');
    const marker = await graphqlData(server.url, 'mutation ($input: CreateReceiptInput!) { createReceipt(input: $input) { ... on Receipt { id } } }', {
      input: { costCenterId: ids.field, date: dayjs().format('YYYY-MM-DD'), amountCents: 10, vendor: 'Marker', category: 'OTHER' },
    }, server.tokens.supervisor);
    // Events arrive in log order: the receipt written after the move would have come before the marker.
    await supervisor.waitFor(2);
    expect(supervisor.events.map((event) => event.node?.vendor)).toEqual(['While in SALES', 'Marker']);
    expect(supervisor.events[1]!.id).toBe(marker.createReceipt.id);
    const { node } = await graphqlData(server.url, 'query ($id: ID!) { node(id: $id) { id } }', { id: ids.salesEmployee }, server.tokens.supervisor);
    expect(node).toBeNull();
    await updateEmployee(ids.salesEmployee, { costCenterIds: [ids.sales] });
    supervisor.close();
  });
});
