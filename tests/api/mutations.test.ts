import dayjs from 'dayjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../support/engines';
import { demoIds, entityFields, errorFields, tableCounts } from '../support/fixtures';
import { graphqlData, postGraphQL } from '../support/graphql-client';
import { startTestServer, type TestServer } from '../support/test-server';

type Ids = Awaited<ReturnType<typeof demoIds>>;
const today = dayjs().format('YYYY-MM-DD');

/** Each entry type: a valid create input, a patch, and inputs that break one rule each. */
interface EntryTypeCase {
  typename: string;
  idPrefix: string;
  valid(ids: Ids): Record<string, unknown>;
  patch: Record<string, unknown>;
  patched: Record<string, unknown>;
  invalid: Array<{ input: Record<string, unknown>; field: string; message: string }>;
}

const entryTypes: EntryTypeCase[] = [
  {
    typename: 'MileageEntry',
    idPrefix: 'mil',
    valid: (ids: Ids) => ({ costCenterId: ids.field, date: today, startLocation: 'Head office', endLocation: 'Airport', miles: 12.5, purpose: 'Client visit' }),
    patch: { miles: 20.3, purpose: 'Airport run' },
    patched: { miles: 20.3, purpose: 'Airport run' },
    invalid: [
      { input: { miles: -1 }, field: 'miles', message: 'must not be negative' },
      { input: { miles: 20.25 }, field: 'miles', message: 'must have at most one decimal (tenths of a mile)' },
      { input: { date: '2099-01-01' }, field: 'date', message: 'must not be more than 31 days in the future' },
      { input: { purpose: 'x'.repeat(501) }, field: 'purpose', message: 'must be at most 500 characters' },
      { input: { odometerStart: 500, odometerEnd: 400 }, field: 'odometerEnd', message: 'must not be below the start reading' },
      { input: { costCenterId: 'cc_00000000-0000-0000-0000-000000000000' }, field: 'costCenterId', message: 'is not a known cost center' },
    ],
  },
  {
    typename: 'Receipt',
    idPrefix: 'rcp',
    valid: (ids: Ids) => ({ costCenterId: ids.field, date: today, amountCents: 4210, vendor: 'Staples', category: 'SUPPLIES' }),
    patch: { amountCents: 5000, vendor: 'Office Depot' },
    patched: { amountCents: 5000, vendor: 'Office Depot', currency: 'USD' },
    invalid: [
      { input: { vendor: '   ' }, field: 'vendor', message: 'must not be empty' },
      { input: { amountCents: -5 }, field: 'amountCents', message: 'must not be negative' },
      { input: { currency: 'DOLLARS' }, field: 'currency', message: 'must be a three-letter code like USD' },
    ],
  },
  {
    typename: 'TimeEntry',
    idPrefix: 'tim',
    valid: (ids: Ids) => ({ costCenterId: ids.field, date: today, hours: 0.5, timeCategory: 'REGULAR' }),
    patch: { hours: 1, notes: 'Stayed late' },
    patched: { hours: 1, notes: 'Stayed late' },
    invalid: [
      { input: { hours: 25 }, field: 'hours', message: 'must be at most 24 in one day' },
      { input: { hours: 0 }, field: 'hours', message: 'must be more than 0' },
      { input: { notes: 'n'.repeat(2001) }, field: 'notes', message: 'must be at most 2000 characters' },
    ],
  },
];

const createMutation = (typename: string) => /* GraphQL */ `
  mutation ($input: Create${typename}Input!, $key: String) {
    result: create${typename}(input: $input, idempotencyKey: $key) { ...EntityFields ...ErrorFields }
  }
  ${entityFields} ${errorFields}`;
const updateMutation = (typename: string) => /* GraphQL */ `
  mutation ($id: ID!, $version: Int!, $input: Update${typename}Input!) {
    result: update${typename}(id: $id, version: $version, input: $input) { ...EntityFields ...ErrorFields }
  }
  ${entityFields} ${errorFields}`;
