import { and, count, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Scope } from '../auth/rules';
import type { Queryable } from '../db/client';
import type { EntryRow } from './entry-kind';

export interface EntryFilter {
  employeeId?: string | null;
  costCenterId?: string | null;
  /** First day included. */
  from?: string | null;
  /** Last day included. */
  to?: string | null;
}

export type EntryTable = PgTable & {
  id: PgColumn;
  employeeId: PgColumn;
  costCenterId: PgColumn;
  date: PgColumn;
};

/** The rows of `table` the scope reaches and the filter asks for. */
export function entryConditions(table: EntryTable, scope: Scope, filter: EntryFilter | null | undefined): SQL | undefined {
  return and(
    scope.kind === 'all' ? undefined : inArray(table.employeeId, [...scope.employeeIds]),
    filter?.employeeId ? eq(table.employeeId, filter.employeeId) : undefined,
    filter?.costCenterId ? eq(table.costCenterId, filter.costCenterId) : undefined,
    filter?.from ? gte(table.date, filter.from) : undefined,
    filter?.to ? lte(table.date, filter.to) : undefined,
  );
}

/** Newest first: by date, then id, so the order is total and a keyset cursor is exact. */
export async function listEntryPage<Row extends EntryRow>(
  db: Queryable,
  table: EntryTable,
  where: SQL | undefined,
  limit: number,
  after: { date: string; id: string } | null,
): Promise<{ rows: Row[]; hasNextPage: boolean }> {
  const rows = await db
    .select()
    .from(table)
    .where(and(where, after ? sql`(${table.date}, ${table.id}) < (${after.date}, ${after.id})` : undefined))
    .orderBy(desc(table.date), desc(table.id))
    .limit(limit + 1);
  return { rows: rows.slice(0, limit) as unknown as Row[], hasNextPage: rows.length > limit };
}

export async function countEntries(db: Queryable, table: EntryTable, where: SQL | undefined): Promise<number> {
  const [row] = await db.select({ total: count() }).from(table).where(where);
  return row?.total ?? 0;
}
