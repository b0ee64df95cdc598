import { and, asc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { canAccessEmployee } from '../auth/rules';
import { timeEntries, timesheets, type TimesheetRow } from '../db/schema';
import type { NewChange } from '../changelog/change-log';
import { withChangeDetails } from './change-details';
import { recordChanges } from './change-record';
import { inTransaction, type Writer } from './entity-writer';
import { planTransition, type WorkflowAction } from './entry-status';
import { IllegalTransitionError, NodeVersionConflictError, NotFoundError } from './errors';
import { historyOfChange, type HistoryEvent } from './history';
import { timeEntryKind } from './time-entry';
import { weekEndOf } from './timesheets';

const snapshot = (row: TimesheetRow) => JSON.parse(JSON.stringify(row)) as Record<string, unknown>;

/**
 * Reviews one employee's week as a whole, in one transaction: the timesheet and every entry of the
 * week take the new status, each entry's version goes up by one with an UPDATE in the change log (so
 * subscribers see each entry's new status), and the history records the action on the timesheet and
 * on each entry. Approving locks the week: its entries cannot be changed, deleted or added to.
 */
export async function transitionTimesheet(
  writer: Writer,
  id: string,
  expectedVersion: number,
  action: WorkflowAction,
  reason?: string | null,
): Promise<TimesheetRow> {
  return inTransaction(writer.db, async (tx) => {
    const [sheet] = await tx.select().from(timesheets).where(eq(timesheets.id, id)).for('update');
    if (!sheet || !canAccessEmployee(writer.scope, sheet.employeeId)) throw new NotFoundError(id);
    const columns = planTransition(
      { action, viewer: writer.viewer, scope: writer.scope, ownerId: sheet.employeeId, status: sheet.status, reimbursable: false, reason, noun: 'a week' },
      sql`now()`,
    );
    if (sheet.version !== expectedVersion) throw new NodeVersionConflictError(expectedVersion, sheet);
    const inWeek = and(
      eq(timeEntries.employeeId, sheet.employeeId),
      gte(timeEntries.date, sheet.weekStart),
      lte(timeEntries.date, weekEndOf(sheet.weekStart)),
    );
    const entries = await tx.select().from(timeEntries).where(inWeek).orderBy(asc(timeEntries.date), asc(timeEntries.id)).for('update');
    if (entries.length === 0 && action !== 'REJECT') {
      throw new IllegalTransitionError(action, sheet.status, 'This week has no hours logged');
    }
    const [updated] = await tx
      .update(timesheets)
      .set({ ...columns, version: sheet.version + 1, updatedAt: sql`now()` })
      .where(eq(timesheets.id, id))
      .returning();
    if (!updated) throw new Error('timesheet transition returned no row');
    const changedEntries = entries.length
      ? await tx
          .update(timeEntries)
          .set({ ...columns, version: sql`${timeEntries.version} + 1`, updatedAt: sql`now()` })
          .where(inArray(timeEntries.id, entries.map((entry) => entry.id)))
          .returning()
      : [];
    const reasonText = reason?.trim() || null;
    const history: HistoryEvent[] = [
      { entityType: 'TIMESHEET', entityId: id, employeeId: sheet.employeeId, action, actorId: writer.viewer.employeeId, before: snapshot(sheet), after: snapshot(updated), reason: reasonText },
    ];
    const before = new Map(entries.map((entry) => [entry.id, entry]));
    const changes: NewChange[] = [];
    for (const entry of changedEntries) {
      const previous = before.get(entry.id);
      const previousSnapshot = previous ? timeEntryKind.snapshot(previous) : null;
      const change: NewChange = withChangeDetails(
        { type: 'TIME_TRACKING', action: 'UPDATE', entityId: entry.id, employeeId: entry.employeeId, snapshot: timeEntryKind.snapshot(entry), actorId: writer.viewer.employeeId },
        previousSnapshot,
      );
      changes.push(change);
      history.push({ ...historyOfChange(change, previousSnapshot), action, reason: reasonText });
    }
    await recordChanges(tx, changes, history);
    return updated;
  });
}
