import { and, asc, count, desc, eq, getTableColumns, gte, inArray, lte, ne, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Scope } from '../auth/rules';
import type { Viewer } from '../auth/viewer';
import type { Queryable } from '../db/client';
import { employees, mileageEntries, receipts, timeEntries, type EntryStatus } from '../db/schema';
import { containsEveryWord } from './text-search';
import type { EntryRow } from './entry-kind';

export interface EntryFilter {
  employeeId?: string | null;
  costCenterId?: string | null;
  /** First day included. */
  from?: string | null;
  /** Last day included. */
  to?: string | null;
  /** Any of these review states; empty or absent: all. */
  status?: readonly EntryStatus[] | null;
  /** Words that must all appear in the entry's text or its employee's name (validated: at most 100 characters). */
  search?: string | null;
}

export type EntryTable = PgTable & {
  id: PgColumn;
  employeeId: PgColumn;
  costCenterId: PgColumn;
  date: PgColumn;
  status: PgColumn;
  submittedAt: PgColumn;
};

/** The text a search looks through, per entry table: what a person would recognize an entry by. */
const searchedText = new Map<PgTable, ReadonlyArray<PgColumn | SQL>>([
  [mileageEntries, [mileageEntries.startLocation, mileageEntries.endLocation, mileageEntries.purpose]],
  [receipts, [receipts.vendor, sql`${receipts.category}::text`, receipts.description]],
  [timeEntries, [timeEntries.notes, sql`${timeEntries.timeCategory}::text`]],
]);

/** Every word in the entry's own text or its employee's name. */
function entrySearch(table: EntryTable, search: string | null | undefined): SQL | undefined {
  return containsEveryWord([...(searchedText.get(table) ?? []), employeeNameOf(table)], search);
}

/** The rows of `table` the scope reaches and the filter asks for. */
export function entryConditions(table: EntryTable, scope: Scope, filter: EntryFilter | null | undefined): SQL | undefined {
  return and(
    scope.kind === 'all' ? undefined : inArray(table.employeeId, [...scope.employeeIds]),
    filter?.employeeId ? eq(table.employeeId, filter.employeeId) : undefined,
    filter?.costCenterId ? eq(table.costCenterId, filter.costCenterId) : undefined,
    filter?.from ? gte(table.date, filter.from) : undefined,
    filter?.to ? lte(table.date, filter.to) : undefined,
    filter?.status?.length ? inArray(table.status, [...filter.status]) : undefined,
    entrySearch(table, filter?.search),
  );
}

/** What a list is sorted by: a column or expression of the entry, then its id, both in one direction. */
export interface EntryOrder {
  key: PgColumn | SQL;
  descending: boolean;
}

/** The entry's employee's name, to sort by. */
export const employeeNameOf = (table: EntryTable): SQL => sql`(select ${employees.name} from ${employees} where ${employees.id} = ${table.employeeId})`;

/**
 * One page in `order` (by default newest first: by date), then id, so the order is total and a keyset
 * cursor is exact. The cursor holds the sort key as PostgreSQL prints it (`sortKey` of each row), which
 * PostgreSQL reads back as the key's own type.
 */
export async function listEntryPage<Row extends EntryRow>(
  db: Queryable,
  table: EntryTable,
  where: SQL | undefined,
  limit: number,
  after: { key: string; id: string } | null,
  order: EntryOrder = { key: table.date, descending: true },
): Promise<{ rows: Array<Row & { sortKey: string }>; hasNextPage: boolean }> {
  const { key, descending } = order;
  const beyond = after && (descending ? sql`(${key}, ${table.id}) < (${after.key}, ${after.id})` : sql`(${key}, ${table.id}) > (${after.key}, ${after.id})`);
  const rows = await db
    .select({ ...getTableColumns(table), sortKey: sql<string>`(${key})::text` })
    .from(table)
    .where(and(where, beyond ?? undefined))
    .orderBy(...(descending ? [desc(key), desc(table.id)] : [asc(key), asc(table.id)]))
    .limit(limit + 1);
  return { rows: rows.slice(0, limit) as unknown as Array<Row & { sortKey: string }>, hasNextPage: rows.length > limit };
}

export async function countEntries(db: Queryable, table: EntryTable, where: SQL | undefined): Promise<number> {
  const [row] = await db.select({ total: count() }).from(table).where(where);
  return row?.total ?? 0;
}

/** A table whose rows wait in a review queue: timesheets and the three entry tables. */
export type ReviewedTable = PgTable & { id: PgColumn; employeeId: PgColumn; status: PgColumn; submittedAt: PgColumn };

/**
 * What a reviewer's queue holds: submitted, owned by an employee the viewer reviews (their scope), never
 * the viewer's own. Employees review nothing.
 */
export function reviewQueueConditions(table: ReviewedTable, viewer: Viewer, scope: Scope): SQL | undefined {
  if (viewer.role === 'EMPLOYEE') return sql`false`;
  return and(
    scope.kind === 'all' ? undefined : inArray(table.employeeId, [...scope.employeeIds]),
    eq(table.status, 'SUBMITTED'),
    ne(table.employeeId, viewer.employeeId),
  );
}

/**
 * Oldest submission first, then id. The cursor holds the stored timestamp as PostgreSQL prints it
 * (microseconds), since a JavaScript Date would round it and repeat or skip rows at a page boundary.
 */
export async function listSubmittedPage<Row>(
  db: Queryable,
  table: ReviewedTable,
  where: SQL | undefined,
  limit: number,
  after: { submittedAt: string; id: string } | null,
): Promise<{ rows: Array<Row & { submittedKey: string }>; hasNextPage: boolean }> {
  const rows = await db
    .select({ ...getTableColumns(table), submittedKey: sql<string>`${table.submittedAt}::text` })
    .from(table)
    .where(and(where, after ? sql`(${table.submittedAt}, ${table.id}) > (${after.submittedAt}::timestamptz, ${after.id})` : undefined))
    .orderBy(asc(table.submittedAt), asc(table.id))
    .limit(limit + 1);
  return { rows: rows.slice(0, limit) as unknown as Array<Row & { submittedKey: string }>, hasNextPage: rows.length > limit };
}
