import { eq } from 'drizzle-orm';
import type { Queryable } from '../db/client';
import { costCenterSupervisors, employeeCostCenters } from '../db/schema';
import { ForbiddenError, NotAuthenticatedError } from '../domain/errors';
import type { Viewer } from './viewer';

/**
 * Who sees what, declared once. A scope is either everything (ADMIN) or a set of employees whose data
 * the viewer may read and write: themselves, plus, for a SUPERVISOR, the employees of the cost centers
 * they supervise. Queries, node lookups, totals, mutations, the `changes` query and every subscription
 * event go through `canAccessEmployee`.
 */
export type Scope = { kind: 'all' } | { kind: 'employees'; employeeIds: ReadonlySet<string> };

export async function scopeOf(db: Queryable, viewer: Viewer): Promise<Scope> {
  if (viewer.role === 'ADMIN') return { kind: 'all' };
  const employeeIds = new Set([viewer.employeeId]);
  if (viewer.role === 'SUPERVISOR') {
    const rows = await db
      .selectDistinct({ employeeId: employeeCostCenters.employeeId })
      .from(costCenterSupervisors)
      .innerJoin(employeeCostCenters, eq(employeeCostCenters.costCenterId, costCenterSupervisors.costCenterId))
      .where(eq(costCenterSupervisors.supervisorId, viewer.employeeId));
    for (const row of rows) employeeIds.add(row.employeeId);
  }
  return { kind: 'employees', employeeIds };
}

export function canAccessEmployee(scope: Scope, employeeId: string | null): boolean {
  if (scope.kind === 'all') return true;
  return employeeId !== null && scope.employeeIds.has(employeeId);
}

/** Employee records (names, roles, memberships) are created, changed and removed by admins only. */
export function assertCanManageEmployees(viewer: Viewer): void {
  if (viewer.role !== 'ADMIN') throw new ForbiddenError('Only an admin can create, change or remove employees');
}

export function requireViewer(viewer: Viewer | null): Viewer {
  if (!viewer) throw new NotAuthenticatedError();
  return viewer;
}
