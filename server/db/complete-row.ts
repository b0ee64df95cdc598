import { getTableColumns, is, SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';

/**
 * The row an insert of `given` stores, every column filled in as the database would: given values, else
 * the column's default, else null. A default written as SQL is taken to be the time (`defaultNow()`) and
 * becomes `at`; any other SQL default, or a required column with no value, throws, since only the database
 * could say what it would hold. With the whole row known before the insert, a create can write its row,
 * change event and history line in one statement (domain/one-statement-writes.ts).
 */
export function completeRow(table: PgTable, given: object, at: Date): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [field, column] of columnsOf(table)) row[field] = columnValue(column, field, (given as Record<string, unknown>)[field], at);
  return row;
}

const columnLists = new WeakMap<PgTable, Array<[string, PgColumn]>>();

function columnsOf(table: PgTable): Array<[string, PgColumn]> {
  let columns = columnLists.get(table);
  if (!columns) {
    columns = Object.entries(getTableColumns(table));
    columnLists.set(table, columns);
  }
  return columns;
}

function columnValue(column: PgColumn, field: string, value: unknown, at: Date): unknown {
  if (value !== undefined) return value;
  if (column.defaultFn) throw new Error(`${field}: a default computed in JavaScript is not supported here`);
  if (is(column.default, SQL)) {
    if (column.columnType !== 'PgTimestamp') throw new Error(`${field}: only the time is known as an SQL default`);
    return at;
  }
  // A default object (a JSON column's) is copied so no two rows share it; strings and numbers need no copy.
  if (column.default !== undefined) return typeof column.default === 'object' && column.default !== null ? structuredClone(column.default) : column.default;
  if (!column.notNull) return null;
  throw new Error(`${field} has no value and no default`);
}
