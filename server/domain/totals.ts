import { count, sql, type SQL } from 'drizzle-orm';
import type { Scope } from '../auth/rules';
import type { Queryable } from '../db/client';
import { mileageEntries, mileageRates, receipts, timeEntries } from '../db/schema';
import { entryConditions, type EntryFilter, type EntryTable } from './entry-queries';

/** Sums of money by ISO 4217 currency code: amounts in different currencies are never added together. */
export type CurrencySums = Map<string, number>;

/** The currency of the mileage rate table (the IRS business rate is in US cents). */
export const mileageCurrency = 'USD';

/** Sums of the three entry types for one group (a cost center, a week, or everything). */
export interface EntryTotals {
  miles: number;
  hours: number;
  mileageCount: number;
  receiptCount: number;
  timeEntryCount: number;
  /** Receipt amounts, by currency. */
  receiptAmounts: CurrencySums;
  /** What the trips are worth (in the rate table's currency): fixed at approval, else miles x the rate in force on the trip's day. */
  mileageAmountCents: number;
  /** Approved trips and receipts not paid out yet, by currency. */
  reimbursable: CurrencySums;
  /** Trips and receipts marked reimbursed, by currency. */
  reimbursed: CurrencySums;
}

export const emptyTotals = (): EntryTotals => ({
  miles: 0,
  hours: 0,
  mileageCount: 0,
  receiptCount: 0,
  timeEntryCount: 0,
  receiptAmounts: new Map(),
  mileageAmountCents: 0,
  reimbursable: new Map(),
  reimbursed: new Map(),
});

function addTo(sums: CurrencySums, currency: string, cents: number): void {
  if (cents !== 0 || sums.has(currency)) sums.set(currency, (sums.get(currency) ?? 0) + cents);
}

function addSums(one: CurrencySums, other: CurrencySums): CurrencySums {
  const sums = new Map(one);
  for (const [currency, cents] of other) addTo(sums, currency, cents);
  return sums;
}

type Grouping = 'costCenter' | 'week';

function groupKey(table: EntryTable, grouping: Grouping): SQL<string> {
  return grouping === 'costCenter'
    ? sql<string>`${table.costCenterId}`
    : sql<string>`to_char(date_trunc('week', ${table.date}::timestamp), 'YYYY-MM-DD')`;
}

const sumOf = (value: SQL) => sql<number>`coalesce(sum(${value}), 0)::float8`.mapWith(Number);

/** The money an entry stands for, once approved and once paid: `money` where the status says so, else nothing. */
const moneyIn = (table: EntryTable, money: SQL, status: 'APPROVED' | 'REIMBURSED') => sql`case when ${table.status} = ${status} then ${money} end`;

async function sumBy(
  db: Queryable,
  table: EntryTable,
  amount: SQL,
  money: { cents: SQL; currency: SQL<string> },
  scope: Scope,
  filter: EntryFilter | null | undefined,
  grouping: Grouping,
): Promise<Array<{ key: string; currency: string; total: number; entries: number; money: number; reimbursable: number; reimbursed: number }>> {
  const key = groupKey(table, grouping);
  return db
    .select({
      key,
      currency: money.currency,
      total: sumOf(amount),
      entries: count(),
      money: sumOf(money.cents),
      reimbursable: sumOf(moneyIn(table, money.cents, 'APPROVED')),
      reimbursed: sumOf(moneyIn(table, money.cents, 'REIMBURSED')),
    })
    .from(table)
    .where(entryConditions(table, scope, filter))
    .groupBy(key, money.currency);
}

/** A trip's amount: fixed at approval, else priced at the rate in force on its day (nothing without one). */
const tripCents = sql`coalesce(${mileageEntries.reimbursementCents}, round(${mileageEntries.miles} * (
  select ${mileageRates.centsPerMile} from ${mileageRates}
  where ${mileageRates.effectiveFrom} <= ${mileageEntries.date}
    and (${mileageRates.effectiveTo} is null or ${mileageRates.effectiveTo} >= ${mileageEntries.date})
  limit 1)))`;

/**
 * Totals of miles, amounts and hours for a filter, grouped by cost center or by week (Monday first).
 * Three aggregate statements, one per entry table, whatever the number of entries; receipts are
 * summed per currency.
 */
export async function entryTotals(
  db: Queryable,
  scope: Scope,
  filter: EntryFilter | null | undefined,
  grouping: Grouping,
): Promise<Map<string, EntryTotals>> {
  const [miles, amounts, hours] = await Promise.all([
    sumBy(db, mileageEntries, sql`${mileageEntries.miles}`, { cents: tripCents, currency: sql<string>`${mileageCurrency}::text` }, scope, filter, grouping),
    sumBy(db, receipts, sql`${receipts.amountCents}`, { cents: sql`${receipts.amountCents}`, currency: sql<string>`${receipts.currency}` }, scope, filter, grouping),
    sumBy(db, timeEntries, sql`${timeEntries.hours}`, { cents: sql`0`, currency: sql<string>`${mileageCurrency}::text` }, scope, filter, grouping),
  ]);
  const groups = new Map<string, EntryTotals>();
  const group = (key: string) => {
    let totals = groups.get(key);
    if (!totals) groups.set(key, (totals = emptyTotals()));
    return totals;
  };
  for (const row of miles) {
    const totals = group(row.key);
    Object.assign(totals, { miles: round(row.total, 1), mileageCount: row.entries, mileageAmountCents: row.money });
    addTo(totals.reimbursable, row.currency, row.reimbursable);
    addTo(totals.reimbursed, row.currency, row.reimbursed);
  }
  for (const row of amounts) {
    const totals = group(row.key);
    totals.receiptCount += row.entries;
    totals.receiptAmounts.set(row.currency, row.total);
    addTo(totals.reimbursable, row.currency, row.reimbursable);
    addTo(totals.reimbursed, row.currency, row.reimbursed);
  }
  for (const row of hours) Object.assign(group(row.key), { hours: round(row.total, 2), timeEntryCount: row.entries });
  return groups;
}

export function addTotals(sum: EntryTotals, more: EntryTotals): EntryTotals {
  return {
    miles: round(sum.miles + more.miles, 1),
    hours: round(sum.hours + more.hours, 2),
    mileageCount: sum.mileageCount + more.mileageCount,
    receiptCount: sum.receiptCount + more.receiptCount,
    timeEntryCount: sum.timeEntryCount + more.timeEntryCount,
    receiptAmounts: addSums(sum.receiptAmounts, more.receiptAmounts),
    mileageAmountCents: sum.mileageAmountCents + more.mileageAmountCents,
    reimbursable: addSums(sum.reimbursable, more.reimbursable),
    reimbursed: addSums(sum.reimbursed, more.reimbursed),
  };
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
