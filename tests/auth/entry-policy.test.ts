import dayjs from 'dayjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../support/engines';
import { demoIds, tableCounts } from '../support/fixtures';
import { graphqlData } from '../support/graphql-client';
import { startTestServer, type TestServer } from '../support/test-server';

const today = dayjs().format('YYYY-MM-DD');
const fields = '__typename ... on Receipt { id version employeeId costCenterId } ... on ValidationError { fields { field message } } ... on Error { message }';

describe.each(engines)('cost centers, owners and supervisors on $name', (engine) => {
  let server: TestServer;
  let ids: Awaited<ReturnType<typeof demoIds>>;

  beforeAll(async () => {
    server = await startTestServer(engine);
    ids = await demoIds(server.app.services.db);
  });
  afterAll(() => server?.stop());

  const create = async (token: string, input: Record<string, unknown>) =>
    (await graphqlData(server.url, `mutation ($input: CreateReceiptInput!) { r: createReceipt(input: $input) { ${fields} } }`, {
      input: { date: today, amountCents: 700, vendor: 'Policy', category: 'OTHER', ...input },
    }, token)).r;
  const update = async (token: string, id: string, version: number, input: Record<string, unknown>) =>
    (await graphqlData(server.url, `mutation ($id: ID!, $v: Int!, $input: UpdateReceiptInput!) { r: updateReceipt(id: $id, version: $v, input: $input) { ${fields} } }`, { id, v: version, input }, token)).r;
  const notMember = {
    __typename: 'ValidationError',
    message: 'costCenterId: is not a cost center this employee works for',
    fields: [{ field: 'costCenterId', message: 'is not a cost center this employee works for' }],
  };

  it('charges an entry only to a cost center its employee works for, whoever files it', async () => {
    const before = await tableCounts(server.app.services.db);
    expect(await create(server.tokens.employee, { costCenterId: ids.sales })).toEqual(notMember);
    expect(await create(server.tokens.supervisor, { employeeId: ids.employee, costCenterId: ids.sales })).toEqual(notMember);
    expect(await create(server.tokens.admin, { employeeId: ids.salesEmployee, costCenterId: ids.ops })).toEqual(notMember);
    expect(await tableCounts(server.app.services.db)).toEqual(before);
    expect(await create(server.tokens.supervisor, { employeeId: ids.salesEmployee, costCenterId: ids.sales })).toMatchObject({ __typename: 'Receipt' });
  });

  it('lets only an admin give an entry to another employee; a supervisor cannot move one to himself', async () => {
    const receipt = await create(server.tokens.employee, { costCenterId: ids.field });
    const toHimself = await update(server.tokens.supervisor, receipt.id, receipt.version, { employeeId: ids.supervisor });
    expect(toHimself).toEqual({ __typename: 'ForbiddenError', message: 'Only an admin can give an entry to another employee' });
    const byEmployee = await update(server.tokens.employee, receipt.id, receipt.version, { employeeId: ids.supervisor });
    expect(byEmployee.__typename).toBe('ForbiddenError');
    const corrected = await update(server.tokens.supervisor, receipt.id, receipt.version, { amountCents: 750 });
    expect(corrected).toMatchObject({ __typename: 'Receipt', version: 2, employeeId: ids.employee });
    const moved = await update(server.tokens.admin, receipt.id, 2, { employeeId: ids.supervisor });
    expect(moved).toMatchObject({ __typename: 'Receipt', employeeId: ids.supervisor, costCenterId: ids.field });
  });

  it('keeps an entry editable after its employee left its cost center, until its charge changes', async () => {
    const receipt = await create(server.tokens.admin, { employeeId: ids.salesEmployee, costCenterId: ids.sales });
    const setCenters = async (costCenterIds: string[]) => {
      const { node } = await graphqlData(server.url, 'query ($id: ID!) { node(id: $id) { version } }', { id: ids.salesEmployee }, server.tokens.admin);
      await graphqlData(server.url, 'mutation ($id: ID!, $v: Int!, $input: UpdateEmployeeInput!) { updateEmployee(id: $id, version: $v, input: $input) { __typename } }', { id: ids.salesEmployee, v: node.version, input: { costCenterIds } }, server.tokens.admin);
    };
    await setCenters([ids.ops]);
    try {
      expect(await update(server.tokens.admin, receipt.id, 1, { amountCents: 800 })).toMatchObject({ __typename: 'Receipt', version: 2 });
      expect(await update(server.tokens.admin, receipt.id, 2, { costCenterId: ids.field })).toEqual(notMember);
    } finally {
      await setCenters([ids.sales]);
    }
  });

  it('shows a cost center\'s supervisors only to those who may see them, as node(id) does', async () => {
    const supervisorsAs = async (token: string) =>
      (await graphqlData(server.url, '{ costCenters { code supervisors { id email } } }', {}, token)).costCenters.find((center: { code: string }) => center.code === 'FIELD').supervisors;
    expect(await supervisorsAs(server.tokens.employee)).toEqual([]);
    expect(await supervisorsAs(server.tokens.supervisor)).toEqual([{ id: ids.supervisor, email: 'supervisor@staffsync.example' }]);
    expect(await supervisorsAs(server.tokens.admin)).toEqual([{ id: ids.supervisor, email: 'supervisor@staffsync.example' }]);
  });
});
