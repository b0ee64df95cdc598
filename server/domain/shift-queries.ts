import { and, asc, desc, eq, gte, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Scope } from '../auth/rules';
import type { Queryable } from '../db/client';
import { punches, shifts, timeEntries, type PunchRow, type ShiftRow, type TimeEntryRow } from '../db/schema';
import { clockStateOf } from './shift-state';
import { hoursByDay } from './shift-days';
import type { ClockState } from './errors';
import { dayIn } from './time-zone';

export interface ShiftFilter {
  employeeId?: string | null;
  /** Shifts that started at or after this instant. */
  from?: Date | null;
  /** Shifts that started at or before this instant. */
  to?: Date | null;
  /** Only open shifts (true) or only closed ones (false). */
  open?: boolean | null;
  /** Only forgotten shifts (open and started before `forgottenBefore`), or only the others. */
  forgotten?: boolean | null;
}

/** `forgottenBefore`: an open shift that started before it is forgotten (now minus SHIFT_FORGOTTEN_AFTER_HOURS). */
export function shiftConditions(scope: Scope, filter: ShiftFilter | null | undefined, forgottenBefore: Date = new Date()): SQL | undefined {
  const forgotten = sql`(${shifts.endedAt} IS NULL AND ${shifts.startedAt} < ${forgottenBefore.toISOString()}::timestamptz)`;
  return and(
    filter?.forgotten === true ? forgotten : filter?.forgotten === false ? sql`NOT ${forgotten}` : undefined,
    scope.kind === 'all' ? undefined : inArray(shifts.employeeId, [...scope.employeeIds]),
    filter?.employeeId ? eq(shifts.employeeId, filter.employeeId) : undefined,
    filter?.from ? gte(shifts.startedAt, filter.from) : undefined,
    filter?.to ? lte(shifts.startedAt, filter.to) : undefined,
    filter?.open === true ? isNull(shifts.endedAt) : filter?.open === false ? sql`${shifts.endedAt} IS NOT NULL` : undefined,
  );
}

/** Newest first, then id. */
export async function listShiftPage(db: Queryable, where: SQL | undefined, limit: number, after: { startedAt: string; id: string } | null) {
  const rows = await db
    .select()
    .from(shifts)
    .where(and(where, after ? sql`(${shifts.startedAt}, ${shifts.id}) < (${after.startedAt}::timestamptz, ${after.id})` : undefined))
    .orderBy(desc(shifts.startedAt), desc(shifts.id))
    .limit(limit + 1);
  return { rows: rows.slice(0, limit), hasNextPage: rows.length > limit };
}

export async function openShiftOfEmployee(db: Queryable, employeeId: string): Promise<ShiftRow | null> {
  const [shift] = await db.select().from(shifts).where(and(eq(shifts.employeeId, employeeId), isNull(shifts.endedAt)));
  return shift ?? null;
}

/** The punches of each shift, oldest first, in one statement. */
export async function punchesOfShifts(db: Queryable, shiftIds: readonly string[]): Promise<Map<string, PunchRow[]>> {
  const byShift = new Map<string, PunchRow[]>(shiftIds.map((id) => [id, []]));
  if (shiftIds.length === 0) return byShift;
  const rows = await db.select().from(punches).where(inArray(punches.shiftId, [...shiftIds])).orderBy(asc(punches.deviceAt), asc(punches.receivedAt));
  for (const row of rows) byShift.get(row.shiftId)?.push(row);
  return byShift;
}

/** The time entries built from each shift, by day, in one statement. */
export async function entriesOfShifts(db: Queryable, shiftIds: readonly string[]): Promise<Map<string, TimeEntryRow[]>> {
  const byShift = new Map<string, TimeEntryRow[]>(shiftIds.map((id) => [id, []]));
  if (shiftIds.length === 0) return byShift;
  const rows = await db.select().from(timeEntries).where(inArray(timeEntries.shiftId, [...shiftIds])).orderBy(asc(timeEntries.date));
  for (const row of rows) if (row.shiftId) byShift.get(row.shiftId)?.push(row);
  return byShift;
}

export interface BoardRow {
  employeeId: string;
  state: ClockState | 'CLOCKED_OUT';
  shift: ShiftRow;
  /** Worked today (in the shift's zone) up to `asOf`, over all of the employee's shifts of today. */
  hoursToday: number;
}

/** Hours a shift worked on the local day `now` falls on in its zone, up to `now`. */
function hoursOnDayOf(shift: ShiftRow, now: Date): number {
  const today = dayIn(now, shift.timeZone);
  return hoursByDay(shift, now).find((day) => day.date === today)?.hours ?? 0;
}

/**
 * Who in the scope is on the clock now, on a break, or clocked out today: one row per employee with a
 * shift open or worked today (in that shift's zone), with their latest shift and their hours today.
 */
export async function clockBoard(db: Queryable, scope: Scope, now: Date): Promise<BoardRow[]> {
  // A day is at most 26 hours long anywhere: older shifts cannot have worked today.
  const since = new Date(now.getTime() - 26 * 3_600_000);
  const rows = await db
    .select()
    .from(shifts)
    .where(and(shiftConditions(scope, null), or(isNull(shifts.endedAt), gte(shifts.endedAt, since))))
    .orderBy(asc(shifts.startedAt));
  const byEmployee = new Map<string, BoardRow>();
  for (const shift of rows) {
    const hours = hoursOnDayOf(shift, now);
    if (shift.endedAt && hours === 0 && dayIn(shift.endedAt, shift.timeZone) !== dayIn(now, shift.timeZone)) continue;
    const previous = byEmployee.get(shift.employeeId);
    const state = shift.endedAt ? 'CLOCKED_OUT' : clockStateOf(shift);
    byEmployee.set(shift.employeeId, { employeeId: shift.employeeId, state, shift, hoursToday: Math.round(((previous?.hoursToday ?? 0) + hours) * 100) / 100 });
  }
  return [...byEmployee.values()];
}
