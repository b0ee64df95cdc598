import dayjs from 'dayjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../support/engines';
import { demoIds, entityFields, tableCounts } from '../support/fixtures';
import { graphqlData } from '../support/graphql-client';
import { startTestServer, type TestServer } from '../support/test-server';

const today = dayjs().format('YYYY-MM-DD');
const changesQuery = `query ($after: String) { changes(after: $after, first: 10) { ... on ChangePage { changes { action id node { ...EntityFields } } } } } ${entityFields}`;

/**
 * Receipts and trips are created and updated in one statement each, with the row worked out before it is
 * written (domain/one-statement-writes.ts): what the mutation answers, what the change log carries and
 * what a later read finds must be the same entity, field for field.
 */
describe.each(engines)('writes in one statement on $name', (engine) => {
  let server: TestServer;
  let ids: Awaited<ReturnType<typeof demoIds>>;

  beforeAll(async () => {
    server = await startTestServer(engine);
    ids = await demoIds(server.app.services.db);
  });
  afterAll(() => server?.stop());

  const syncCursor = async () => (await graphqlData(server.url, '{ syncCursor }', {}, server.tokens.employee)).syncCursor as string;
  const create = async (type: 'Receipt' | 'MileageEntry', input: Record<string, unknown>, key?: string) =>
    (await graphqlData(
      server.url,
      `mutation ($input: Create${type}Input!, $key: String) { r: create${type}(input: $input, idempotencyKey: $key) { __typename ...EntityFields ... on ValidationError { fields { field message } } } } ${entityFields}`,
      { input, key },
      server.tokens.employee,
    )).r;
  const update = async (id: string, version: number, input: Record<string, unknown>, key?: string) =>
    (await graphqlData(
      server.url,
      `mutation ($id: ID!, $v: Int!, $input: UpdateReceiptInput!, $key: String) { r: updateReceipt(id: $id, version: $v, input: $input, idempotencyKey: $key) { __typename ...EntityFields ... on Error { message } } } ${entityFields}`,
      { id, v: version, input, key },
      server.tokens.employee,
    )).r;
  const writesDuring = async <T>(work: () => Promise<T>) => {
    const before = server.statements.length;
    const result = await work();
    // What else runs meanwhile only reads (the change feed, the session).
    return { result, writes: server.statements.slice(before).filter((statement) => /\b(insert|update|delete)\b/i.test(statement)) };
  };
  const read = async (id: string) => (await graphqlData(server.url, `query ($id: ID!) { node(id: $id) { ...EntityFields } } ${entityFields}`, { id }, server.tokens.employee)).node;

  const cases = [
    { type: 'Receipt' as const, input: () => ({ costCenterId: ids.field, date: today, amountCents: 4_217, currency: 'eur', vendor: '  Café Zürich ', category: 'MEALS' }) },
    { type: 'MileageEntry' as const, input: () => ({ costCenterId: ids.field, date: today, startLocation: 'Depot', endLocation: 'Client', odometerStart: 1_000, odometerEnd: 1_012, miles: 12.3, purpose: 'Site visit' }) },
  ];

  it.each(cases)('answers a $type as it is stored and as the change log carries it, in one statement', async ({ type, input }) => {
    const after = await syncCursor();
    const { result: created, writes } = await writesDuring(() => create(type, input(), `one-statement-${type}-${engine.name}`));
    expect(created.__typename).toBe(type);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/insert into "(receipts|mileage_entries)".*insert into "change_events".*insert into "entity_history"/s);

    expect(await read(created.id)).toEqual(created);
    const { changes } = await graphqlData(server.url, changesQuery, { after }, server.tokens.employee);
    expect(changes.changes).toEqual([{ action: 'CREATE', id: created.id, node: created }]);
    const { node } = await graphqlData(server.url, 'query ($id: ID!) { node(id: $id) { ... on Receipt { history(first: 5) { nodes { action changes { field } } } } ... on MileageEntry { history(first: 5) { nodes { action changes { field } } } } } }', { id: created.id }, server.tokens.employee);
    expect(node.history.nodes).toEqual([{ action: 'CREATE', changes: expect.arrayContaining([{ field: 'costCenterId' }, { field: 'date' }, { field: 'status' }]) }]);
  });

  it('answers an update as it is stored and as the change log carries it, in one statement', async () => {
    const created = await create('Receipt', { costCenterId: ids.field, date: today, amountCents: 1_000, vendor: 'Before', category: 'MEALS' });
    const after = await syncCursor();
    const { result: updated, writes } = await writesDuring(() => update(created.id, 1, { vendor: 'After', amountCents: 1_250, description: 'Team lunch' }, `update-${engine.name}`));
    expect(updated).toMatchObject({ __typename: 'Receipt', version: 2, vendor: 'After', amountCents: 1_250, createdAt: created.createdAt });
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/update "receipts".*insert into "idempotency_keys".*insert into "change_events".*insert into "entity_history"/s);

    expect(await read(created.id)).toEqual(updated);
    const { changes } = await graphqlData(server.url, `query ($after: String) { changes(after: $after, first: 10) { ... on ChangePage { changes { action id changedFields node { ...EntityFields } } } } } ${entityFields}`, { after }, server.tokens.employee);
    expect(changes.changes).toEqual([{ action: 'UPDATE', id: created.id, changedFields: ['amountCents', 'vendor', 'description'], node: updated }]);
    const { node } = await graphqlData(server.url, 'query ($id: ID!) { node(id: $id) { ... on Receipt { history(first: 5) { nodes { action changes { field before after } } } } } }', { id: created.id }, server.tokens.employee);
    expect(node.history.nodes[0]).toEqual({
      action: 'UPDATE',
      changes: [
        { field: 'amountCents', before: '1000', after: '1250' },
        { field: 'vendor', before: 'Before', after: 'After' },
        { field: 'description', before: '', after: 'Team lunch' },
      ],
    });
  });

  it('lets one of two concurrent updates of the same version through and answers the other with a conflict', async () => {
    const created = await create('Receipt', { costCenterId: ids.field, date: today, amountCents: 300, vendor: 'Contested', category: 'MEALS' });
    const before = await tableCounts(server.app.services.db);
    const answers = await Promise.all([update(created.id, 1, { vendor: 'Phone' }), update(created.id, 1, { vendor: 'Portal' })]);
    expect(answers.map((answer) => answer.__typename).sort()).toEqual(['Receipt', 'VersionConflictError']);
    const winner = answers.find((answer) => answer.__typename === 'Receipt');
    expect(await read(created.id)).toEqual(winner);
    expect(await tableCounts(server.app.services.db)).toEqual({ ...before, changeEvents: before.changeEvents + 1 });
  });

  it('undoes an update whose key another request already took, and answers IdempotencyKeyReusedError', async () => {
    const key = `taken-${engine.name}`;
    const first = await create('Receipt', { costCenterId: ids.field, date: today, amountCents: 100, vendor: 'First', category: 'MEALS' });
    const second = await create('Receipt', { costCenterId: ids.field, date: today, amountCents: 200, vendor: 'Second', category: 'MEALS' });
    expect(await update(first.id, 1, { vendor: 'First, edited' }, key)).toMatchObject({ __typename: 'Receipt', version: 2 });
    const before = await tableCounts(server.app.services.db);
    expect(await update(second.id, 1, { vendor: 'Second, edited' }, key)).toMatchObject({ __typename: 'IdempotencyKeyReusedError' });
    expect(await read(second.id)).toEqual(second);
    expect(await tableCounts(server.app.services.db)).toEqual(before);
  });

  it('writes nothing, key included, for a create its references refuse; the same key then carries the corrected request', async () => {
    const key = `refused-then-corrected-${engine.name}`;
    const before = await tableCounts(server.app.services.db);
    const refused = await create('Receipt', { costCenterId: ids.sales, date: today, amountCents: 500, vendor: 'Kiosk', category: 'MEALS' }, key);
    expect(refused).toEqual({ __typename: 'ValidationError', fields: [{ field: 'costCenterId', message: 'is not a cost center this employee works for' }] });
    expect(await tableCounts(server.app.services.db)).toEqual(before);

    const corrected = await create('Receipt', { costCenterId: ids.field, date: today, amountCents: 500, vendor: 'Kiosk', category: 'MEALS' }, key);
    expect(corrected.__typename).toBe('Receipt');
    const retried = await create('Receipt', { costCenterId: ids.field, date: today, amountCents: 500, vendor: 'Kiosk', category: 'MEALS' }, key);
    expect(retried).toEqual(corrected);
    expect(await tableCounts(server.app.services.db)).toEqual({ ...before, receipts: before.receipts + 1, changeEvents: before.changeEvents + 1 });
  });

  it('answers concurrent sends of one keyed create with one receipt', async () => {
    const key = `concurrent-${engine.name}`;
    const before = await tableCounts(server.app.services.db);
    const input = { costCenterId: ids.field, date: today, amountCents: 777, vendor: 'Same request', category: 'TRAVEL' };
    const answers = await Promise.all(Array.from({ length: 6 }, () => create('Receipt', input, key)));
    expect(new Set(answers.map((answer) => answer.id)).size).toBe(1);
    expect(answers.every((answer) => answer.__typename === 'Receipt')).toBe(true);
    expect(await tableCounts(server.app.services.db)).toEqual({ ...before, receipts: before.receipts + 1, changeEvents: before.changeEvents + 1 });
  });
});
