import { and, asc, count, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Scope } from '../auth/rules';
import { costCenters, employeeCostCenters, employees } from '../db/schema';
import { employeeKind } from '../domain/employee';
import { createEntity, deleteEntity, updateEntity } from '../domain/entity-writer';
import { containsEveryWord } from '../domain/text-search';
import { checkIdempotencyKey } from '../domain/idempotency';
import { builder } from './builder';
import { DeletedEntityRef } from './deleted-entity';
import { idempotencyKeyDescription } from './entry';
import { RoleEnum } from './enums';
import { createErrors, employeeDeleteErrors, employeeUpdateErrors } from './errors';
import { connectionType, decodeKeyCursor, encodeKeyCursor, pageSize } from './pagination';
import { CostCenterRef, EmployeeRef, employeeColumns, isEntity, NodeInterface, type EmployeeShape } from './refs';
import { withoutNulls, writerOf } from './writer';

EmployeeRef.implement({
  description: 'A person who logs trips, receipts and hours, or reviews them',
  interfaces: [NodeInterface],
  isTypeOf: isEntity('Employee'),
  fields: (t) => ({
    name: t.exposeString('name'),
    email: t.exposeString('email'),
    role: t.field({ type: RoleEnum, resolve: (employee) => employee.role }),
    active: t.exposeBoolean('active', { description: 'Inactive employees cannot sign in' }),
    costCenters: t.loadableGroup({
      type: CostCenterRef,
      description: 'The cost centers this employee works for',
      load: (employeeIds: string[], context) =>
        context.db
          .select({ costCenter: costCenters, employeeId: employeeCostCenters.employeeId })
          .from(employeeCostCenters)
          .innerJoin(costCenters, eq(costCenters.id, employeeCostCenters.costCenterId))
          .where(inArray(employeeCostCenters.employeeId, employeeIds))
          .orderBy(asc(costCenters.code))
          .then((rows) => rows.map((row) => ({ ...row.costCenter, memberId: row.employeeId }))),
      group: (costCenter) => (costCenter as unknown as { memberId: string }).memberId,
      resolve: (employee) => employee.id,
    }),
  }),
});

const EmployeeFilterInput = builder.inputType('EmployeeFilter', {
  fields: (t) => ({
    costCenterId: t.id({ required: false }),
    active: t.boolean({ required: false }),
    search: t.string({ required: false, description: 'Part of the name or email, any case' }),
  }),
});

function employeeConditions(scope: Scope, filter: { costCenterId?: string | number | null; active?: boolean | null; search?: string | null } | null | undefined): SQL | undefined {
  return and(
    scope.kind === 'all' ? undefined : inArray(employees.id, [...scope.employeeIds]),
    filter?.costCenterId
      ? sql`${employees.id} in (select ${employeeCostCenters.employeeId} from ${employeeCostCenters} where ${employeeCostCenters.costCenterId} = ${String(filter.costCenterId)})`
      : undefined,
    typeof filter?.active === 'boolean' ? eq(employees.active, filter.active) : undefined,
    containsEveryWord([employees.name, employees.email], filter?.search),
  );
}

builder.queryFields((t) => ({
  employees: t.field({
    type: connectionType<EmployeeShape>('Employee', EmployeeRef),
    description: 'Employees the viewer may see, by name',
    args: {
      filter: t.arg({ type: EmployeeFilterInput, required: false }),
      first: t.arg.int({ required: false, description: 'Page size, 1 to 1000 (default 50)' }),
      after: t.arg.string({ required: false }),
    },
    resolve: async (_root, args, context) => {
      const limit = pageSize(args.first);
      const after = args.after ? decodeKeyCursor(args.after, 2) : null;
      const where = employeeConditions(await context.scope(), args.filter);
      const rows = await context.db
        .select(employeeColumns)
        .from(employees)
        .where(and(where, after ? sql`(${employees.name}, ${employees.id}) > (${after[0]}, ${after[1]})` : undefined))
        .orderBy(asc(employees.name), asc(employees.id))
        .limit(limit + 1);
      return {
        rows: rows.slice(0, limit),
        hasNextPage: rows.length > limit,
        cursorOf: (row: EmployeeShape) => encodeKeyCursor([row.name, row.id]),
        totalCount: async () => (await context.db.select({ total: count() }).from(employees).where(where))[0]?.total ?? 0,
      };
    },
  }),
}));

function employeeInput(name: string, required: boolean) {
  return builder.inputType(name, {
    fields: (t) => ({
      name: t.string({ required }),
      email: t.string({ required }),
      role: t.field({ type: RoleEnum, required: false }),
      active: t.boolean({ required: false }),
      costCenterIds: t.idList({ required: false }),
      password: t.string({ required: false, description: 'Sets the password used to sign in; at least 10 characters' }),
    }),
  });
}

const CreateEmployeeInput = employeeInput('CreateEmployeeInput', true);
const UpdateEmployeeInput = employeeInput('UpdateEmployeeInput', false);

builder.mutationFields((t) => ({
  createEmployee: t.field({
    type: EmployeeRef,
    errors: { types: createErrors },
    args: {
      input: t.arg({ type: CreateEmployeeInput, required: true }),
      idempotencyKey: t.arg.string({ required: false, description: idempotencyKeyDescription }),
    },
    resolve: async (_root, { input, idempotencyKey }, context) =>
      createEntity(await writerOf(context), employeeKind, withoutNulls(input), checkIdempotencyKey(idempotencyKey)),
  }),
  updateEmployee: t.field({
    type: EmployeeRef,
    errors: { types: employeeUpdateErrors },
    args: {
      id: t.arg.id({ required: true }),
      version: t.arg.int({ required: true }),
      input: t.arg({ type: UpdateEmployeeInput, required: true }),
      idempotencyKey: t.arg.string({ required: false, description: idempotencyKeyDescription }),
    },
    resolve: async (_root, { id, version, input, idempotencyKey }, context) => {
      const updated = await updateEntity(await writerOf(context), employeeKind, String(id), version, withoutNulls(input), checkIdempotencyKey(idempotencyKey));
      // Role, activity or a password reset: the next request of their sessions reads them afresh.
      context.authority.forget(String(id));
      return updated;
    },
  }),
  deleteEmployee: t.field({
    type: DeletedEntityRef,
    errors: { types: employeeDeleteErrors },
    args: {
      id: t.arg.id({ required: true }),
      version: t.arg.int({ required: true }),
      idempotencyKey: t.arg.string({ required: false, description: idempotencyKeyDescription }),
    },
    resolve: async (_root, { id, version, idempotencyKey }, context) => {
      const deleted = await deleteEntity(await writerOf(context), employeeKind, String(id), version, checkIdempotencyKey(idempotencyKey));
      context.authority.forget(String(id));
      return { id: deleted.id, type: 'EMPLOYEE' as const };
    },
  }),
}));
