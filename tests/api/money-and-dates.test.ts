import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { mileageEntries, timeEntries } from '../../server/db/schema';
import { engines } from '../support/engines';
import { reviewSuite } from '../support/review';

dayjs.extend(utc);

const money = '{ currency amountCents }';

describe.each(engines)('money and dates on $name', (engine) => {
  const suite = reviewSuite(engine);

  it('sums receipts per currency, overall, per cost center, per week and once approved: never across currencies', async () => {
    const date = '2025-09-03';
    const filter = { employeeId: suite.ids.employee, from: date, to: date };
    const receipt = (amountCents: number, currency: string) =>
      suite.api.create('employee', 'Receipt', { costCenterId: suite.ids.field, date, amountCents, currency, vendor: `Currencies ${currency}`, category: 'MEALS' });
    const dollars = await receipt(1_000, 'USD');
    const euros = await receipt(2_550, 'EUR');
    await receipt(450, 'EUR');

    const totals = async () =>
      (
        await suite.api.as(
          'supervisor',
          `query ($filter: EntryFilter) { totals(filter: $filter) {
            receiptCount receiptAmounts ${money} reimbursable ${money}
            byCostCenter { receiptAmounts ${money} }
            byWeek(weeks: 104) { weekStart receiptAmounts ${money} }
          } }`,
          { filter },
        )
      ).totals;
    const sums = [
      { currency: 'EUR', amountCents: 3_000 },
      { currency: 'USD', amountCents: 1_000 },
    ];
    const before = await totals();
    expect(before.receiptCount).toBe(3);
    expect(before.receiptAmounts).toEqual(sums);
    expect(before.byCostCenter).toEqual([{ receiptAmounts: sums }]);
    expect(before.byWeek.find((week: { weekStart: string }) => week.weekStart === '2025-09-01').receiptAmounts).toEqual(sums);
    expect(before.reimbursable).toEqual([]);

    for (const entry of [dollars, euros]) {
      await suite.api.step('employee', 'submit', 'Receipt', entry.id, 1);
      await suite.api.step('supervisor', 'approve', 'Receipt', entry.id, 2);
    }
    expect((await totals()).reimbursable).toEqual([
      { currency: 'EUR', amountCents: 2_550 },
      { currency: 'USD', amountCents: 1_000 },
    ]);
  });

  it('keeps miles and hours exactly as sent, and refuses more precision instead of rounding it away', async () => {
    const trip = (miles: number) =>
      suite.api.create('employee', 'MileageEntry', { costCenterId: suite.ids.field, date: '2025-09-04', startLocation: 'Depot', endLocation: 'Site', miles, purpose: 'Precision' });
    expect(await trip(12.345)).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'miles', message: 'must have at most one decimal (tenths of a mile)' }] });
    expect(await trip(12.3)).toMatchObject({ __typename: 'MileageEntry', miles: 12.3 });

    const shift = (hours: number) => suite.api.create('employee', 'TimeEntry', { costCenterId: suite.ids.field, date: '2025-09-04', hours, notes: 'Precision' });
    expect(await shift(7.333)).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'hours', message: 'must have at most two decimals' }] });
    expect(await shift(7.25)).toMatchObject({ __typename: 'TimeEntry', hours: 7.25 });

    // The refused writes left nothing behind.
    const [trips, shifts] = await Promise.all([
      suite.server.app.services.db.$count(mileageEntries, eq(mileageEntries.purpose, 'Precision')),
      suite.server.app.services.db.$count(timeEntries, eq(timeEntries.notes, 'Precision')),
    ]);
    expect([trips, shifts]).toEqual([1, 1]);
  });

  it('means the UTC day by "today": 31 days ahead of it is accepted, 32 refused; weeks end with the current UTC week', async () => {
    const today = dayjs.utc().startOf('day');
    // Dated ahead is unusual: the user confirms it (FUTURE_DATE); the 31-day limit holds even then.
    const receipt = async (date: string) =>
      (
        await suite.api.as(
          'employee',
          'mutation ($input: CreateReceiptInput!) { r: createReceipt(input: $input, confirmWarnings: [FUTURE_DATE]) { __typename ... on ValidationError { fields { field message } } } }',
          { input: { costCenterId: suite.ids.field, date, amountCents: 100, vendor: 'Ahead', category: 'OTHER' } },
        )
      ).r;
    expect(await receipt(today.add(31, 'day').format('YYYY-MM-DD'))).toMatchObject({ __typename: 'Receipt' });
    expect(await receipt(today.add(32, 'day').format('YYYY-MM-DD'))).toMatchObject({
      __typename: 'ValidationError',
      fields: [{ field: 'date', message: 'must not be more than 31 days in the future' }],
    });

    const weeks = (await suite.api.as('employee', '{ totals { byWeek(weeks: 2) { weekStart } } }')).totals.byWeek;
    const thisMonday = today.subtract((today.day() + 6) % 7, 'day');
    expect(weeks.map((week: { weekStart: string }) => week.weekStart)).toEqual([thisMonday.subtract(1, 'week').format('YYYY-MM-DD'), thisMonday.format('YYYY-MM-DD')]);

    const pastRange = { from: '2025-08-20', to: '2025-09-03' };
    const pastWeeks = (await suite.api.as('employee', 'query ($filter: EntryFilter) { totals(filter: $filter) { byWeek(weeks: 3) { weekStart } } }', { filter: pastRange })).totals.byWeek;
    expect(pastWeeks.map((week: { weekStart: string }) => week.weekStart)).toEqual(['2025-08-18', '2025-08-25', '2025-09-01']);
  });
});
