import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';

// Writes built once and run many times with new placeholder values (drizzle's prepared queries): each
// column's value is the placeholder `placeholderOf(field)`, cast to the column's type (a SELECT list
// cannot infer it as a VALUES list does).

/** A column's encoder that passes null through, as an insert's VALUES list does. */
function encoderOf(column: PgColumn) {
  return { mapToDriverValue: (value: unknown) => (value === null ? null : column.mapToDriverValue(value)) };
}

function columnsOf(table: PgTable, fields: readonly string[]) {
  const columns = getTableColumns(table);
  return fields.map((field) => {
    const column = columns[field];
    if (!column) throw new Error(`${field} is not a column`);
    return { field, column };
  });
}

function valueOf(column: PgColumn, placeholder: string): SQL {
  return sql`${sql.param(sql.placeholder(placeholder), encoderOf(column))}::${sql.raw(column.getSQLType())}`;
}

/** `insert into <table> (<columns>) select <values> <from>`: inserts only when `from` yields a row (a condition on earlier facts of the statement). */
export function insertSelect(table: PgTable, fields: readonly string[], from: SQL, placeholderOf: (field: string) => string): SQL {
  const chosen = columnsOf(table, fields);
  const names = sql.join(chosen.map(({ column }) => sql.identifier(column.name)), sql`, `);
  const values = sql.join(chosen.map(({ field, column }) => valueOf(column, placeholderOf(field))), sql`, `);
  return sql`insert into ${table} (${names}) select ${values} ${from}`;
}

/** `update <table> set <column> = <value>, … <where>`. */
export function updateSet(table: PgTable, fields: readonly string[], where: SQL, placeholderOf: (field: string) => string): SQL {
  const assignments = sql.join(columnsOf(table, fields).map(({ field, column }) => sql`${sql.identifier(column.name)} = ${valueOf(column, placeholderOf(field))}`), sql`, `);
  return sql`update ${table} set ${assignments} ${where}`;
}
