import { eq, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import { canAccessEmployee } from '../auth/rules';
import { completeRow } from '../db/complete-row';
import { costCenters, employeeCostCenters, employees, type EntryStatus } from '../db/schema';
import type { DataType } from './data-type';
import type { EntityKind, StoredEntity } from './entity-kind';
import { assertUnlocked } from './entry-status';
import { ForbiddenError, ValidationError } from './errors';
import type { Typename } from './ids';
import { validate } from './validation';

/** The columns all three entry tables share. */
type EntryTable = PgTable & {
  id: PgColumn;
  version: PgColumn;
  updatedAt: PgColumn;
};

/** The review columns of an entry (db/schema.ts `workflowColumns`). */
export interface ReviewColumns {
  status: EntryStatus;
  statusChangedAt: Date | null;
  statusChangedById: string | null;
  submittedAt: Date | null;
  reviewedAt: Date | null;
  reviewedById: string | null;
  rejectionReason: string | null;
  reimbursedAt: Date | null;
  reimbursedById: string | null;
}

export interface EntryRow extends StoredEntity, ReviewColumns {
  employeeId: string;
  costCenterId: string;
  date: string;
}

export interface EntryValues {
  employeeId: string;
  costCenterId: string;
  date: string;
}

const storedOnlyFields = new Set(['id', 'version', 'createdAt', 'updatedAt']);

/** What an entry's charge refers to: its employee (active?) and its cost center (known, and theirs?). */
function chargeFacts(employeeId: unknown, costCenterId: unknown): Record<string, SQL> {
  return {
    employeeActive: sql<boolean | null>`(select ${employees.active} from ${employees} where ${employees.id} = ${employeeId})`,
    costCenterKnown: sql<boolean>`exists (select 1 from ${costCenters} where ${costCenters.id} = ${costCenterId})`,
    member: sql<boolean>`exists (select 1 from ${employeeCostCenters} where ${employeeCostCenters.employeeId} = ${employeeId} and ${employeeCostCenters.costCenterId} = ${costCenterId})`,
  };
}

/**
 * Builds the EntityKind of an entry type (mileage, receipt, time) from its table and its input schema:
 * the three differ only in their own fields, not in ownership, permissions or storage.
 */
export function entryKind<Row extends EntryRow, Schema extends z.ZodType<EntryValues>>(options: {
  typename: Typename;
  dataType: DataType;
  table: EntryTable;
  schema: Schema;
  warnings?: EntityKind<Row, z.output<Schema>>['warnings'];
}): EntityKind<Row, z.output<Schema>> {
  const { table, schema } = options;
  return {
    typename: options.typename,
    dataType: options.dataType,
    validate: (input) => validate(schema, input),
    ...(options.warnings ? { warnings: options.warnings } : {}),
    references: (values) => ({
      facts: chargeFacts(values.employeeId, values.costCenterId),
      judge(found, stored) {
        const employee = typeof found.employeeActive === 'boolean' ? { active: found.employeeActive } : undefined;
        const costCenter = found.costCenterKnown === true ? { member: found.member === true } : undefined;
        // An entry is charged to a cost center its employee works for; an entry already filed keeps its
        // charge when its employee moves on, until someone changes who or what it is charged to.
        const chargeChanged = !stored || stored.employeeId !== values.employeeId || stored.costCenterId !== values.costCenterId;
        const problems = [
          ...(employee?.active ? [] : [{ field: 'employeeId', message: employee ? 'is not an active employee' : 'is not a known employee' }]),
          ...(!costCenter
            ? [{ field: 'costCenterId', message: 'is not a known cost center' }]
            : chargeChanged && employee && !costCenter.member
              ? [{ field: 'costCenterId', message: 'is not a cost center this employee works for' }]
              : []),
        ];
        if (problems.length > 0) throw new ValidationError(problems);
      },
    }),
    ownerOf: (values) => values.employeeId,
    authorizeWrite(_viewer, scope, ownerId) {
      if (!canAccessEmployee(scope, ownerId)) {
        throw new ForbiddenError('You can only write entries of yourself or of employees you supervise');
      }
    },
    assertWritable: (row) => assertUnlocked(row),
    editableFields: (row) => Object.fromEntries(Object.entries(row).filter(([key]) => !storedOnlyFields.has(key))),
    async lock(tx, id) {
      const rows = await tx.select().from(table).where(eq(table.id, id)).for('update');
      return rows[0] as unknown as Row | undefined;
    },
    async insert(tx, id, values) {
      const rows = await tx.insert(table).values({ ...values, id }).returning();
      return rows[0] as unknown as Row;
    },
    plainWrites: {
      table,
      row: (id, values, at) => completeRow(table, { ...values, id }, at) as unknown as Row,
      updatedRow: (stored, values, at) => ({ ...stored, ...values, version: stored.version + 1, updatedAt: at }),
      facts: chargeFacts(sql.placeholder('employeeId'), sql.placeholder('costCenterId')),
    },
    async update(tx, row, values) {
      const rows = await tx
        .update(table)
        .set({ ...values, version: row.version + 1, updatedAt: sql`now()` })
        .where(eq(table.id, row.id))
        .returning();
      return rows[0] as unknown as Row;
    },
    async remove(tx, id) {
      await tx.delete(table).where(eq(table.id, id));
    },
    snapshot: (row) => JSON.parse(JSON.stringify(row)) as Record<string, unknown>,
  };
}
