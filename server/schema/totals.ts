import dayjs from 'dayjs';
import { GraphQLError } from 'graphql';
import type { Context } from '../context';
import type { EntryFilter } from '../domain/entry-queries';
import { addTotals, emptyTotals, entryTotals, mileageCurrency, type CurrencySums, type EntryTotals } from '../domain/totals';
import { todayUtc } from '../domain/validation';
import { builder } from './builder';
import { EntryFilterInput } from './entry';
import { CostCenterRef } from './refs';

interface TotalsRequest {
  context: Context;
  filter: EntryFilter | null | undefined;
}

interface CurrencyAmount {
  currency: string;
  amountCents: number;
}

const CurrencyAmountRef = builder.objectRef<CurrencyAmount>('CurrencyAmount').implement({
  description: 'A sum of money in one currency; sums in different currencies are never added together',
  fields: (t) => ({
    currency: t.exposeString('currency', { description: 'ISO 4217 code, e.g. USD' }),
    amountCents: t.exposeFloat('amountCents', { description: 'Exact sum in the smallest unit of the currency (a Float because sums outgrow Int)' }),
  }),
});

/** One row per currency, in code order, as the API lists them. */
function byCurrency(sums: CurrencySums): CurrencyAmount[] {
  return [...sums].sort(([one], [other]) => one.localeCompare(other)).map(([currency, amountCents]) => ({ currency, amountCents }));
}

function totalsFields<Shape extends EntryTotals>(name: string, description: string) {
  return builder.objectRef<Shape>(name).implement({
    description,
    fields: (t) => ({
      miles: t.float({ resolve: (totals) => totals.miles }),
      receiptAmounts: t.field({
        type: [CurrencyAmountRef],
        description: 'Receipt amounts, one sum per currency (empty when there are none)',
        resolve: (totals) => byCurrency(totals.receiptAmounts),
      }),
      hours: t.float({ resolve: (totals) => totals.hours }),
      mileageCount: t.int({ resolve: (totals) => totals.mileageCount }),
      receiptCount: t.int({ resolve: (totals) => totals.receiptCount }),
      timeEntryCount: t.int({ resolve: (totals) => totals.timeEntryCount }),
      mileageAmount: t.field({
        type: CurrencyAmountRef,
        description: "What the trips are worth, in the rate table's currency: fixed at approval, else miles x the rate in force on their day",
        resolve: (totals) => ({ currency: mileageCurrency, amountCents: totals.mileageAmountCents }),
      }),
      reimbursable: t.field({
        type: [CurrencyAmountRef],
        description: 'Approved trips and receipts not paid out yet, one sum per currency',
        resolve: (totals) => byCurrency(totals.reimbursable),
      }),
      reimbursed: t.field({
        type: [CurrencyAmountRef],
        description: 'Trips and receipts marked reimbursed, one sum per currency',
        resolve: (totals) => byCurrency(totals.reimbursed),
      }),
    }),
  });
}

const CostCenterTotalsRef = totalsFields<EntryTotals & { costCenterId: string }>('CostCenterTotals', 'Totals of one cost center');
builder.objectField(CostCenterTotalsRef, 'costCenter', (t) =>
  t.field({ type: CostCenterRef, resolve: (totals) => totals.costCenterId }),
);

const WeekTotalsRef = totalsFields<EntryTotals & { weekStart: string }>('WeekTotals', 'Totals of one week, Monday to Sunday');
builder.objectField(WeekTotalsRef, 'weekStart', (t) => t.field({ type: 'Date', resolve: (totals) => totals.weekStart }));

const TotalsRef = totalsFields<EntryTotals & TotalsRequest & { byCostCenter: Array<EntryTotals & { costCenterId: string }> }>(
  'Totals',
  'Sums for a filter, over the entries the viewer may see',
);

builder.objectFields(TotalsRef, (t) => ({
  byCostCenter: t.field({ type: [CostCenterTotalsRef], resolve: (totals) => totals.byCostCenter }),
  byWeek: t.field({
    type: [WeekTotalsRef],
    description:
      "One row per week, oldest first, including weeks with nothing logged, ending with the week of the filter's last day when that is before today, else with this week",
    args: {
      weeks: t.arg.int({ required: false, defaultValue: 8, description: 'How many weeks back from the last week, the last week included (1 to 104)' }),
    },
    resolve: async ({ context, filter }, { weeks }) => {
      const count = weeks ?? 8;
      if (count < 1 || count > 104) throw new GraphQLError('weeks must be between 1 and 104', { extensions: { code: 'BAD_USER_INPUT' } });
      const today = todayUtc();
      // A range that ended in the past charts its own weeks, not the empty ones since.
      const lastDay = filter?.to && filter.to < today.format('YYYY-MM-DD') ? dayjs.utc(filter.to) : today;
      const lastMonday = lastDay.subtract((lastDay.day() + 6) % 7, 'day');
      const firstMonday = lastMonday.subtract(count - 1, 'week');
      const from = filter?.from && filter.from > firstMonday.format('YYYY-MM-DD') ? filter.from : firstMonday.format('YYYY-MM-DD');
      const groups = await entryTotals(context.db, await context.scope(), { ...filter, from }, 'week');
      return Array.from({ length: count }, (_, index) => {
        const weekStart = firstMonday.add(index, 'week').format('YYYY-MM-DD');
        return { ...(groups.get(weekStart) ?? emptyTotals()), weekStart };
      });
    },
  }),
}));

builder.queryField('totals', (t) =>
  t.field({
    type: TotalsRef,
    description: 'Sums of miles, receipt amounts and hours for a filter, overall, per cost center and per week',
    args: { filter: t.arg({ type: EntryFilterInput, required: false }) },
    resolve: async (_root, { filter }, context) => {
      const groups = await entryTotals(context.db, await context.scope(), filter, 'costCenter');
      const byCostCenter = [...groups].map(([costCenterId, totals]) => ({ ...totals, costCenterId }));
      const overall = byCostCenter.reduce<EntryTotals>((sum, group) => addTotals(sum, group), emptyTotals());
      return { ...overall, byCostCenter, context, filter };
    },
  }),
);
