import { canAccessEmployee, type Scope } from '../auth/rules';
import type { Viewer } from '../auth/viewer';
import type { Database, Transaction } from '../db/client';
import { appendChange } from '../changelog/change-log';
import { translateConstraintError } from './constraint-errors';
import type { EntityKind, StoredEntity } from './entity-kind';
import { NotFoundError, VersionConflictError } from './errors';
import { historyOfChange, recordHistory } from './history';
import { claimIdempotencyKey } from './idempotency';
import { newId } from './ids';

/** Who writes, and what they may reach. */
export interface Writer {
  db: Database;
  viewer: Viewer;
  scope: Scope;
}

/**
 * Runs a write in one transaction. A thrown typed error rolls it back, so a failed mutation leaves
 * neither a row nor a change event behind.
 */
export async function inTransaction<T>(db: Database, work: (tx: Transaction) => Promise<T>): Promise<T> {
  try {
    return await db.transaction(work);
  } catch (error) {
    throw translateConstraintError(error);
  }
}

/** Locks the row and checks it is visible to the writer and still at the version the client saw. */
async function lockForChange<Row extends StoredEntity, Values>(
  tx: Transaction,
  writer: Writer,
  kind: EntityKind<Row, Values>,
  id: string,
  expectedVersion: number,
): Promise<Row> {
  const row = await kind.lock(tx, id);
  if (!row || !canAccessEmployee(writer.scope, kind.ownerOf(row, id))) throw new NotFoundError(id);
  kind.authorizeWrite(writer.viewer, writer.scope, kind.ownerOf(row, id));
  // Before the version: an approved entry refuses every edit, whichever version the client saw.
  kind.assertWritable?.(row);
  if (row.version !== expectedVersion) throw new VersionConflictError(expectedVersion, row);
  return row;
}

export async function createEntity<Row extends StoredEntity, Values>(
  writer: Writer,
  kind: EntityKind<Row, Values>,
  input: Record<string, unknown>,
  idempotencyKey: string | null | undefined,
): Promise<Row> {
  const values = kind.validate(input);
  const id = newId(kind.typename);
  const ownerId = kind.ownerOf(values, id);
  kind.authorizeWrite(writer.viewer, writer.scope, ownerId);
  return inTransaction(writer.db, async (tx) => {
    if (idempotencyKey) {
      const firstId = await claimIdempotencyKey(tx, {
        scope: writer.viewer.employeeId,
        key: idempotencyKey,
        operation: `create${kind.typename}`,
        request: input,
        entityId: id,
      });
      if (firstId) {
        const first = await kind.lock(tx, firstId);
        if (!first) throw new NotFoundError(firstId);
        return first;
      }
    }
    await kind.checkReferences(tx, values);
    const row = await kind.insert(tx, id, values);
    const change = {
      type: kind.dataType,
      action: 'CREATE' as const,
      entityId: id,
      employeeId: ownerId,
      snapshot: kind.snapshot(row),
      actorId: writer.viewer.employeeId,
    };
    await appendChange(tx, change);
    await recordHistory(tx, [historyOfChange(change, null)]);
    return row;
  });
}

export async function updateEntity<Row extends StoredEntity, Values>(
  writer: Writer,
  kind: EntityKind<Row, Values>,
  id: string,
  expectedVersion: number,
  patch: Record<string, unknown>,
): Promise<Row> {
  return inTransaction(writer.db, async (tx) => {
    const row = await lockForChange(tx, writer, kind, id, expectedVersion);
    const provided = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
    const values = kind.validate({ ...kind.editableFields(row), ...provided });
    const ownerId = kind.ownerOf(values, id);
    kind.authorizeWrite(writer.viewer, writer.scope, ownerId);
    await kind.checkReferences(tx, values);
    const updated = await kind.update(tx, row, values);
    const change = {
      type: kind.dataType,
      action: 'UPDATE' as const,
      entityId: id,
      employeeId: ownerId,
      snapshot: kind.snapshot(updated),
      actorId: writer.viewer.employeeId,
    };
    await appendChange(tx, change);
    await recordHistory(tx, [historyOfChange(change, kind.snapshot(row))]);
    return updated;
  });
}

export async function deleteEntity<Row extends StoredEntity, Values>(
  writer: Writer,
  kind: EntityKind<Row, Values>,
  id: string,
  expectedVersion: number,
): Promise<Row> {
  return inTransaction(writer.db, async (tx) => {
    const row = await lockForChange(tx, writer, kind, id, expectedVersion);
    await kind.remove(tx, id);
    const change = {
      type: kind.dataType,
      action: 'DELETE' as const,
      entityId: id,
      employeeId: kind.ownerOf(row, id),
      snapshot: null,
      actorId: writer.viewer.employeeId,
    };
    await appendChange(tx, change);
    await recordHistory(tx, [historyOfChange(change, kind.snapshot(row))]);
    return row;
  });
}
