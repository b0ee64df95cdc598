import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../support/engines';
import { demoIds } from '../support/fixtures';
import { failureFields, reviewClient } from '../support/review';
import { startTestServer, type TestServer } from '../support/test-server';

type Ids = Awaited<ReturnType<typeof demoIds>>;

const rateFields = '__typename ... on MileageRate { id version effectiveFrom effectiveTo centsPerMile note } ...Failure';

describe.each(engines)('mileage rates and reimbursement on $name', (engine) => {
  let server: TestServer;
  let ids: Ids;
  let api: ReturnType<typeof reviewClient>;
  const createRate = (role: 'admin' | 'supervisor' | 'employee', input: Record<string, unknown>) =>
    api.as(role, `mutation ($input: CreateMileageRateInput!) { r: createMileageRate(input: $input) { ${rateFields} } } ${failureFields}`, { input }).then((data) => data.r);
  const updateRate = (id: string, version: number, input: Record<string, unknown>) =>
    api.as('admin', `mutation ($id: ID!, $version: Int!, $input: UpdateMileageRateInput!) { r: updateMileageRate(id: $id, version: $version, input: $input) { ${rateFields} } } ${failureFields}`, { id, version, input }).then((data) => data.r);
  const rates = async () => (await api.as('employee', '{ mileageRates { id version effectiveFrom effectiveTo centsPerMile note } }')).mileageRates;
  const trip = (date: string, miles: number) =>
    api.create('employee', 'MileageEntry', { costCenterId: ids.field, date, startLocation: 'Depot', endLocation: 'Site', miles, purpose: 'Rates' });

  beforeAll(async () => {
    server = await startTestServer(engine);
    ids = await demoIds(server.app.services.db);
    api = reviewClient(server);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('is seeded with the IRS business rates: 70 cents for 2025, 72.5 cents from 2026 on', async () => {
    expect((await rates()).map((rate: Record<string, unknown>) => [rate.effectiveFrom, rate.effectiveTo, rate.centsPerMile])).toEqual([
      ['2025-01-01', '2025-12-31', 70],
      ['2026-01-01', null, 72.5],
    ]);
  });

  it('prices a trip at the rate of its day, fixes the amount at approval, and a later rate change does not alter it', async () => {
    const older = await trip('2025-06-30', 12.3);
    expect(older.reimbursement).toEqual({ centsPerMile: 70, amountCents: 861, fixed: false });
    const approvedTrip = await trip('2026-03-02', 12.3);
    const pending = await trip('2026-03-03', 100);
    expect(approvedTrip.reimbursement).toEqual({ centsPerMile: 72.5, amountCents: 892, fixed: false });
    await api.step('employee', 'submit', 'MileageEntry', approvedTrip.id, 1);
    const approved = await api.step('supervisor', 'approve', 'MileageEntry', approvedTrip.id, 2);
    expect(approved.reimbursement).toEqual({ centsPerMile: 72.5, amountCents: 892, fixed: true });

    // Split 2026 at March: trips from March 1 on are paid 80 cents.
    const current = (await rates()).find((rate: { effectiveFrom: string }) => rate.effectiveFrom === '2026-01-01');
    expect(await updateRate(current.id, current.version, { effectiveTo: '2026-02-28' })).toMatchObject({ __typename: 'MileageRate', effectiveTo: '2026-02-28' });
    expect(await createRate('admin', { effectiveFrom: '2026-03-01', centsPerMile: 80, note: 'Test rate' })).toMatchObject({ __typename: 'MileageRate', effectiveTo: null });

    expect((await api.node('employee', approvedTrip.id)).reimbursement).toEqual({ centsPerMile: 72.5, amountCents: 892, fixed: true });
    expect((await api.node('employee', pending.id)).reimbursement).toEqual({ centsPerMile: 80, amountCents: 8000, fixed: false });
    const history = await api.history('admin', current.id);
    expect(history.nodes[0]).toMatchObject({ action: 'UPDATE', actor: { name: 'Avery Admin' }, changes: [{ field: 'effectiveTo', before: null, after: '2026-02-28' }] });
  });

  it('refuses an overlapping period, a negative rate, a reversed period and a non-admin, writing nothing', async () => {
    const before = await rates();
    expect(await createRate('admin', { effectiveFrom: '2025-12-01', effectiveTo: '2026-01-31', centsPerMile: 65 })).toMatchObject({
      __typename: 'ValidationError',
      fields: [{ field: 'effectiveFrom', message: expect.stringContaining('overlaps the rate of 70 cents') }],
    });
    expect(await createRate('admin', { effectiveFrom: '2024-01-01', effectiveTo: '2024-12-31', centsPerMile: -1 })).toMatchObject({
      fields: [{ field: 'centsPerMile', message: 'must not be negative' }],
    });
    expect(await createRate('admin', { effectiveFrom: '2024-12-31', effectiveTo: '2024-01-01', centsPerMile: 67 })).toMatchObject({
      fields: [{ field: 'effectiveTo', message: 'must not be before the first day' }],
    });
    expect(await createRate('admin', { effectiveFrom: '2024-01-01', effectiveTo: '2024-12-31', centsPerMile: 67.005 })).toMatchObject({ __typename: 'ValidationError' });
    for (const role of ['supervisor', 'employee'] as const) {
      expect((await createRate(role, { effectiveFrom: '2024-01-01', effectiveTo: '2024-12-31', centsPerMile: 67 })).__typename).toBe('ForbiddenError');
    }
    expect(await rates()).toEqual(before);
  });

  it('keeps periods apart when two admins add overlapping ones at once', async () => {
    const results = await Promise.all([
      createRate('admin', { effectiveFrom: '2023-01-01', effectiveTo: '2023-06-30', centsPerMile: 65.5 }),
      createRate('admin', { effectiveFrom: '2023-06-01', effectiveTo: '2023-12-31', centsPerMile: 65.5 }),
    ]);
    expect(results.map((result) => result.__typename).sort()).toEqual(['MileageRate', 'ValidationError']);
  });

  it('refuses to approve a trip on a day no rate covers, naming the date', async () => {
    const old = await trip('2019-05-01', 10);
    expect(old.reimbursement).toBeNull();
    await api.step('employee', 'submit', 'MileageEntry', old.id, 1);
    expect(await api.step('supervisor', 'approve', 'MileageEntry', old.id, 2)).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'date' }] });
    expect((await api.node('admin', old.id)).status).toBe('SUBMITTED');
  });

  it('totals what trips are worth, what is approved and owed, and what was reimbursed', async () => {
    const filter = { employeeId: ids.employee, from: '2025-08-04', to: '2025-08-04' };
    const money = '{ currency amountCents }';
    const totals = async () =>
      (await api.as('supervisor', `query ($filter: EntryFilter) { totals(filter: $filter) { mileageAmount ${money} reimbursable ${money} reimbursed ${money} receiptAmounts ${money} } }`, { filter })).totals;
    const usd = (amountCents: number) => ({ currency: 'USD', amountCents });
    const first = await trip('2025-08-04', 10);
    const second = await trip('2025-08-04', 20);
    const receipt = await api.create('employee', 'Receipt', { costCenterId: ids.field, date: '2025-08-04', amountCents: 1234, vendor: 'Totals', category: 'OTHER' });
    expect(await totals()).toEqual({ mileageAmount: usd(2100), reimbursable: [], reimbursed: [], receiptAmounts: [usd(1234)] });
    for (const [typename, entry] of [['MileageEntry', first], ['MileageEntry', second], ['Receipt', receipt]] as const) {
      await api.step('employee', 'submit', typename, entry.id, 1);
      await api.step('supervisor', 'approve', typename, entry.id, 2);
    }
    await api.step('admin', 'reimburse', 'MileageEntry', second.id, 3);
    expect(await totals()).toEqual({ mileageAmount: usd(2100), reimbursable: [usd(700 + 1234)], reimbursed: [usd(1400)], receiptAmounts: [usd(1234)] });
  });
});
