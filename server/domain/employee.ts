import { eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { assertAccountChangeAllowed, assertCanManageEmployees } from '../auth/rules';
import { hashPassword } from '../auth/passwords';
import { revokeSessions } from '../auth/sessions';
import type { Transaction } from '../db/client';
import {
  costCenters,
  employeeCostCenters,
  employees,
  mileageEntries,
  receipts,
  roleEnum,
  timeEntries,
  type EmployeeRow,
} from '../db/schema';
import type { EntityKind } from './entity-kind';
import { EmployeeHasEntriesError, ValidationError } from './errors';
import { entityId, text, validate } from './validation';

/** An employee as clients see it: never the password hash; with the cost centers they work for. */
export type EmployeeRecord = Omit<EmployeeRow, 'passwordHash'> & { costCenterIds: string[] };

/** What a password must be: long enough to resist guessing, short enough to hash cheaply. */
export const passwordSchema = z.string().min(10, 'must be at least 10 characters').max(200, 'must be at most 200 characters');

export const employeeSchema = z.object({
  name: text(200),
  email: z.string().trim().toLowerCase().max(254, 'must be at most 254 characters').pipe(z.email('must be an email address')),
  role: z.enum(roleEnum.enumValues, 'is not a known role').default('EMPLOYEE'),
  active: z.boolean().default(true),
  costCenterIds: z.array(entityId).max(50, 'must list at most 50 cost centers').default([]),
  password: passwordSchema.optional(),
});

type EmployeeValues = z.output<typeof employeeSchema>;

async function loadRecord(tx: Transaction, row: EmployeeRow): Promise<EmployeeRecord> {
  const memberships = await tx
    .select({ costCenterId: employeeCostCenters.costCenterId })
    .from(employeeCostCenters)
    .where(eq(employeeCostCenters.employeeId, row.id));
  const { passwordHash: _secret, ...visible } = row;
  return { ...visible, costCenterIds: memberships.map((m) => m.costCenterId).sort() };
}

async function replaceMemberships(tx: Transaction, employeeId: string, costCenterIds: string[]): Promise<void> {
  await tx.delete(employeeCostCenters).where(eq(employeeCostCenters.employeeId, employeeId));
  const unique = [...new Set(costCenterIds)];
  if (unique.length > 0) {
    await tx.insert(employeeCostCenters).values(unique.map((costCenterId) => ({ employeeId, costCenterId })));
  }
}

export const employeeKind: EntityKind<EmployeeRecord, EmployeeValues> = {
  typename: 'Employee',
  dataType: 'EMPLOYEE',
  validate: (input) => validate(employeeSchema, input),
  references(values) {
    const unique = [...new Set(values.costCenterIds)];
    const facts: Record<string, SQL> =
      unique.length === 0 ? {} : { knownCostCenterIds: sql<string[]>`array(select ${costCenters.id} from ${costCenters} where ${costCenters.id} in ${unique})` };
    return {
      facts,
      judge(found) {
        const known = new Set(Array.isArray(found.knownCostCenterIds) ? (found.knownCostCenterIds as string[]) : []);
        const unknown = unique.filter((id) => !known.has(id));
        if (unknown.length > 0) throw ValidationError.of('costCenterIds', `${unknown.join(', ')} is not a known cost center`);
      },
    };
  },
  ownerOf: (_values, id) => id,
  authorizeWrite: (viewer) => assertCanManageEmployees(viewer),
  editableFields: (record) => ({
    name: record.name,
    email: record.email,
    role: record.role,
    active: record.active,
    costCenterIds: record.costCenterIds,
  }),
  guardChange: (tx, viewer, stored, next) => assertAccountChangeAllowed(tx, viewer, stored.id, stored, next),
  async lock(tx, id) {
    const [row] = await tx.select().from(employees).where(eq(employees.id, id)).for('update');
    return row ? loadRecord(tx, row) : undefined;
  },
  async insert(tx, id, { costCenterIds, password, ...values }) {
    const passwordHash = password ? await hashPassword(password) : null;
    const [row] = await tx.insert(employees).values({ ...values, id, passwordHash }).returning();
    if (!row) throw new Error('employee insert returned no row');
    await replaceMemberships(tx, id, costCenterIds);
    return loadRecord(tx, row);
  },
  async update(tx, record, { costCenterIds, password, ...values }) {
    const passwordHash = password ? await hashPassword(password) : undefined;
    const [row] = await tx
      .update(employees)
      .set({ ...values, ...(passwordHash ? { passwordHash } : {}), version: record.version + 1, updatedAt: sql`now()` })
      .where(eq(employees.id, record.id))
      .returning();
    if (!row) throw new Error('employee update returned no row');
    await replaceMemberships(tx, record.id, costCenterIds);
    // A deactivated account's sessions stay dead if it is reactivated; a reset password signs out everywhere.
    if (record.active && !values.active) await revokeSessions(tx, { employeeId: record.id }, 'DEACTIVATED');
    else if (passwordHash) await revokeSessions(tx, { employeeId: record.id }, 'PASSWORD_CHANGED');
    return loadRecord(tx, row);
  },
  async remove(tx, id) {
    const [counts] = await tx.select({
      entries: sql<number>`(select count(*) from ${mileageEntries} where ${mileageEntries.employeeId} = ${id})
        + (select count(*) from ${receipts} where ${receipts.employeeId} = ${id})
        + (select count(*) from ${timeEntries} where ${timeEntries.employeeId} = ${id})`.mapWith(Number),
    }).from(sql`(select 1) as one`);
    const entryCount = counts?.entries ?? 0;
    if (entryCount > 0) throw new EmployeeHasEntriesError(id, entryCount);
    await tx.delete(employees).where(eq(employees.id, id));
  },
  snapshot: (record) => JSON.parse(JSON.stringify(record)) as Record<string, unknown>,
};
