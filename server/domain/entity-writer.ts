import { sql, type SQL } from 'drizzle-orm';
import { assertCanReassignEntries, canAccessEmployee, type Scope } from '../auth/rules';
import type { Viewer } from '../auth/viewer';
import type { Database, Queryable, Transaction } from '../db/client';
import type { NewChange } from '../changelog/change-log';
import { translateConstraintError, violatesConstraint } from './constraint-errors';
import type { EntityKind, PlainWrites, StoredEntity } from './entity-kind';
import { ConfirmationRequiredError, NotFoundError, VersionConflictError, type Warning, type WarningCode } from './errors';
import { historyOfChange } from './history';
import { withChangeDetails } from './change-details';
import { recordChanges } from './change-record';
import { claimIdempotencyKey, idempotencyClaim, type IdempotencyClaim } from './idempotency';
import { newId } from './ids';
import { readRow, writeInOneStatement, type OneStatementOutcome, type OneStatementWrite } from './one-statement-writes';

/** Who writes, and what they may reach. */
export interface Writer {
  db: Database;
  viewer: Viewer;
  scope: Scope;
  /** Told the idempotency key of a write that was already carried out (the answer is a replay). */
  noteReplay?(idempotencyKey: string): void;
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

/** A select of expressions only, one row. */
const oneRow = sql`(select 1) as one`;

/** Reads a reference check's facts as one row (nothing to read: no statement). */
async function readFacts(tx: Transaction, facts: Record<string, SQL>): Promise<Record<string, unknown>> {
  if (Object.keys(facts).length === 0) return {};
  const [row] = await tx.select(facts).from(oneRow);
  return row ?? {};
}

/** The change event and the history line of a write, in one statement. */
function recordChange(tx: Transaction, change: NewChange, before: Record<string, unknown> | null): Promise<void> {
  return recordChanges(tx, [change], [historyOfChange(change, before)]);
}

/** The warnings about `values` the user has not confirmed. */
async function unconfirmedWarnings<Row extends StoredEntity, Values>(
  db: Queryable,
  kind: EntityKind<Row, Values>,
  values: Values,
  confirmed: readonly WarningCode[],
  stored?: Row,
): Promise<Warning[]> {
  return ((await kind.warnings?.(db, values, stored)) ?? []).filter((warning) => !confirmed.includes(warning.code));
}

/** Refuses values with a warning the user has not confirmed. */
async function assertConfirmed<Row extends StoredEntity, Values>(
  tx: Transaction,
  kind: EntityKind<Row, Values>,
  values: Values,
  confirmed: readonly WarningCode[],
  stored?: Row,
): Promise<void> {
  const unconfirmed = await unconfirmedWarnings(tx, kind, values, confirmed, stored);
  if (unconfirmed.length > 0) throw new ConfirmationRequiredError(unconfirmed);
}

/**
 * Locks the row and checks it is visible to the writer and still at the version the client saw (null:
 * any version, for a change that does not build on the fields the client saw).
 */
async function lockForChange<Row extends StoredEntity, Values>(
  tx: Transaction,
  writer: Writer,
  kind: EntityKind<Row, Values>,
  id: string,
  expectedVersion: number | null,
): Promise<Row> {
  const row = await kind.lock(tx, id);
  if (!row) throw new NotFoundError(id);
  const ownerId = kind.ownerOf(row, id);
  if (!canAccessEmployee(writer.scope, ownerId)) throw new NotFoundError(id);
  assertChangeable(writer, kind, row, ownerId);
  if (expectedVersion !== null && row.version !== expectedVersion) throw new VersionConflictError(expectedVersion, row);
  return row;
}

/**
 * Refuses a change of a stored entity the writer may see but not write, or that is locked. Checked
 * before the version: an approved entry refuses every edit, whichever version the client saw.
 */
function assertChangeable<Row extends StoredEntity, Values>(writer: Writer, kind: EntityKind<Row, Values>, row: Row, ownerId: string): void {
  kind.authorizeWrite(writer.viewer, writer.scope, ownerId);
  kind.assertWritable?.(row);
}

/** The idempotency claim of a write with this key. */
function keyClaim(writer: Writer, operation: string, key: string, request: unknown, entityId: string): IdempotencyClaim {
  return { scope: writer.viewer.employeeId, key, operation, request, entityId };
}

/** A new entity's CREATE event. */
function createdChange<Row extends StoredEntity, Values>(writer: Writer, kind: EntityKind<Row, Values>, row: Row, ownerId: string): NewChange {
  return { type: kind.dataType, action: 'CREATE', entityId: row.id, employeeId: ownerId, snapshot: kind.snapshot(row), actorId: writer.viewer.employeeId };
}

/** An update's UPDATE event, and the entity's snapshot before it (its history line's `before`). */
function updatedChange<Row extends StoredEntity, Values>(writer: Writer, kind: EntityKind<Row, Values>, stored: Row, updated: Row, ownerId: string | null) {
  const before = kind.snapshot(stored);
  const change = withChangeDetails(
    { type: kind.dataType, action: 'UPDATE', entityId: stored.id, employeeId: ownerId, snapshot: kind.snapshot(updated), actorId: writer.viewer.employeeId },
    before,
  );
  return { change, before };
}

/** Something created with a new entity, in its transaction and before its CREATE event (a receipt's photo). */
export interface Attachment<Row> {
  /** What identifies it for the idempotency key, beside the input (a retry sends the same). */
  request: Record<string, unknown>;
  /** Writes it beside the inserted row and returns the row as it then is, which the CREATE event carries. */
  attach(tx: Transaction, row: Row): Promise<Row>;
}

/**
 * Creates an entity. `prepareAttachment` runs once the input is valid and the writer allowed, before the
 * transaction (it may take a while: a photo is decoded and re-encoded); what it throws refuses the create.
 */
export async function createEntity<Row extends StoredEntity, Values>(
  writer: Writer,
  kind: EntityKind<Row, Values>,
  input: Record<string, unknown>,
  idempotencyKey: string | null | undefined,
  confirmedWarnings: readonly WarningCode[] = [],
  prepareAttachment?: () => Promise<Attachment<Row>>,
): Promise<Row> {
  const values = kind.validate(input);
  const id = newId(kind.typename);
  const ownerId = kind.ownerOf(values, id);
  kind.authorizeWrite(writer.viewer, writer.scope, ownerId);
  const attachment = await prepareAttachment?.();
  const request = attachment ? { ...input, ...attachment.request } : input;
  // Warnings to confirm and replays are answered by the transaction below, replays first.
  if (!attachment && kind.plainWrites && (await unconfirmedWarnings(writer.db, kind, values, confirmedWarnings)).length === 0) {
    const created = await createWithoutTransaction(writer, kind, kind.plainWrites, { values, id, ownerId, request, idempotencyKey });
    if (created) return created;
  }
  return inTransaction(writer.db, async (tx) => {
    // The key is claimed in the statement that reads the references: one statement, one round trip. A
    // request already carried out is answered as before, whatever the references say now.
    const references = kind.references(values);
    if (idempotencyKey) {
      const claim = idempotencyClaim(tx, keyClaim(writer, `create${kind.typename}`, idempotencyKey, request, id));
      const claimed = tx.$with('claimed_key').as(claim.insert);
      const [found] = await tx
        .with(claimed)
        .select({ ...references.facts, keyClaimed: sql<boolean>`exists (select 1 from ${claimed})` })
        .from(oneRow);
      const earlier = await claim.settle(found?.keyClaimed === true);
      if (earlier) {
        writer.noteReplay?.(idempotencyKey);
        return visibleNow(tx, writer, kind, earlier);
      }
      references.judge(found ?? {});
    } else {
      references.judge(await readFacts(tx, references.facts));
    }
    await assertConfirmed(tx, kind, values, confirmedWarnings);
    const inserted = await kind.insert(tx, id, values);
    const row = attachment ? await attachment.attach(tx, inserted) : inserted;
    await recordChange(tx, createdChange(writer, kind, row, ownerId), null);
    return row;
  });
}

/**
 * A create in one statement (one-statement-writes.ts). Null when it wrote nothing and had a key: the key
 * may be an earlier request's, which is answered as before whatever the references say now, so the
 * transaction finds out (a replay, a reused key, or the references' refusal).
 */
async function createWithoutTransaction<Row extends StoredEntity, Values>(
  writer: Writer,
  kind: EntityKind<Row, Values>,
  plainWrites: PlainWrites<Row, Values>,
  create: { values: Values; id: string; ownerId: string; request: Record<string, unknown>; idempotencyKey: string | null | undefined },
): Promise<Row | null> {
  const { values, id, idempotencyKey } = create;
  const row = plainWrites.row(id, values, new Date());
  const change = createdChange(writer, kind, row, create.ownerId);
  const claim = idempotencyKey ? keyClaim(writer, `create${kind.typename}`, idempotencyKey, create.request, id) : null;
  const outcome = await writeWithoutTransaction(writer.db, plainWrites, { row, change, before: null, expectedVersion: null, claim });
  if (outcome.written) return row;
  if (claim) return null;
  kind.references(values).judge(outcome.found);
  throw new Error(`${kind.typename}: its references refused a create their judge accepts`);
}

/**
 * An update in two statements, its read and its write (one-statement-writes.ts), when the row is still
 * at the version the client saw and every reference fact holds. Null otherwise, or when it had a key and
 * was refused: the transaction then answers as every update is answered (a replay, a version conflict,
 * the references' judgement), with the row locked.
 */
async function updateWithoutTransaction<Row extends StoredEntity, Values>(
  writer: Writer,
  kind: EntityKind<Row, Values>,
  plainWrites: PlainWrites<Row, Values>,
  update: { id: string; expectedVersion: number; patch: Record<string, unknown>; idempotencyKey: string | null | undefined; confirmedWarnings: readonly WarningCode[] },
): Promise<Row | null> {
  const { id, expectedVersion, idempotencyKey } = update;
  const row = await readRow(writer.db, plainWrites, id);
  if (!row || row.version !== expectedVersion) return null;
  const storedOwnerId = kind.ownerOf(row, id);
  if (!canAccessEmployee(writer.scope, storedOwnerId)) return null;
  let next: { values: Values; ownerId: string };
  try {
    assertChangeable(writer, kind, row, storedOwnerId);
    next = valuesOfUpdate(writer, kind, row, update.patch);
  } catch (error) {
    // With a key the refusal may be a replay's: the transaction claims the key before it judges.
    if (idempotencyKey) return null;
    throw error;
  }
  // The transaction judges the references before it asks for confirmations.
  if ((await unconfirmedWarnings(writer.db, kind, next.values, update.confirmedWarnings, row)).length > 0) return null;
  const after = plainWrites.updatedRow(row, next.values, new Date());
  const { change, before } = updatedChange(writer, kind, row, after, next.ownerId);
  const claim = idempotencyKey ? keyClaim(writer, `update${kind.typename}`, idempotencyKey, { id, expectedVersion, patch: update.patch }, id) : null;
  const outcome = await writeWithoutTransaction(writer.db, plainWrites, { row: after, change, before, expectedVersion, claim });
  return outcome.written ? after : null;
}

async function writeWithoutTransaction<Row, Values>(db: Database, plainWrites: PlainWrites<Row, Values>, write: OneStatementWrite): Promise<OneStatementOutcome> {
  try {
    return await writeInOneStatement(db, plainWrites, write);
  } catch (error) {
    // An update whose key was already taken (one-statement-writes.ts): nothing was written.
    if (write.claim && violatesConstraint(error, 'idempotency_keys_scope_key_pk')) return { written: false, found: {} };
    throw translateConstraintError(error);
  }
}

/**
 * A replayed write's answer: the entity as it is now, if the writer may still see it (it may since have
 * been given to someone else), else NotFoundError.
 */
async function visibleNow<Row extends StoredEntity, Values>(tx: Transaction, writer: Writer, kind: EntityKind<Row, Values>, id: string): Promise<Row> {
  const row = await kind.lock(tx, id);
  if (!row || !canAccessEmployee(writer.scope, kind.ownerOf(row, id))) throw new NotFoundError(id);
  return row;
}

/** Claims the key of an update or delete; true when this request was already carried out. */
async function alreadyDone(tx: Transaction, writer: Writer, operation: string, idempotencyKey: string | null | undefined, request: unknown, id: string): Promise<boolean> {
  if (!idempotencyKey) return false;
  const done = (await claimIdempotencyKey(tx, keyClaim(writer, operation, idempotencyKey, request, id))) !== null;
  if (done) writer.noteReplay?.(idempotencyKey);
  return done;
}

/** Writes the checked values over the locked row, with its UPDATE event and history line. */
async function writeUpdate<Row extends StoredEntity, Values>(tx: Transaction, writer: Writer, kind: EntityKind<Row, Values>, row: Row, values: Values, ownerId: string | null): Promise<Row> {
  const updated = await kind.update(tx, row, values);
  const { change, before } = updatedChange(writer, kind, row, updated, ownerId);
  await recordChange(tx, change, before);
  return updated;
}

/**
 * The values an update writes, and whose the entity is with them: the stored fields with the patch over
 * them, validated, and the writer allowed to give the entity to its (new) owner.
 */
function valuesOfUpdate<Row extends StoredEntity, Values>(
  writer: Writer,
  kind: EntityKind<Row, Values>,
  row: Row,
  patch: Record<string, unknown>,
): { values: Values; ownerId: string } {
  const provided = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
  const values = kind.validate({ ...kind.editableFields(row), ...provided });
  const ownerId = kind.ownerOf(values, row.id);
  if (ownerId !== kind.ownerOf(row, row.id)) assertCanReassignEntries(writer.viewer);
  kind.authorizeWrite(writer.viewer, writer.scope, ownerId);
  return { values, ownerId };
}

/**
 * Updates an entity the writer may see, at the version the client saw. With an idempotency key, a retry
 * of a request already carried out writes nothing and answers with the entity as it is now (not a
 * VersionConflictError caused by its own first attempt).
 */
export async function updateEntity<Row extends StoredEntity, Values>(
  writer: Writer,
  kind: EntityKind<Row, Values>,
  id: string,
  expectedVersion: number,
  patch: Record<string, unknown>,
  idempotencyKey?: string | null,
  confirmedWarnings: readonly WarningCode[] = [],
): Promise<Row> {
  if (kind.plainWrites) {
    const updated = await updateWithoutTransaction(writer, kind, kind.plainWrites, { id, expectedVersion, patch, idempotencyKey, confirmedWarnings });
    if (updated) return updated;
  }
  return inTransaction(writer.db, async (tx) => {
    if (await alreadyDone(tx, writer, `update${kind.typename}`, idempotencyKey, { id, expectedVersion, patch }, id)) return visibleNow(tx, writer, kind, id);
    const row = await lockForChange(tx, writer, kind, id, expectedVersion);
    const { values, ownerId } = valuesOfUpdate(writer, kind, row, patch);
    await kind.guardChange?.(tx, writer.viewer, row, values);
    const references = kind.references(values);
    references.judge(await readFacts(tx, references.facts), row);
    await assertConfirmed(tx, kind, values, confirmedWarnings, row);
    return writeUpdate(tx, writer, kind, row, values, ownerId);
  });
}

/** A change made by a step of its own rather than through update<Type>'s input (a receipt's photo). */
export interface Revision<Row> {
  id: string;
  /** The version the client saw; null when the step does not build on the fields the client saw. */
  expectedVersion: number | null;
  /** Names the step for idempotency keys, e.g. attachReceiptPhoto. */
  operation: string;
  /** What identifies the request for its idempotency key (a retry sends the same). */
  request: unknown;
  idempotencyKey: string | null;
  /** Writes what the step needs beside the row, in the transaction, and returns the fields it sets. */
  prepare(tx: Transaction, row: Row): Promise<Record<string, unknown>>;
}

/**
 * Applies a revision with everything an update has (the row locked, visible to the writer, writable by
 * them, unlocked, at the expected version; one UPDATE event and history line), but no warnings to
 * confirm or references to re-check: the step sets only its own fields.
 */
export async function reviseEntity<Row extends StoredEntity, Values>(writer: Writer, kind: EntityKind<Row, Values>, revision: Revision<Row>): Promise<Row> {
  const { id } = revision;
  return inTransaction(writer.db, async (tx) => {
    if (await alreadyDone(tx, writer, revision.operation, revision.idempotencyKey, revision.request, id)) return visibleNow(tx, writer, kind, id);
    const row = await lockForChange(tx, writer, kind, id, revision.expectedVersion);
    const values = kind.validate({ ...kind.editableFields(row), ...(await revision.prepare(tx, row)) });
    const ownerId = kind.ownerOf(row, id);
    await kind.guardChange?.(tx, writer.viewer, row, values);
    return writeUpdate(tx, writer, kind, row, values, ownerId);
  });
}

/**
 * Deletes an entity the writer may see, at the version the client saw. With an idempotency key, a retry of
 * a delete already carried out answers as the first did (the entity is gone), not NotFoundError.
 */
export async function deleteEntity<Row extends StoredEntity, Values>(
  writer: Writer,
  kind: EntityKind<Row, Values>,
  id: string,
  expectedVersion: number,
  idempotencyKey?: string | null,
): Promise<{ id: string }> {
  return inTransaction(writer.db, async (tx) => {
    if (await alreadyDone(tx, writer, `delete${kind.typename}`, idempotencyKey, { id, expectedVersion }, id)) return { id };
    const row = await lockForChange(tx, writer, kind, id, expectedVersion);
    await kind.guardChange?.(tx, writer.viewer, row, null);
    await kind.remove(tx, id);
    const change = {
      type: kind.dataType,
      action: 'DELETE' as const,
      entityId: id,
      employeeId: kind.ownerOf(row, id),
      snapshot: null,
      actorId: writer.viewer.employeeId,
    };
    await recordChange(tx, change, kind.snapshot(row));
    return row;
  });
}
