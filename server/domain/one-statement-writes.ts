import { eq, fillPlaceholders, getTableColumns, getTableName, sql, type SQL, type WithSubquery } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Database } from '../db/client';
import { commitGroupsOf, type CommitGroups } from '../db/commit-groups';
import { insertSelect, updateSet } from '../db/placeholder-writes';
import { changeEvents, entityHistory, idempotencyKeys } from '../db/schema';
import type { NewChange } from '../changelog/change-log';
import type { PlainWrites } from './entity-kind';
import { idempotencyKeyRow, type IdempotencyClaim } from './idempotency';
import { historyOfChange, historyRow } from './history';

// Creates and updates of kinds whose writes touch only their own row (EntityKind.plainWrites), each as
// one statement committed on its own: the reference facts read, the idempotency key claimed, the row
// written and its change event and history line appended, each step only when the one before it
// happened (every fact true, the key new, the row still at the version the writer read), so a write
// that does not go through leaves nothing behind. In a transaction a create sends five statements and
// an update six (begin, lock, facts, write, change and history, commit), and each costs the server a
// round trip's work in the driver; here a create sends one and an update two (its read, then this).
// Statements are built once per database, kind and shape: building one costs more than running it.
// The commit-order trigger on the change log runs at the end of the statement as it would at a commit.
// On PostgreSQL, creates that arrive together commit together (db/commit-groups.ts).

export interface OneStatementOutcome {
  /** The row, its change event and history line (and the key) were committed. */
  written: boolean;
  /** The reference facts as the statement read them. */
  found: Record<string, unknown>;
}

/** A write for writeInOneStatement. */
export interface OneStatementWrite {
  /** The new row, or the whole row after the update. */
  row: object;
  change: NewChange;
  /** The entity's snapshot before an update (null: a create). */
  before: Record<string, unknown> | null;
  /** The version the update expects the stored row at (null: a create). */
  expectedVersion: number | null;
  claim: IdempotencyClaim | null;
}

type Shape = 'create' | 'create_keyed' | 'update' | 'update_keyed';

const changeFields = ['type', 'action', 'entityId', 'employeeId', 'snapshot', 'actorId', 'previous', 'changedFields'] as const;
const historyFields = ['entityType', 'entityId', 'employeeId', 'action', 'actorId', 'changes', 'reason'] as const;
const keyFields = ['scope', 'key', 'operation', 'requestHash', 'entityId'] as const;
/** Columns an update leaves as they are. */
const keptOnUpdate = new Set(['id', 'createdAt']);

const cte = (name: string) => sql.identifier(name);

function buildWrite(db: Database, kind: PlainWrites<unknown, unknown>, shape: Shape) {
  const keyed = shape.endsWith('_keyed');
  const factNames = Object.keys(kind.facts);
  const fact = (name: string) => sql`${cte('reference_facts')}.${sql.identifier(name)}`;
  const accepted = factNames.length === 0 ? sql`true` : sql.join(factNames.map((name) => sql`${fact(name)} is true`), sql` and `);
  const readFacts = db.$with('reference_facts', {}).as(
    sql`select ${factNames.length === 0 ? sql`1 as one` : sql.join(factNames.map((name) => sql`${kind.facts[name]} as ${sql.identifier(name)}`), sql`, `)}`,
  );
  const claimKey = (from: SQL, onConflict: SQL) =>
    db.$with('claimed_key', {}).as(sql`${insertSelect(idempotencyKeys, keyFields, from, (field) => `key.${field}`)} ${onConflict} returning 1`);
  const whenAccepted = sql`exists (select 1 from ${cte('reference_facts')} where ${accepted})`;
  const columns = getTableColumns(kind.table);
  const rowFields = Object.keys(columns);
  const idColumn = columns.id as PgColumn;
  const versionColumn = columns.version as PgColumn;
  const afterWrite = sql`from ${cte('written_row')}`;
  let steps: WithSubquery[];
  if (shape.startsWith('create')) {
    // A create claims its key first: a key already taken (a retry) inserts nothing and stops the create.
    const claim = keyed ? [claimKey(sql`where ${whenAccepted}`, sql`on conflict do nothing`)] : [];
    const mayInsert = keyed ? sql`exists (select 1 from ${cte('claimed_key')})` : whenAccepted;
    steps = [...claim, db.$with('written_row', {}).as(sql`${insertSelect(kind.table, rowFields, sql`where ${mayInsert}`, (field) => field)} returning 1`)];
  } else {
    // An update claims its key after writing, only if it wrote: whether the row is still at the expected
    // version is known only once the update has its lock. A key already taken then fails the statement
    // (unique violation) and so undoes the update; the caller goes on to the transaction.
    const where = sql`where ${idColumn} = ${sql.placeholder('id')} and ${versionColumn} = ${sql.placeholder('expectedVersion')} and ${whenAccepted}`;
    const update = db.$with('written_row', {}).as(sql`${updateSet(kind.table, rowFields.filter((field) => !keptOnUpdate.has(field)), where, (field) => field)} returning 1`);
    steps = [update, ...(keyed ? [claimKey(afterWrite, sql``)] : [])];
  }
  const appendChange = db.$with('appended_change', {}).as(insertSelect(changeEvents, changeFields, afterWrite, (field) => `change.${field}`));
  const recordHistory = db.$with('recorded_history', {}).as(insertSelect(entityHistory, historyFields, afterWrite, (field) => `history.${field}`));
  return db
    .with(readFacts, ...steps, appendChange, recordHistory)
    .select({ written: sql<boolean>`exists (select 1 from ${cte('written_row')})`, ...Object.fromEntries(factNames.map((name) => [name, fact(name)])) })
    .from(sql`${cte('reference_facts')}`)
    .prepare(`${shape}_${getTableName(kind.table)}`);
}