const deleteMutation = (typename: string) => /* GraphQL */ `
  mutation ($id: ID!, $version: Int!) {
    result: delete${typename}(id: $id, version: $version) { __typename ... on DeletedEntity { id type } ...ErrorFields }
  }
  ${entityFields} ${errorFields}`;

describe.each(engines)('mutations on $name', (engine) => {
  let server: TestServer;
  let ids: Ids;
  const run = (query: string, variables: Record<string, unknown>, token = server.tokens.employee) =>
    graphqlData<{ result: Record<string, any> }>(server.url, query, variables, token).then((data) => data.result);

  beforeAll(async () => {
    server = await startTestServer(engine);
    ids = await demoIds(server.app.services.db);
  });
  afterAll(() => server?.stop());

  describe.each(entryTypes)('$typename', (type) => {
    it('creates, updates and deletes, each writing one change event', async () => {
      const before = await tableCounts(server.app.services.db);
      const created = await run(createMutation(type.typename), { input: type.valid(ids) });
      expect(created).toMatchObject({ __typename: type.typename, version: 1, employeeId: ids.employee, costCenterId: ids.field });

      const updated = await run(updateMutation(type.typename), { id: created.id, version: 1, input: type.patch });
      expect(updated).toMatchObject({ __typename: type.typename, id: created.id, version: 2, ...type.patched });

      const deleted = await run(deleteMutation(type.typename), { id: created.id, version: 2 });
      expect(deleted).toEqual({ __typename: 'DeletedEntity', id: created.id, type: expect.any(String) });

      const after = await tableCounts(server.app.services.db);
      expect(after.changeEvents).toBe(before.changeEvents + 3);
      const node = await graphqlData(server.url, 'query ($id: ID!) { node(id: $id) { id } }', { id: created.id }, server.tokens.admin);
      expect(node.node).toBeNull();
    });

    it.each(type.invalid)('rejects $field ($message) and writes nothing', async ({ input, field, message }) => {
      const before = await tableCounts(server.app.services.db);
      const result = await run(createMutation(type.typename), { input: { ...type.valid(ids), ...input } });
      expect(result.__typename).toBe('ValidationError');
      expect(result.fields).toContainEqual({ field, message });
      expect(await tableCounts(server.app.services.db)).toEqual(before);
    });

    it('rejects an update with a stale version, returns the current entity and writes nothing', async () => {
      const created = await run(createMutation(type.typename), { input: type.valid(ids) });
      await run(updateMutation(type.typename), { id: created.id, version: 1, input: type.patch });
      const before = await tableCounts(server.app.services.db);
      const conflict = await run(updateMutation(type.typename), { id: created.id, version: 1, input: type.valid(ids) });
      expect(conflict).toMatchObject({ __typename: 'VersionConflictError', expectedVersion: 1, current: { id: created.id, version: 2, ...type.patched } });
      const staleDelete = await run(deleteMutation(type.typename), { id: created.id, version: 1 });
      expect(staleDelete.__typename).toBe('VersionConflictError');
      expect(await tableCounts(server.app.services.db)).toEqual(before);
    });

    it('returns NotFoundError for an unknown id and writes nothing', async () => {
      const before = await tableCounts(server.app.services.db);
      const missing = `${type.idPrefix}_00000000-0000-0000-0000-000000000000`;
      const update = await run(updateMutation(type.typename), { id: missing, version: 1, input: type.patch });
      expect(update).toMatchObject({ __typename: 'NotFoundError', id: missing });
      const remove = await run(deleteMutation(type.typename), { id: missing, version: 1 });
      expect(remove).toMatchObject({ __typename: 'NotFoundError', id: missing });
      expect(await tableCounts(server.app.services.db)).toEqual(before);
    });

    it('replays an idempotent create: same result, one row, one event', async () => {
      const key = `phone-retry-${type.typename}-${engine.name}`;
      const first = await run(createMutation(type.typename), { input: type.valid(ids), key });
      const before = await tableCounts(server.app.services.db);
      const [second, third] = await Promise.all([
        run(createMutation(type.typename), { input: type.valid(ids), key }),
        run(createMutation(type.typename), { input: type.valid(ids), key }),
      ]);
      expect(second).toEqual(first);
      expect(third).toEqual(first);
      expect(await tableCounts(server.app.services.db)).toEqual(before);

      const reused = await run(createMutation(type.typename), { input: { ...type.valid(ids), date: '2026-01-02' }, key });
      expect(reused).toMatchObject({ __typename: 'IdempotencyKeyReusedError', message: expect.stringContaining('different request') });
      expect(await tableCounts(server.app.services.db)).toEqual(before);
    });
  });

  describe('Employee', () => {
    it('lets an admin create, update and delete an employee', async () => {
      const email = `casey.${engine.name}@staffsync.example`;
      const created = await run(
        createMutation('Employee'),
        { input: { name: 'Casey Morgan', email: email.toUpperCase(), costCenterIds: [ids.sales], password: 'a long enough password' } },
        server.tokens.admin,
      );
      expect(created).toMatchObject({ __typename: 'Employee', name: 'Casey Morgan', email, role: 'EMPLOYEE', active: true, costCenters: [{ id: ids.sales, code: 'SALES' }] });
      const updated = await run(updateMutation('Employee'), { id: created.id, version: 1, input: { role: 'SUPERVISOR', costCenterIds: [ids.ops, ids.field] } }, server.tokens.admin);
      expect(updated).toMatchObject({ version: 2, role: 'SUPERVISOR', costCenters: [{ code: 'FIELD' }, { code: 'OPS' }] });
      const deleted = await run(deleteMutation('Employee'), { id: created.id, version: 2 }, server.tokens.admin);
      expect(deleted).toMatchObject({ __typename: 'DeletedEntity', id: created.id, type: 'EMPLOYEE' });
    });

    it('rejects a duplicate email, a bad email and an unknown cost center, writing nothing', async () => {
      const before = await tableCounts(server.app.services.db);
      const duplicate = await run(createMutation('Employee'), { input: { name: 'Jordan Again', email: 'Jordan@StaffSync.example' } }, server.tokens.admin);
      expect(duplicate).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'email', message: 'is already used by another employee' }] });
      const invalid = await run(createMutation('Employee'), { input: { name: '', email: 'not-an-email', costCenterIds: ['cc_nope'] } }, server.tokens.admin);
      expect(invalid.fields).toEqual(
        expect.arrayContaining([
          { field: 'name', message: 'must not be empty' },
          { field: 'email', message: 'must be an email address' },
        ]),
      );
      const unknownCenter = await run(createMutation('Employee'), { input: { name: 'Pat', email: 'pat@staffsync.example', costCenterIds: ['cc_nope'] } }, server.tokens.admin);
      expect(unknownCenter).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'costCenterIds', message: 'cc_nope is not a known cost center' }] });
      expect(await tableCounts(server.app.services.db)).toEqual(before);
    });

    it('refuses to delete an employee who has entries (deactivate instead)', async () => {
      const { node: employee } = await graphqlData(server.url, 'query ($id: ID!) { node(id: $id) { ... on Employee { id version } } }', { id: ids.salesEmployee }, server.tokens.admin);
      const before = await tableCounts(server.app.services.db);
      const result = await run(deleteMutation('Employee'), { id: employee.id, version: employee.version }, server.tokens.admin);
      expect(result).toMatchObject({ __typename: 'EmployeeHasEntriesError', message: expect.stringContaining('deactivate the account instead') });
      expect(await tableCounts(server.app.services.db)).toEqual(before);
    });

    it('does not let an employee manage employees', async () => {
      const result = await run(createMutation('Employee'), { input: { name: 'Eve', email: 'eve@staffsync.example' } }, server.tokens.employee);
      expect(result).toMatchObject({ __typename: 'ForbiddenError', message: 'Only an admin can create, change or remove employees' });
    });
  });

  it('refuses hours on a future day and days over 24 hours; asks to confirm future trips and miles far from the odometer', async () => {
    const before = await tableCounts(server.app.services.db);
    const ahead = dayjs().add(3, 'day').format('YYYY-MM-DD');
    const futureHours = await run(createMutation('TimeEntry'), { input: { costCenterId: ids.field, date: ahead, hours: 2 } });
    expect(futureHours).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'date', message: 'must not be in the future: log hours once worked' }] });
    const day = '2026-01-07';
    const first = await run(createMutation('TimeEntry'), { input: { costCenterId: ids.field, date: day, hours: 13.25 } });
    expect(first.__typename).toBe('TimeEntry');
    const over = await run(createMutation('TimeEntry'), { input: { costCenterId: ids.field, date: day, hours: 20 } });
    expect(over).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'hours', message: 'would make 33.25 h on this day with the 13.25 h already logged; a day has at most 24' }] });
    const moved = await run(updateMutation('TimeEntry'), { id: first.id, version: 1, input: { hours: 24 } });
    expect(moved).toMatchObject({ __typename: 'TimeEntry', hours: 24 });
    await run(deleteMutation('TimeEntry'), { id: first.id, version: 2 });

    const trip = { costCenterId: ids.field, date: ahead, startLocation: 'A', endLocation: 'B', odometerStart: 1000, odometerEnd: 1010, miles: 500, purpose: 'Typo' };
    const confirm = /* GraphQL */ `
      mutation ($input: CreateMileageEntryInput!, $confirm: [WarningCode!]) {
        result: createMileageEntry(input: $input, confirmWarnings: $confirm) {
          __typename ... on MileageEntry { id version } ... on ConfirmationRequiredError { warnings { code field message } }
        }
      }`;
    const asked = await run(confirm, { input: trip });
    expect(asked).toEqual({
      __typename: 'ConfirmationRequiredError',
      warnings: [
        { code: 'FUTURE_DATE', field: 'date', message: 'is in the future' },
        { code: 'MILES_DIFFER_FROM_ODOMETER', field: 'miles', message: 'differ from the odometer readings (10 mi)' },
      ],
    });
    const halfConfirmed = await run(confirm, { input: trip, confirm: ['FUTURE_DATE'] });
    expect(halfConfirmed.warnings).toEqual([{ code: 'MILES_DIFFER_FROM_ODOMETER', field: 'miles', message: 'differ from the odometer readings (10 mi)' }]);
    expect(await tableCounts(server.app.services.db)).toEqual({ ...before, changeEvents: before.changeEvents + 3, timeEntries: before.timeEntries });
    const saved = await run(confirm, { input: trip, confirm: ['FUTURE_DATE', 'MILES_DIFFER_FROM_ODOMETER'] });
    expect(saved.__typename).toBe('MileageEntry');
    await run(deleteMutation('MileageEntry'), { id: saved.id, version: 1 });
  });

  it('answers a signed-out mutation with HTTP 401 and UNAUTHENTICATED, and writes nothing', async () => {
    const before = await tableCounts(server.app.services.db);
    const response = await postGraphQL(server.url, createMutation('Receipt'), { input: entryTypes[1]!.valid(ids) });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ errors: [{ message: expect.stringContaining('Sign in first'), extensions: { code: 'UNAUTHENTICATED' } }] });
    expect(await tableCounts(server.app.services.db)).toEqual(before);
  });

  it('answers an impossible or malformed date with BAD_USER_INPUT naming the field, and writes nothing', async () => {
    const before = await tableCounts(server.app.services.db);
    for (const date of ['2026-02-30', 'yesterday', '2026-1-5']) {
      const response = await postGraphQL(server.url, createMutation('Receipt'), { input: { ...entryTypes[1]!.valid(ids), date } }, server.tokens.employee);
      expect(response.body.errors?.[0]?.extensions, date).toMatchObject({ code: 'BAD_USER_INPUT', field: 'date', path: 'input.date' });
    }
    expect(await tableCounts(server.app.services.db)).toEqual(before);
  });
});
