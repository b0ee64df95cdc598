import { and, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Scope } from '../auth/rules';
import type { Queryable } from '../db/client';
import { timeEntries, timesheets, type EntryStatus, type TimeEntryRow, type TimesheetRow } from '../db/schema';
import { weekEndOf, weekStartOf } from './timesheets';

export interface TimesheetFilter {
  employeeId?: string | null;
  /** Weeks that end on or after this day. */
  from?: string | null;
  /** Weeks that start on or before this day. */
  to?: string | null;
  status?: readonly EntryStatus[] | null;
}

/** Weeks the scope reaches and the filter asks for, with at least one entry (an emptied week is not listed). */
export function timesheetConditions(scope: Scope, filter: TimesheetFilter | null | undefined): SQL | undefined {
  return and(
    scope.kind === 'all' ? undefined : inArray(timesheets.employeeId, [...scope.employeeIds]),
    filter?.employeeId ? eq(timesheets.employeeId, filter.employeeId) : undefined,
    filter?.from ? gte(timesheets.weekStart, weekStartOf(filter.from)) : undefined,
    filter?.to ? lte(timesheets.weekStart, filter.to) : undefined,
    filter?.status?.length ? inArray(timesheets.status, [...filter.status]) : undefined,
    sql`exists (select 1 from ${timeEntries} where ${timeEntries.employeeId} = ${timesheets.employeeId}
      and ${timeEntries.date} between ${timesheets.weekStart} and ${timesheets.weekStart} + 6)`,
  );
}

/** Newest week first, then id. */
export async function listTimesheetPage(
  db: Queryable,
  where: SQL | undefined,
  limit: number,
  after: { weekStart: string; id: string } | null,
): Promise<{ rows: TimesheetRow[]; hasNextPage: boolean }> {
  const rows = await db
    .select()
    .from(timesheets)
    .where(and(where, after ? sql`(${timesheets.weekStart}, ${timesheets.id}) < (${after.weekStart}, ${after.id})` : undefined))
    .orderBy(desc(timesheets.weekStart), desc(timesheets.id))
    .limit(limit + 1);
  return { rows: rows.slice(0, limit), hasNextPage: rows.length > limit };
}

/** The entries of each week, in one statement for any number of weeks; keys are `employeeId/weekStart`. */
export async function entriesOfWeeks(db: Queryable, weeks: ReadonlyArray<{ employeeId: string; weekStart: string }>): Promise<Map<string, TimeEntryRow[]>> {
  const byWeek = new Map<string, TimeEntryRow[]>(weeks.map((week) => [weekKey(week.employeeId, week.weekStart), []]));
  if (weeks.length === 0) return byWeek;
  const starts = weeks.map((week) => week.weekStart).sort();
  const rows = await db
    .select()
    .from(timeEntries)
    .where(
      and(
        inArray(timeEntries.employeeId, [...new Set(weeks.map((week) => week.employeeId))]),
        gte(timeEntries.date, starts[0]!),
        lte(timeEntries.date, weekEndOf(starts[starts.length - 1]!)),
      ),
    )
    .orderBy(timeEntries.date, timeEntries.id);
  for (const row of rows) byWeek.get(weekKey(row.employeeId, weekStartOf(row.date)))?.push(row);
  return byWeek;
}

export const weekKey = (employeeId: string, weekStart: string) => `${employeeId}/${weekStart}`;