function buildRead(db: Database, kind: PlainWrites<unknown, unknown>) {
  const idColumn = getTableColumns(kind.table).id as PgColumn;
  return db.select().from(kind.table).where(eq(idColumn, sql.placeholder('id'))).prepare(`read_${getTableName(kind.table)}`);
}

type WriteStatement = ReturnType<typeof buildWrite>;

interface Statements {
  writes: Map<Shape, WriteStatement>;
  read?: ReturnType<typeof buildRead>;
}

const built = new WeakMap<Database, Map<PlainWrites<unknown, unknown>, Statements>>();

function statementsOf(db: Database, kind: PlainWrites<unknown, unknown>): Statements {
  let byKind = built.get(db);
  if (!byKind) {
    byKind = new Map();
    built.set(db, byKind);
  }
  let statements = byKind.get(kind);
  if (!statements) {
    statements = { writes: new Map() };
    byKind.set(kind, statements);
  }
  return statements;
}

/** The placeholder names of each part's fields, worked out once: a write fills some forty of them. */
const placeholderNames = (prefix: string, fields: readonly string[]) => fields.map((field) => [field, `${prefix}.${field}`] as const);
const changePlaceholders = placeholderNames('change', changeFields);
const historyPlaceholders = placeholderNames('history', historyFields);
const keyPlaceholders = placeholderNames('key', keyFields);

function fill(into: Record<string, unknown>, placeholders: ReadonlyArray<readonly [string, string]>, values: object): void {
  for (const [field, name] of placeholders) into[name] = (values as Record<string, unknown>)[field] ?? null;
}

/** The entity's row as stored now (no lock: the update that follows checks its version). */
export async function readRow<Row, Values>(db: Database, kind: PlainWrites<Row, Values>, id: string): Promise<Row | undefined> {
  const statements = statementsOf(db, kind as PlainWrites<unknown, unknown>);
  statements.read ??= buildRead(db, kind as PlainWrites<unknown, unknown>);
  const [row] = await statements.read.execute({ id });
  return row as Row | undefined;
}

/**
 * Writes `row` (a new one, or the whole row after an update of the row at `expectedVersion`) with its
 * change event and history line. When nothing was written the caller learns why from `found` (a
 * reference refused) or, with a key or for an update, by taking the write through a transaction, which
 * answers a replay or a version conflict as before.
 */
export async function writeInOneStatement<Row, Values>(db: Database, kind: PlainWrites<Row, Values>, write: OneStatementWrite): Promise<OneStatementOutcome> {
  const shape: Shape = `${write.expectedVersion === null ? 'create' : 'update'}${write.claim ? '_keyed' : ''}`;
  const statements = statementsOf(db, kind as PlainWrites<unknown, unknown>);
  let statement = statements.writes.get(shape);
  if (!statement) {
    statement = buildWrite(db, kind as PlainWrites<unknown, unknown>, shape);
    statements.writes.set(shape, statement);
  }
  const values: Record<string, unknown> = { ...write.row };
  if (write.expectedVersion !== null) values.expectedVersion = write.expectedVersion;
  fill(values, changePlaceholders, write.change);
  fill(values, historyPlaceholders, historyRow(historyOfChange(write.change, write.before)));
  if (write.claim) fill(values, keyPlaceholders, idempotencyKeyRow(write.claim));
  const groups = write.expectedVersion === null ? commitGroupsOf(db) : undefined;
  const [result] = groups ? await inGroup(groups, statement, kind, values) : await statement.execute(values);
  if (!result) throw new Error('the write statement returned no row');
  const { written, ...found } = result;
  return { written: written === true, found };
}

/**
 * A create through group commit (db/commit-groups.ts): the same prepared statement and parameters, its
 * row read back by position as drizzle would (`written`, then the facts in their order). Updates stay out:
 * each locks a row that already exists, and groups locking two rows in opposite orders would deadlock.
 */
async function inGroup(groups: CommitGroups, statement: WriteStatement, kind: PlainWrites<unknown, unknown>, values: Record<string, unknown>) {
  const { sql: text, params } = statement.getQuery();
  const rows = await groups.run({ text, params: fillPlaceholders(params, values) });
  const factNames = Object.keys(kind.facts);
  return rows.map(([written, ...facts]) => ({ written, ...Object.fromEntries(factNames.map((name, index) => [name, facts[index]])) }));
}
