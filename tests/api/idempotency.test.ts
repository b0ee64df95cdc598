import dayjs from 'dayjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../support/engines';
import { demoIds, tableCounts } from '../support/fixtures';
import { graphqlData } from '../support/graphql-client';
import { startTestServer, type TestServer } from '../support/test-server';

const today = dayjs().format('YYYY-MM-DD');
const result = '__typename ... on Receipt { id version employeeId vendor amountCents } ... on Error { message }';
const deleted = '__typename ... on DeletedEntity { id } ... on Error { message }';

describe.each(engines)('retry-safe writes on $name', (engine) => {
  let server: TestServer;
  let ids: Awaited<ReturnType<typeof demoIds>>;

  beforeAll(async () => {
    server = await startTestServer(engine);
    ids = await demoIds(server.app.services.db);
  });
  afterAll(() => server?.stop());

  const create = async (key: string, vendor: string, token = server.tokens.employee) =>
    (await graphqlData(server.url, `mutation ($input: CreateReceiptInput!, $key: String) { r: createReceipt(input: $input, idempotencyKey: $key) { ${result} } }`, {
      input: { costCenterId: ids.field, date: today, amountCents: 1200, vendor, category: 'MEALS' },
      key,
    }, token)).r;
  const update = async (id: string, version: number, input: Record<string, unknown>, key?: string, token = server.tokens.employee) =>
    (await graphqlData(server.url, `mutation ($id: ID!, $v: Int!, $input: UpdateReceiptInput!, $key: String) { r: updateReceipt(id: $id, version: $v, input: $input, idempotencyKey: $key) { ${result} } }`, { id, v: version, input, key }, token)).r;
  const remove = async (id: string, version: number, key?: string) =>
    (await graphqlData(server.url, `mutation ($id: ID!, $v: Int!, $key: String) { r: deleteReceipt(id: $id, version: $v, idempotencyKey: $key) { ${deleted} } }`, { id, v: version, key }, server.tokens.employee)).r;

  it('answers a replayed create with NotFoundError once the receipt was given to someone else, never with their receipt', async () => {
    const key = `moved-${engine.name}`;
    const created = await create(key, 'Lunch with client');
    // An admin gives it to Priya (same cost center).
    const { employees } = await graphqlData(server.url, '{ employees(filter: { search: "priya" }) { nodes { id } } }', {}, server.tokens.admin);
    const moved = await update(created.id, 1, { employeeId: employees.nodes[0].id }, undefined, server.tokens.admin);
    expect(moved).toMatchObject({ __typename: 'Receipt', employeeId: employees.nodes[0].id });
    const before = await tableCounts(server.app.services.db);
    expect(await create(key, 'Lunch with client')).toEqual({ __typename: 'NotFoundError', message: expect.any(String) });
    expect(await tableCounts(server.app.services.db)).toEqual(before);
  });

  it('refuses a key reused for a different request with IdempotencyKeyReusedError, and writes nothing', async () => {
    const key = `reused-${engine.name}`;
    await create(key, 'Taxi');
    const before = await tableCounts(server.app.services.db);
    expect(await create(key, 'Another taxi')).toMatchObject({ __typename: 'IdempotencyKeyReusedError' });
    expect(await tableCounts(server.app.services.db)).toEqual(before);
  });

  it('answers a retried update with the entity as it is now, not a conflict with its own first attempt', async () => {
    const created = await create(`for-update-${engine.name}`, 'Parking');
    const key = `update-${engine.name}`;
    const first = await update(created.id, 1, { amountCents: 1500 }, key);
    expect(first).toMatchObject({ __typename: 'Receipt', version: 2, amountCents: 1500 });
    const before = await tableCounts(server.app.services.db);
    const [retried, again] = await Promise.all([update(created.id, 1, { amountCents: 1500 }, key), update(created.id, 1, { amountCents: 1500 }, key)]);
    expect(retried).toEqual(first);
    expect(again).toEqual(first);
    expect(await tableCounts(server.app.services.db)).toEqual(before);
    // Without a key the same stale request is what it is: a conflict.
    expect(await update(created.id, 1, { amountCents: 1500 })).toMatchObject({ __typename: 'VersionConflictError' });
    expect(await update(created.id, 1, { amountCents: 1600 }, key)).toMatchObject({ __typename: 'IdempotencyKeyReusedError' });
  });

  it('answers a retried delete as the first did, not NotFoundError', async () => {
    const created = await create(`for-delete-${engine.name}`, 'Fuel');
    const key = `delete-${engine.name}`;
    expect(await remove(created.id, 1, key)).toEqual({ __typename: 'DeletedEntity', id: created.id });
    const before = await tableCounts(server.app.services.db);
    expect(await remove(created.id, 1, key)).toEqual({ __typename: 'DeletedEntity', id: created.id });
    expect(await tableCounts(server.app.services.db)).toEqual(before);
    expect(await remove(created.id, 1)).toMatchObject({ __typename: 'NotFoundError' });
  });
});
