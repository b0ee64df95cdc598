import { inArray } from 'drizzle-orm';
import {
  costCenters,
  employees,
  type CostCenterRow,
  type MileageEntryRow,
  type MileageRateRow,
  type ReceiptRow,
  type ShiftRow,
  type TimeEntryRow,
  type TimesheetRow,
} from '../db/schema';
import type { StoredEntity } from '../domain/entity-kind';
import type { EntryRow, ReviewColumns } from '../domain/entry-kind';
import { typenameOfId } from '../domain/ids';
import { builder } from './builder';

/**
 * Type references, declared apart from their fields so type files can point at each other
 * without import cycles. Each type's fields live in its own file.
 */

/** An employee as the API shows it (the password hash never leaves the database layer). */
export type EmployeeShape = Omit<typeof employees.$inferSelect, 'passwordHash'>;

/** The employee columns the API may show: everything but the password hash. */
export const employeeColumns = {
  id: employees.id,
  version: employees.version,
  createdAt: employees.createdAt,
  updatedAt: employees.updatedAt,
  name: employees.name,
  email: employees.email,
  role: employees.role,
  active: employees.active,
};

const resolveTypeById = (value: { id: string }) => typenameOfId(value.id) ?? null;

export const NodeInterface = builder.interfaceRef<StoredEntity>('Node').implement({
  description: 'An entity with a stable id and a version that grows by one with every change',
  resolveType: resolveTypeById,
  fields: (t) => ({
    id: t.exposeID('id'),
    version: t.exposeInt('version'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

/*
 * Loaders do not cache: a subscription keeps one context for its whole life, and a cached employee
 * would go stale across events. Batching still makes a page of entries one query per related type.
 */
export const EmployeeRef = builder.loadableObjectRef<EmployeeShape, string>('Employee', {
  loaderOptions: { cache: false },
  load: (ids, context) => context.db.select(employeeColumns).from(employees).where(inArray(employees.id, ids)),
  sort: (employee) => employee.id,
});

export const CostCenterRef = builder.loadableObjectRef<CostCenterRow, string>('CostCenter', {
  loaderOptions: { cache: false },
  load: (ids, context) => context.db.select().from(costCenters).where(inArray(costCenters.id, ids)),
  sort: (costCenter) => costCenter.id,
});

/** Who did something, by name only: an employee may see who reviewed their entries, not the reviewer's record. */
export interface PersonShape {
  id: string;
  name: string;
}

export const PersonRef = builder.loadableObjectRef<PersonShape, string>('Person', {
  loaderOptions: { cache: false },
  load: async (ids, context) => {
    const rows = await context.db.select({ id: employees.id, name: employees.name }).from(employees).where(inArray(employees.id, ids));
    const byId = new Map(rows.map((row) => [row.id, row]));
    // Reviewers are kept by id without a foreign key; someone removed since is still named.
    return ids.map((id) => byId.get(id) ?? { id, name: 'A former employee' });
  },
});

export const ReviewableInterface = builder.interfaceRef<ReviewColumns & { id: string }>('Reviewable');
export const EntryInterface = builder.interfaceRef<EntryRow>('Entry');
export const MileageEntryRef = builder.objectRef<MileageEntryRow>('MileageEntry');
export const ReceiptRef = builder.objectRef<ReceiptRow>('Receipt');
export const TimeEntryRef = builder.objectRef<TimeEntryRow>('TimeEntry');
export const TimesheetRef = builder.objectRef<TimesheetRow>('Timesheet');
export const ShiftRef = builder.objectRef<ShiftRow>('Shift');
export const MileageRateRef = builder.objectRef<MileageRateRow>('MileageRate');

export const SyncNodeUnion = builder.unionType('SyncNode', {
  description: 'Any entity a change can carry',
  types: [EmployeeRef, MileageEntryRef, ReceiptRef, TimeEntryRef, ShiftRef],
  resolveType: resolveTypeById,
});

/** isTypeOf for entity types: errors (which may carry an id) are never entities. */
export function isEntity(typename: string) {
  return (value: unknown): boolean =>
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof Error) &&
    typenameOfId(String((value as { id?: unknown }).id)) === typename;
}
