import type { SQL } from 'drizzle-orm';
import type { Scope } from '../auth/rules';
import type { Viewer } from '../auth/viewer';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Queryable, Transaction } from '../db/client';
import type { DataType } from './data-type';
import type { Warning } from './errors';
import type { Typename } from './ids';

/** What every stored entity has. */
export interface StoredEntity {
  id: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * A write's reference check: facts the database knows, read as one row (alone, or within the first
 * statement a create sends anyway), and the rule that judges them.
 */
export interface ReferenceCheck<Row> {
  /**
   * SQL expressions, each read under its key; empty when there is nothing to look up. A new entity is
   * accepted exactly when every fact is true (a create in one statement inserts on that condition).
   */
  facts: Record<string, SQL>;
  /**
   * Throws ValidationError when the facts refuse the values. `stored` is the entity before an update
   * (rules about a reference apply when it changes).
   */
  judge(found: Record<string, unknown>, stored?: Row): void;
}

/**
 * How a kind whose creates and updates write only its own row makes them in one statement each
 * (one-statement-writes.ts). Such a kind has no guardChange.
 */
export interface PlainWrites<Row, Values> {
  table: PgTable;
  /** The whole row the insert stores, known before inserting: no column is left to the database. */
  row(id: string, values: Values, at: Date): Row;
  /** The whole row after `update` writes `values` over `stored` at `at`. */
  updatedRow(stored: Row, values: Values, at: Date): Row;
  /**
   * The reference facts of a new entity, as `references(values).facts` reads them, with
   * `sql.placeholder(field)` standing for the row's fields (the statement is built once per kind).
   */
  facts: Record<string, SQL>;
}

/**
 * One synced entity type, as the generic writer (entity-writer.ts) needs it: how to validate it,
 * who owns it, who may write it and how to read, insert, update and delete its row.
 */
export interface EntityKind<Row extends StoredEntity, Values> {
  typename: Typename;
  dataType: DataType;
  /** Validates a complete entity (a create's input, or a stored entity with a patch applied). */
  validate(input: Record<string, unknown>): Values;
  /** How the references of `values` (cost centers, employees) are checked inside the transaction. */
  references(values: Values): ReferenceCheck<Row>;
  /** The employee the entity belongs to (for EMPLOYEE, the employee itself). */
  ownerOf(values: Values | Row, id: string): string;
  /** Throws ForbiddenError when the viewer may not write an entity owned by `ownerId`. */
  authorizeWrite(viewer: Viewer, scope: Scope, ownerId: string): void;
  /** The fields a client may patch, mapped from the stored row, to merge an update with. */
  editableFields(row: Row): Record<string, unknown>;
  /** Throws LockedError when the stored entity may not be changed or deleted (approved, reimbursed); absent: never locked. */
  assertWritable?(row: Row): void;
  /** What is valid but unusual about the values, for the user to confirm; absent: nothing ever is. */
  warnings?(db: Queryable, values: Values, stored?: Row): Promise<Warning[]>;
  /** Throws a typed error when this viewer may not make this change (`next` null: a delete); absent: always allowed. */
  guardChange?(tx: Transaction, viewer: Viewer, stored: Row, next: Values | null): Promise<void>;
  lock(tx: Transaction, id: string): Promise<Row | undefined>;
  insert(tx: Transaction, id: string, values: Values): Promise<Row>;
  /**
   * Present for a kind whose insert and update write its row and nothing else: they then go in one
   * statement each (one-statement-writes.ts). Absent when they do more (a time entry locks its week).
   */
  plainWrites?: PlainWrites<Row, Values>;
  update(tx: Transaction, row: Row, values: Values): Promise<Row>;
  remove(tx: Transaction, id: string): Promise<void>;
  /** The entity as clients see it, stored in the change log; must hold no secrets. */
  snapshot(row: Row): Record<string, unknown>;
}
