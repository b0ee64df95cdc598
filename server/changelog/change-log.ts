import { and, asc, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client';
import { changeEvents, changeLogHorizon, databaseIdentity, type ChangeEventRow, type PreviousVisibility } from '../db/schema';
import type { ChangeAction, DataType } from '../domain/data-type';
import { stampOf } from './cursor';

/**
 * NOTIFY channel that wakes every instance's change feed after a commit. The commit-order trigger
 * (drizzle/0001_commit_ordered_positions.sql) sends it, and takes its advisory lock (key 0x57474e43).
 */
export const changeChannel = 'staffsync_changes';

export interface ChangeEvent {
  position: number;
  type: DataType;
  action: ChangeAction;
  entityId: string;
  employeeId: string | null;
  snapshot: Record<string, unknown> | null;
  at: Date;
  actorId: string | null;
  /** Who could see the entity before this change, where the change moved it (else null). */
  previous: PreviousVisibility | null;
  /** The fields an UPDATE set to new values (else null). */
  changedFields: string[] | null;
  /** Set on the view of one viewer: the change brought the entity into what they may see, or took it out. */
  scopeChange?: 'ENTERED' | 'LEFT';
}

export interface NewChange {
  type: DataType;
  action: ChangeAction;
  entityId: string;
  employeeId: string | null;
  snapshot: Record<string, unknown> | null;
  actorId: string | null;
  previous?: PreviousVisibility | null;
  changedFields?: string[] | null;
}

/** The employee whose rights decide who may see an event: the employee itself, or the entry's owner. */
export function eventOwner(event: Pick<ChangeEvent, 'type' | 'entityId' | 'employeeId'>): string | null {
  return event.type === 'EMPLOYEE' ? event.entityId : event.employeeId;
}

/** The read of every type's events after a position, built once per database: building it cost more than running it. */
function allTypesRead(db: Queryable) {
  return db
    .select()
    .from(changeEvents)
    .where(gt(changeEvents.position, sql.placeholder('after')))
    .orderBy(asc(changeEvents.position))
    .limit(sql.placeholder('limit'))
    .prepare('read_changes');
}

const allTypesReads = new WeakMap<Queryable, ReturnType<typeof allTypesRead>>();

/** Events after `position`, oldest first. */
export async function readChanges(
  db: Queryable,
  after: number,
  limit: number,
  types?: readonly DataType[],
): Promise<ChangeEvent[]> {
  if (!types?.length) {
    let read = allTypesReads.get(db);
    if (!read) {
      read = allTypesRead(db);
      allTypesReads.set(db, read);
    }
    return (await read.execute({ after, limit })).map(toChangeEvent);
  }
  const rows = await db
    .select()
    .from(changeEvents)
    .where(and(gt(changeEvents.position, after), inArray(changeEvents.type, [...types])))
    .orderBy(asc(changeEvents.position))
    .limit(limit);
  return rows.map(toChangeEvent);
}

/** The newest position in the log (0 when it is empty). */
export async function latestPosition(db: Queryable): Promise<number> {
  return (await headOfLog(db)).position;
}

/** The newest change's position and time (position 0 and no time for an empty log). */
export async function headOfLog(db: Queryable): Promise<{ position: number; at: Date | null }> {
  const [row] = await db.select({ position: changeEvents.position, at: changeEvents.at }).from(changeEvents).orderBy(desc(changeEvents.position)).limit(1);
  return row ?? { position: 0, at: null };
}

/** The cursor stamp of the change at `position`, or null when there is none (pruned, or a gap). */
export async function stampAt(db: Queryable, position: number): Promise<string | null> {
  const [row] = await db.select({ at: changeEvents.at }).from(changeEvents).where(eq(changeEvents.position, position));
  return row ? stampOf(row.at) : null;
}

/** This database's identity, written by its first migration (cursors carry it). */
export async function readDatabaseId(db: Queryable): Promise<string> {
  const [row] = await db.select().from(databaseIdentity).where(eq(databaseIdentity.id, 1));
  if (!row) throw new Error('database_identity is empty: migrations did not run');
  return row.databaseId;
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
    previous: row.previous ?? null,
    changedFields: row.changedFields ?? null,
  };
}
