import { count, sql, type SQL } from 'drizzle-orm';
import type { Scope } from '../auth/rules';
import type { Queryable } from '../db/client';
import { mileageEntries, receipts, timeEntries } from '../db/schema';
import { entryConditions, type EntryFilter, type EntryTable } from './entry-queries';

/** Sums of the three entry types for one group (a cost center, a week, or everything). */
export interface EntryTotals {
  miles: number;
  amountCents: number;
  hours: number;
  mileageCount: number;
  receiptCount: number;
  timeEntryCount: number;
}

export const emptyTotals = (): EntryTotals => ({
  miles: 0,
  amountCents: 0,
  hours: 0,
  mileageCount: 0,
  receiptCount: 0,
  timeEntryCount: 0,
});

type Grouping = 'costCenter' | 'week';

function groupKey(table: EntryTable, grouping: Grouping): SQL<string> {
  return grouping === 'costCenter'
    ? sql<string>`${table.costCenterId}`
    : sql<string>`to_char(date_trunc('week', ${table.date}::timestamp), 'YYYY-MM-DD')`;
}

async function sumBy(
  db: Queryable,
  table: EntryTable,
  amount: SQL,
  scope: Scope,
  filter: EntryFilter | null | undefined,
  grouping: Grouping,
): Promise<Array<{ key: string; total: number; entries: number }>> {
  const key = groupKey(table, grouping);
  return db
    .select({ key, total: sql<number>`coalesce(sum(${amount}), 0)::float8`.mapWith(Number), entries: count() })
    .from(table)
    .where(entryConditions(table, scope, filter))
    .groupBy(key);
}

/**
 * Totals of miles, amounts and hours for a filter, grouped by cost center or by week (Monday first).
 * Three aggregate statements, one per entry table, whatever the number of entries.
 */
export async function entryTotals(
  db: Queryable,
  scope: Scope,
  filter: EntryFilter | null | undefined,
  grouping: Grouping,
): Promise<Map<string, EntryTotals>> {
  const [miles, amounts, hours] = await Promise.all([
    sumBy(db, mileageEntries, sql`${mileageEntries.miles}`, scope, filter, grouping),
    sumBy(db, receipts, sql`${receipts.amountCents}`, scope, filter, grouping),
    sumBy(db, timeEntries, sql`${timeEntries.hours}`, scope, filter, grouping),
  ]);
  const groups = new Map<string, EntryTotals>();
  const group = (key: string) => {
    let totals = groups.get(key);
    if (!totals) groups.set(key, (totals = emptyTotals()));
    return totals;
  };
  for (const row of miles) Object.assign(group(row.key), { miles: round(row.total, 1), mileageCount: row.entries });
  for (const row of amounts) Object.assign(group(row.key), { amountCents: row.total, receiptCount: row.entries });
  for (const row of hours) Object.assign(group(row.key), { hours: round(row.total, 2), timeEntryCount: row.entries });
  return groups;
}

export function addTotals(sum: EntryTotals, more: EntryTotals): EntryTotals {
  return {
    miles: round(sum.miles + more.miles, 1),
    amountCents: sum.amountCents + more.amountCents,
    hours: round(sum.hours + more.hours, 2),
    mileageCount: sum.mileageCount + more.mileageCount,
    receiptCount: sum.receiptCount + more.receiptCount,
    timeEntryCount: sum.timeEntryCount + more.timeEntryCount,
  };
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
