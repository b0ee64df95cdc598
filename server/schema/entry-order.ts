import type { SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { employeeNameOf, type EntryOrder, type EntryTable } from '../domain/entry-queries';
import { builder } from './builder';

export const SortDirectionEnum = builder.enumType('SortDirection', { values: ['ASC', 'DESC'] as const });

/**
 * `<Type>SortField` and `<Type>Order` for one entry type: what every entry sorts by (date, employee
 * name, review status) plus the type's own keys (e.g. AMOUNT). Returns the input and how to read it.
 */
export function entryOrderInput(typename: string, table: EntryTable, ownKeys: Record<string, PgColumn | SQL>) {
  const keys: Record<string, PgColumn | SQL> = { DATE: table.date, EMPLOYEE: employeeNameOf(table), STATUS: table.status, ...ownKeys };
  const FieldEnum = builder.enumType(`${typename}SortField`, {
    description: 'DATE: the entry\'s day; EMPLOYEE: the owner\'s name; STATUS: in review order (DRAFT first); the rest: the field of that name',
    values: Object.keys(keys),
  });
  const OrderInput = builder.inputType(`${typename}Order`, {
    description: 'A sort key and direction; ties are broken by id in the same direction, so paging is exact',
    fields: (t) => ({
      field: t.field({ type: FieldEnum, required: true }),
      direction: t.field({ type: SortDirectionEnum, required: true }),
    }),
  });
  const orderOf = (order: { field: string; direction: 'ASC' | 'DESC' } | null | undefined): EntryOrder => ({
    key: (order && keys[order.field]) || table.date,
    descending: (order?.direction ?? 'DESC') === 'DESC',
  });
  return { OrderInput, orderOf };
}
