import { eq } from 'drizzle-orm';
import { canAccessEmployee } from '../auth/rules';
import type { Context } from '../context';
import { costCenters, employees, mileageEntries, mileageRates, receipts, shifts, timeEntries, timesheets } from '../db/schema';
import { typenameOfId } from '../domain/ids';
import { builder } from './builder';
import { employeeColumns, NodeInterface } from './refs';

/** Entities owned by one employee, visible to whoever may see that employee. */
const ownedTables = { MileageEntry: mileageEntries, Receipt: receipts, TimeEntry: timeEntries, Shift: shifts } as const;

/** The entity behind any id, or null when it does not exist or the viewer may not see it. */
async function loadNode(context: Context, id: string) {
  const typename = typenameOfId(id);
  if (!typename) return null;
  const scope = await context.scope();
  if (typename === 'CostCenter') {
    const [row] = await context.db.select().from(costCenters).where(eq(costCenters.id, id));
    return row ?? null;
  }
  if (typename === 'MileageRate') {
    const [row] = await context.db.select().from(mileageRates).where(eq(mileageRates.id, id));
    return row ?? null;
  }
  if (typename === 'Timesheet') {
    const [row] = await context.db.select().from(timesheets).where(eq(timesheets.id, id));
    return row && canAccessEmployee(scope, row.employeeId) ? row : null;
  }
  if (typename === 'Employee') {
    const [row] = await context.db.select(employeeColumns).from(employees).where(eq(employees.id, id));
    return row && canAccessEmployee(scope, row.id) ? row : null;
  }
  if (typename === 'Punch' || typename === 'ReceiptPhoto') return null;
  const table = ownedTables[typename];
  const [row] = await context.db.select().from(table).where(eq(table.id, id));
  return row && canAccessEmployee(scope, row.employeeId) ? row : null;
}

builder.queryField('node', (t) =>
  t.field({
    type: NodeInterface,
    nullable: true,
    description: 'Any entity by id; null when it does not exist or you may not see it',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, context) => loadNode(context, String(id)),
  }),
);
