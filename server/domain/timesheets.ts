import dayjs from 'dayjs';
import { and, eq, sql } from 'drizzle-orm';
import type { Transaction } from '../db/client';
import { timesheets, type TimesheetRow } from '../db/schema';
import type { ReviewColumns } from './entry-kind';
import { assertUnlocked } from './entry-status';
import { newId } from './ids';

/** The Monday of the week `date` (YYYY-MM-DD) falls in; weeks run Monday to Sunday. */
export function weekStartOf(date: string): string {
  const day = dayjs(date);
  return day.subtract((day.day() + 6) % 7, 'day').format('YYYY-MM-DD');
}

/** The Sunday that ends the week starting `weekStart`. */
export function weekEndOf(weekStart: string): string {
  return dayjs(weekStart).add(6, 'day').format('YYYY-MM-DD');
}

/**
 * The week's timesheet, created (as a draft) when it does not exist yet, and locked until the
 * transaction ends. Every time-entry write and every timesheet transition takes this lock first, so a
 * week is never approved while an entry is being added to it, and the two never deadlock.
 */
export async function lockWeek(tx: Transaction, employeeId: string, weekStart: string): Promise<TimesheetRow> {
  await tx.insert(timesheets).values({ id: newId('Timesheet'), employeeId, weekStart }).onConflictDoNothing();
  const [sheet] = await tx
    .select()
    .from(timesheets)
    .where(and(eq(timesheets.employeeId, employeeId), eq(timesheets.weekStart, weekStart)))
    .for('update');
  if (!sheet) throw new Error('timesheet vanished between insert and select');
  return sheet;
}

/** Locks the week of an entry about to be written there; throws LockedError when the week is approved. */
export async function lockOpenWeek(tx: Transaction, employeeId: string, date: string): Promise<TimesheetRow> {
  const sheet = await lockWeek(tx, employeeId, weekStartOf(date));
  assertUnlocked(sheet, 'This week');
  return sheet;
}

/** A week's hours changed: its version moves on, so a review of what it was before fails as a conflict. */
export async function touchWeek(tx: Transaction, sheet: TimesheetRow): Promise<void> {
  await tx.update(timesheets).set({ version: sql`${timesheets.version} + 1`, updatedAt: sql`now()` }).where(eq(timesheets.id, sheet.id));
}

/** The review columns an entry of the week carries: always those of its week. */
export function reviewColumnsOf(sheet: TimesheetRow): ReviewColumns {
  return {
    status: sheet.status,
    statusChangedAt: sheet.statusChangedAt,
    statusChangedById: sheet.statusChangedById,
    submittedAt: sheet.submittedAt,
    reviewedAt: sheet.reviewedAt,
    reviewedById: sheet.reviewedById,
    rejectionReason: sheet.rejectionReason,
    reimbursedAt: null,
    reimbursedById: null,
  };
}
