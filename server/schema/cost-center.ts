import { asc, eq, inArray } from 'drizzle-orm';
import { canAccessEmployee, requireViewer } from '../auth/rules';
import { costCenters, costCenterSupervisors, employees } from '../db/schema';
import { builder } from './builder';
import { CostCenterRef, EmployeeRef, employeeColumns, isEntity, NodeInterface } from './refs';

CostCenterRef.implement({
  description: 'A budget that entries are charged to; supervisors review the entries of its employees',
  interfaces: [NodeInterface],
  isTypeOf: isEntity('CostCenter'),
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    supervisors: t.loadableGroup({
      type: EmployeeRef,
      description: 'Who supervises it, as far as you may see them (the rule of `node`)',
      load: async (costCenterIds: string[], context) => {
        const scope = await context.scope();
        const rows = await context.db
          .select({ ...employeeColumns, costCenterId: costCenterSupervisors.costCenterId })
          .from(costCenterSupervisors)
          .innerJoin(employees, eq(employees.id, costCenterSupervisors.supervisorId))
          .where(inArray(costCenterSupervisors.costCenterId, costCenterIds))
          .orderBy(asc(employees.name));
        return rows.filter((row) => canAccessEmployee(scope, row.id));
      },
      group: (supervisor) => (supervisor as unknown as { costCenterId: string }).costCenterId,
      resolve: (costCenter) => costCenter.id,
    }),
  }),
});

builder.queryField('costCenters', (t) =>
  t.field({
    type: [CostCenterRef],
    description: 'All cost centers, by code (reference data every signed-in user may read)',
    resolve: async (_root, _args, context) => {
      requireViewer(context.viewer);
      return context.db.select().from(costCenters).orderBy(asc(costCenters.code));
    },
  }),
);
