import { asc, eq } from 'drizzle-orm';
import type { NewChange } from '../changelog/change-log';
import type { Transaction } from '../db/client';
import { timeEntries, type ShiftRow, type TimeEntryRow } from '../db/schema';
import { withChangeDetails } from './change-details';
import { recordChanges } from './change-record';
import { assertUnlocked } from './entry-status';
import { ValidationError } from './errors';
import { historyOfChange, type HistoryEvent } from './history';
import { newId } from './ids';
import { hoursByDay } from './shift-days';
import { timeEntryKind } from './time-entry';
import { lockWeek, weekStartOf } from './timesheets';

/**
 * Makes a closed shift's time entries match it, in the shift's transaction: one entry per local day it
 * touches (split at midnight in its zone, breaks subtracted), created, changed or deleted as needed, each
 * with its change event and history. Entries go through the time-entry kind, so each write locks its week:
 * a change to a day of an approved week is refused with LockedError and the whole punch rolls back.
 * Returns how many entries changed.
 */
export async function syncShiftEntries(tx: Transaction, shift: ShiftRow, actorId: string, reason: string | null = null): Promise<number> {
  const days = shift.endedAt ? hoursByDay(shift) : [];
  // Weeks before entries, in date order, as every time-entry write and week review takes them: no deadlock with an approval.
  const stored = await tx.select({ date: timeEntries.date }).from(timeEntries).where(eq(timeEntries.shiftId, shift.id));
  const weeks = [...new Set([...stored, ...days].map((day) => weekStartOf(day.date)))].sort();
  for (const weekStart of weeks) await lockWeek(tx, shift.employeeId, weekStart);
  const existing = await tx.select().from(timeEntries).where(eq(timeEntries.shiftId, shift.id)).orderBy(asc(timeEntries.date)).for('update');
  const tooLong = days.find((day) => day.hours > 24);
  if (tooLong) throw ValidationError.of('endedAt', `would make ${tooLong.date} longer than 24 hours`);
  const byDate = new Map(existing.map((entry) => [entry.date, entry]));
  const changes: Array<{ change: NewChange; before: Record<string, unknown> | null }> = [];
  const log = (action: NewChange['action'], entry: TimeEntryRow, id: string, before: TimeEntryRow | null) => {
    const beforeSnapshot = before ? timeEntryKind.snapshot(before) : null;
    const change = withChangeDetails(
      { type: 'TIME_TRACKING', action, entityId: id, employeeId: entry.employeeId, snapshot: action === 'DELETE' ? null : timeEntryKind.snapshot(entry), actorId },
      beforeSnapshot,
    );
    changes.push({ change, before: beforeSnapshot });
  };

  for (const entry of existing) {
    if (days.some((day) => day.date === entry.date)) continue;
    assertUnlocked(entry, 'This week');
    await timeEntryKind.remove(tx, entry.id);
    log('DELETE', entry, entry.id, entry);
  }
  for (const day of days) {
    const entry = byDate.get(day.date);
    const values = {
      employeeId: shift.employeeId,
      costCenterId: shift.costCenterId,
      date: day.date,
      hours: day.hours,
      timeCategory: entry?.timeCategory ?? ('REGULAR' as const),
      notes: shift.note,
      shiftId: shift.id,
    };
    if (!entry) {
      const id = newId('TimeEntry');
      log('CREATE', await timeEntryKind.insert(tx, id, values), id, null);
    } else if (entry.hours !== values.hours || entry.costCenterId !== values.costCenterId || entry.notes !== values.notes) {
      assertUnlocked(entry, 'This week');
      log('UPDATE', await timeEntryKind.update(tx, entry, values), entry.id, entry);
    }
  }
  const history: HistoryEvent[] = changes.map(({ change, before }) => ({ ...historyOfChange(change, before), reason }));
  await recordChanges(
    tx,
    changes.map(({ change }) => change),
    history,
  );
  return changes.length;
}
