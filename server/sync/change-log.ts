import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Queryable, Transaction } from '../db/client';
import { changeEvents, changeLogHorizon, type ChangeEventRow } from '../db/schema';
import type { ChangeAction, DataType } from '../domain/data-type';

/** NOTIFY channel that wakes every instance's change feed after a commit. */
export const changeChannel = 'staffsync_changes';

/**
 * Key of the transaction-scoped advisory lock that serializes appends. Positions are taken while it is
 * held and it is released at commit, so positions follow commit order: a reader that has seen position P
 * never later finds a committed event below P.
 */
const appendLockKey = 0x5747_4e43;

export interface ChangeEvent {
  position: number;
  type: DataType;
  action: ChangeAction;
  entityId: string;
  employeeId: string | null;
  snapshot: Record<string, unknown> | null;
  at: Date;
  actorId: string | null;
}

export interface NewChange {
  type: DataType;
  action: ChangeAction;
  entityId: string;
  employeeId: string | null;
  snapshot: Record<string, unknown> | null;
  actorId: string | null;
}

/** Appends one event in the writer's transaction; call it last, just before commit, to keep the lock short. */
export async function appendChange(tx: Transaction, change: NewChange): Promise<ChangeEvent> {
  await tx.execute(sql`select pg_advisory_xact_lock(${appendLockKey})`);
  const [row] = await tx.insert(changeEvents).values(change).returning();
  await tx.execute(sql`select pg_notify(${changeChannel}, '')`);
  if (!row) throw new Error('change event insert returned no row');
  return toChangeEvent(row);
}

/** Events after `position`, oldest first. */
export async function readChanges(
  db: Queryable,
  after: number,
  limit: number,
  types?: readonly DataType[],
): Promise<ChangeEvent[]> {
  const rows = await db
    .select()
    .from(changeEvents)
    .where(and(gt(changeEvents.position, after), types?.length ? inArray(changeEvents.type, [...types]) : undefined))
    .orderBy(asc(changeEvents.position))
    .limit(limit);
  return rows.map(toChangeEvent);
}

/** The newest position in the log (0 when it is empty). */
export async function latestPosition(db: Queryable): Promise<number> {
  const [row] = await db.select({ position: sql<string | null>`max(${changeEvents.position})` }).from(changeEvents);
  return Number(row?.position ?? 0);
}

/** Positions at or below this were removed by retention; a cursor below it cannot be resumed. */
export async function prunedThrough(db: Queryable): Promise<number> {
  const [row] = await db.select().from(changeLogHorizon).where(eq(changeLogHorizon.id, 1));
  return row?.prunedThrough ?? 0;
}

function toChangeEvent(row: ChangeEventRow): ChangeEvent {
  return {
    position: row.position,
    type: row.type as DataType,
    action: row.action as ChangeAction,
    entityId: row.entityId,
    employeeId: row.employeeId,
    snapshot: row.snapshot ?? null,
    at: row.at,
    actorId: row.actorId,
  };
}
