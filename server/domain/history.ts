import { and, desc, eq, lt } from 'drizzle-orm';
import type { Queryable, Transaction } from '../db/client';
import { entityHistory, type EntityHistoryRow } from '../db/schema';
import type { NewChange } from '../changelog/change-log';
import type { ChangeAction, DataType } from './data-type';
import type { WorkflowAction } from './entry-status';
import { changedFields } from './field-changes';

/** What the history names: the synced types, and the reviewed or managed things that are not synced. */
export type HistoryEntityType = DataType | 'TIMESHEET' | 'MILEAGE_RATE';

export const historyActions = ['CREATE', 'UPDATE', 'DELETE', 'SUBMIT', 'APPROVE', 'REJECT', 'REIMBURSE', 'REOPEN'] as const;
export type HistoryAction = ChangeAction | WorkflowAction;

/** One thing done to one entity, with the entity as it was before and after (JSON snapshots). */
export interface HistoryEvent {
  entityType: HistoryEntityType;
  entityId: string;
  employeeId: string | null;
  action: HistoryAction;
  actorId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  reason?: string | null;
}

/** The history event of a change-log entry: same entity, actor and action, with the entity as it was before. */
export function historyOfChange(change: NewChange, before: Record<string, unknown> | null): HistoryEvent {
  return {
    entityType: change.type,
    entityId: change.entityId,
    employeeId: change.employeeId,
    action: change.action,
    actorId: change.actorId,
    before,
    after: change.snapshot,
  };
}

/**
 * Records events in the writer's transaction, in one statement, with the fields each changed. The
 * history is kept apart from the change log and is never pruned with it.
 */
export async function recordHistory(tx: Transaction, events: readonly HistoryEvent[]): Promise<void> {
  if (events.length === 0) return;
  await historyInsert(tx, events);
}

/** The statement that records `events` (not empty), for recordHistory or to run within a larger statement. */
export function historyInsert(tx: Transaction, events: readonly HistoryEvent[]) {
  return tx.insert(entityHistory).values(events.map(historyRow));
}

/** The history line of an event, with the fields it changed. */
export function historyRow(event: HistoryEvent) {
  return {
    entityType: event.entityType,
    entityId: event.entityId,
    employeeId: event.employeeId,
    action: event.action,
    actorId: event.actorId,
    changes: changedFields(event.before, event.after),
    reason: event.reason ?? null,
  };
}

/** One entity's history, newest first, `limit` rows older than `beforeId` (the previous page's last id). */
export async function historyPage(
  db: Queryable,
  entityId: string,
  limit: number,
  beforeId: number | null,
): Promise<{ rows: EntityHistoryRow[]; hasNextPage: boolean }> {
  const rows = await db
    .select()
    .from(entityHistory)
    .where(and(eq(entityHistory.entityId, entityId), beforeId === null ? undefined : lt(entityHistory.id, beforeId)))
    .orderBy(desc(entityHistory.id))
    .limit(limit + 1);
  return { rows: rows.slice(0, limit), hasNextPage: rows.length > limit };
}
