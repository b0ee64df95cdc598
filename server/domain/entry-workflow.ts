import { eq, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { canAccessEmployee } from '../auth/rules';
import type { Transaction } from '../db/client';
import { withChangeDetails } from './change-details';
import { recordChanges } from './change-record';
import type { EntityKind } from './entity-kind';
import { inTransaction, type Writer } from './entity-writer';
import type { EntryRow } from './entry-kind';
import { planTransition, type WorkflowAction } from './entry-status';
import { NotFoundError, VersionConflictError } from './errors';
import { historyOfChange } from './history';

/** How one reviewed entry type (mileage, receipts) is stored and what its transitions add. */
export interface EntryReview<Row extends EntryRow> {
  kind: EntityKind<Row, unknown>;
  table: PgTable & { id: PgColumn };
  /** Columns the transition also sets, e.g. the trip's amount fixed at approval; may refuse with a typed error. */
  alsoSet?(tx: Transaction, row: Row, action: WorkflowAction): Promise<Record<string, unknown>>;
}

/**
 * Moves one entry through the review workflow (entry-status.ts decides whether it may) in one
 * transaction: the entry's version goes up by one, the change log gets an UPDATE with the new
 * snapshot (so every subscriber sees the new status), and the history records the action and reason.
 * The version check comes after the state check: approving an entry someone else approved meanwhile
 * says so, rather than reporting a conflict.
 */
export async function transitionEntry<Row extends EntryRow>(
  writer: Writer,
  review: EntryReview<Row>,
  id: string,
  expectedVersion: number,
  action: WorkflowAction,
  reason?: string | null,
): Promise<Row> {
  const { kind, table } = review;
  return inTransaction(writer.db, async (tx) => {
    const row = await kind.lock(tx, id);
    if (!row || !canAccessEmployee(writer.scope, row.employeeId)) throw new NotFoundError(id);
    const columns = planTransition(
      { action, viewer: writer.viewer, scope: writer.scope, ownerId: row.employeeId, status: row.status, reimbursable: true, reason },
      sql`now()`,
    );
    if (row.version !== expectedVersion) throw new VersionConflictError(expectedVersion, row);
    const also = (await review.alsoSet?.(tx, row, action)) ?? {};
    const [updated] = (await tx
      .update(table)
      .set({ ...columns, ...also, version: row.version + 1, updatedAt: sql`now()` })
      .where(eq(table.id, id))
      .returning()) as unknown as Row[];
    if (!updated) throw new Error(`${kind.typename} transition returned no row`);
    const before = kind.snapshot(row);
    const change = withChangeDetails(
      { type: kind.dataType, action: 'UPDATE', entityId: id, employeeId: row.employeeId, snapshot: kind.snapshot(updated), actorId: writer.viewer.employeeId },
      before,
    );
    await recordChanges(tx, [change], [{ ...historyOfChange(change, before), action, reason: reason?.trim() || null }]);
    return updated;
  });
}
