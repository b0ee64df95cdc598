import { and, eq, ne, sql } from 'drizzle-orm';
import type { Transaction } from '../db/client';
import { z } from 'zod';
import { timeCategoryEnum, timeEntries, type TimeEntryRow } from '../db/schema';
import type { EntityKind } from './entity-kind';
import { entryKind } from './entry-kind';
import { lockOpenWeek, lockWeek, reviewColumnsOf, touchWeek, weekStartOf } from './timesheets';
import { ValidationError } from './errors';
import { atMostDecimals, entityId, entryDate, isSurelyFuture, text } from './validation';

export const timeEntrySchema = z.object({
  employeeId: entityId,
  costCenterId: entityId,
  date: entryDate.refine((date) => !isSurelyFuture(date), 'must not be in the future: log hours once worked'),
  hours: z
    .number('must be a number')
    .gt(0, 'must be more than 0')
    .max(24, 'must be at most 24 in one day')
    .refine(...atMostDecimals(2, 'must have at most two decimals')),
  timeCategory: z.enum(timeCategoryEnum.enumValues, 'is not a known category').default('REGULAR'),
  notes: text(2_000, 0).default(''),
  /** Set only by the time clock (domain/shift-entries.ts); kept as stored through edits. */
  shiftId: entityId.nullable().default(null),
});

type TimeEntryValues = z.output<typeof timeEntrySchema>;

const plainTimeEntryKind = entryKind<TimeEntryRow, typeof timeEntrySchema>({
  typename: 'TimeEntry',
  dataType: 'TIME_TRACKING',
  table: timeEntries,
  schema: timeEntrySchema,
});

/** Hours the employee logged on that day in other entries than `exceptId`. */
async function otherHoursOnDay(tx: Transaction, values: TimeEntryValues, exceptId?: string): Promise<number> {
  const [row] = await tx
    .select({ hours: sql<number>`coalesce(sum(${timeEntries.hours}), 0)`.mapWith(Number) })
    .from(timeEntries)
    .where(and(eq(timeEntries.employeeId, values.employeeId), eq(timeEntries.date, values.date), exceptId ? ne(timeEntries.id, exceptId) : undefined));
  return row?.hours ?? 0;
}

const formatHours = (hours: number) => `${Math.round(hours * 100) / 100} h`;

/** A day holds at most 24 hours; checked with the week locked, so two writes cannot both squeeze in. */
async function assertDayFits(tx: Transaction, values: TimeEntryValues, exceptId?: string): Promise<void> {
  const other = await otherHoursOnDay(tx, values, exceptId);
  if (other + values.hours > 24) {
    throw ValidationError.of('hours', `would make ${formatHours(other + values.hours)} on this day with the ${formatHours(other)} already logged; a day has at most 24`);
  }
}

const sameWeek = (a: { employeeId: string; date: string }, b: { employeeId: string; date: string }) =>
  a.employeeId === b.employeeId && weekStartOf(a.date) === weekStartOf(b.date);

/**
 * Hours are reviewed by week (a timesheet): every write locks the entry's week first, is refused in an
 * approved week, and gives the entry its week's review state; moving hours to another week is a write
 * to both weeks.
 */
export const timeEntryKind: EntityKind<TimeEntryRow, TimeEntryValues> = {
  ...plainTimeEntryKind,
  async lock(tx, id) {
    const [where] = await tx.select({ employeeId: timeEntries.employeeId, date: timeEntries.date }).from(timeEntries).where(eq(timeEntries.id, id));
    if (!where) return undefined;
    await lockWeek(tx, where.employeeId, weekStartOf(where.date));
    const row = await plainTimeEntryKind.lock(tx, id);
    // Moved to another week between the two reads: that week is locked too.
    if (row && !sameWeek(row, where)) await lockWeek(tx, row.employeeId, weekStartOf(row.date));
    return row;
  },
  // Its writes lock the week and check the day, so they go through a transaction.
  plainWrites: undefined,
  async insert(tx, id, values) {
    const sheet = await lockOpenWeek(tx, values.employeeId, values.date);
    await assertDayFits(tx, values);
    await touchWeek(tx, sheet);
    const [row] = await tx.insert(timeEntries).values({ ...values, ...reviewColumnsOf(sheet), id }).returning();
    if (!row) throw new Error('time entry insert returned no row');
    return row;
  },
  async update(tx, row, values) {
    const from = await lockWeek(tx, row.employeeId, weekStartOf(row.date));
    await touchWeek(tx, from);
    if (sameWeek(row, values)) {
      await assertDayFits(tx, values, row.id);
      return plainTimeEntryKind.update(tx, row, values);
    }
    const to = await lockOpenWeek(tx, values.employeeId, values.date);
    await assertDayFits(tx, values, row.id);
    await touchWeek(tx, to);
    return plainTimeEntryKind.update(tx, row, { ...values, ...reviewColumnsOf(to) });
  },
  async remove(tx, id) {
    const [removed] = await tx.delete(timeEntries).where(eq(timeEntries.id, id)).returning({ employeeId: timeEntries.employeeId, date: timeEntries.date });
    if (removed) await touchWeek(tx, await lockWeek(tx, removed.employeeId, weekStartOf(removed.date)));
  },
};
