import { and, count, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client';
import { costCenterSupervisors, employeeCostCenters, employees } from '../db/schema';
import { ForbiddenError, NotAuthenticatedError, ProtectedAccountError } from '../domain/errors';
import type { Role, Viewer } from './viewer';

/**
 * Who sees what, declared once. A scope is either everything (ADMIN) or a set of employees whose data
 * the viewer may read and write: themselves, plus, for a SUPERVISOR, the employees of the cost centers
 * they supervise. Queries, node lookups, totals, mutations, the `changes` query and every subscription
 * event go through `canAccessEmployee`.
 */
export type Scope =
  | { kind: 'all' }
  | {
      kind: 'employees';
      employeeIds: ReadonlySet<string>;
      /** The employee whose scope it is. */
      holderId?: string;
      /** The cost centers a supervisor supervises: whoever works for one of them is in the scope. */
      supervisedCostCenterIds?: ReadonlySet<string>;
    };

/** What an employee's rights are computed from: their current record. */
export interface RightsHolder {
  employeeId: string;
  role: Role;
  active: boolean;
}

/** A scope that reaches nothing: an inactive or deleted employee's. */
const noScope: Scope = { kind: 'employees', employeeIds: new Set() };

/** One cost center a supervisor supervises, with one employee working for it (null: nobody does). */
interface SupervisedRow {
  costCenterId: string;
  employeeId: string | null;
}

/** The scope of `holder` as their record stands, given the cost centers they supervise (for a supervisor). */
function scopeFrom(holder: RightsHolder, supervised: readonly SupervisedRow[]): Scope {
  if (!holder.active) return noScope;
  if (holder.role === 'ADMIN') return { kind: 'all' };
  const employeeIds = new Set([holder.employeeId]);
  if (holder.role !== 'SUPERVISOR') return { kind: 'employees', employeeIds, holderId: holder.employeeId };
  for (const row of supervised) if (row.employeeId) employeeIds.add(row.employeeId);
  return { kind: 'employees', employeeIds, holderId: holder.employeeId, supervisedCostCenterIds: new Set(supervised.map((row) => row.costCenterId)) };
}

const supervisedColumns = { supervisorId: costCenterSupervisors.supervisorId, costCenterId: costCenterSupervisors.costCenterId, employeeId: employeeCostCenters.employeeId };

/** The cost centers the supervisors supervise, each with the employees working for it. */
function supervisedBy(db: Queryable, supervisorIds: readonly string[]) {
  return db
    .select(supervisedColumns)
    .from(costCenterSupervisors)
    .leftJoin(employeeCostCenters, eq(employeeCostCenters.costCenterId, costCenterSupervisors.costCenterId))
    .where(inArray(costCenterSupervisors.supervisorId, [...supervisorIds]));
}

/** The scope of an employee as their record stands; the caller read `holder` from the database. */
export async function scopeOf(db: Queryable, holder: RightsHolder): Promise<Scope> {
  const supervised = holder.active && holder.role === 'SUPERVISOR' ? await supervisedBy(db, [holder.employeeId]) : [];
  return scopeFrom(holder, supervised);
}

/** Employees whose scopes are read per query by `currentScopes`: bounds the statement's parameters. */
const scopesPerQuery = 1_000;

/**
 * The scopes of many employees from their current records, as `currentScope` gives each, in two queries
 * per thousand employees instead of one or two per employee.
 */
export async function currentScopes(db: Queryable, employeeIds: readonly string[]): Promise<Map<string, Scope>> {
  const scopes = new Map<string, Scope>();
  for (let start = 0; start < employeeIds.length; start += scopesPerQuery) {
    const ids = employeeIds.slice(start, start + scopesPerQuery);
    const holders = await db.select({ employeeId: employees.id, role: employees.role, active: employees.active }).from(employees).where(inArray(employees.id, ids));
    const supervisorIds = holders.filter((holder) => holder.active && holder.role === 'SUPERVISOR').map((holder) => holder.employeeId);
    const rows = supervisorIds.length > 0 ? await supervisedBy(db, supervisorIds) : [];
    const supervised = new Map<string, SupervisedRow[]>();
    for (const row of rows) {
      const list = supervised.get(row.supervisorId);
      if (list) list.push(row);
      else supervised.set(row.supervisorId, [row]);
    }
    for (const id of ids) scopes.set(id, noScope);
    for (const holder of holders) scopes.set(holder.employeeId, scopeFrom(holder, supervised.get(holder.employeeId) ?? []));
  }
  return scopes;
}

/**
 * Whether `employeeId`, working for `costCenterIds`, is in a scope: for an admin, for the employee
 * themselves, or for a supervisor of one of those cost centers. Tells who saw an employee before a move.
 */
export function reachesEmployeeAt(scope: Scope, employeeId: string, costCenterIds: readonly string[]): boolean {
  if (scope.kind === 'all' || scope.holderId === employeeId) return true;
  return costCenterIds.some((costCenterId) => scope.supervisedCostCenterIds?.has(costCenterId) ?? false);
}

/**
 * The scope of a viewer read with its session for this very request: signing in checked the account is
 * active and read its current role.
 */
export function freshViewerScope(db: Queryable, viewer: Viewer): Promise<Scope> {
  return scopeOf(db, { employeeId: viewer.employeeId, role: viewer.role, active: true });
}

/** The employee's record as it is now (null when deleted), for rights and session checks. */
export async function currentHolder(db: Queryable, employeeId: string): Promise<RightsHolder | null> {
  const [row] = await db.select({ role: employees.role, active: employees.active }).from(employees).where(eq(employees.id, employeeId));
  return row ? { employeeId, role: row.role, active: row.active } : null;
}

/** The scope of an employee from their current record: never from what a session remembered. */
export async function currentScope(db: Queryable, employeeId: string): Promise<Scope> {
  const holder = await currentHolder(db, employeeId);
  return holder ? scopeOf(db, holder) : noScope;
}

export function canAccessEmployee(scope: Scope, employeeId: string | null): boolean {
  if (scope.kind === 'all') return true;
  return employeeId !== null && scope.employeeIds.has(employeeId);
}

/**
 * Giving an entry to another employee is an admin's act: a supervisor reviews and corrects the entries in
 * his scope but does not move them between people (nor to himself).
 */
export function assertCanReassignEntries(viewer: Viewer): void {
  if (viewer.role !== 'ADMIN') throw new ForbiddenError('Only an admin can give an entry to another employee');
}

/** Employee records (names, roles, memberships) are created, changed and removed by admins only. */
export function assertCanManageEmployees(viewer: Viewer): void {
  if (viewer.role !== 'ADMIN') throw new ForbiddenError('Only an admin can create, change or remove employees');
}

/**
 * The time clock: everyone punches only for themselves (the punch mutations take no employee). A
 * supervisor of the employee, or an admin, corrects a shift; nobody corrects their own, as nobody
 * approves their own hours. The caller has checked the shift is in the viewer's scope.
 */
export function assertCanCorrectShift(viewer: Viewer, scope: Scope, ownerId: string): void {
  if (ownerId === viewer.employeeId) throw new ForbiddenError('You cannot correct your own shifts; a supervisor or an admin does');
  const reviewer = viewer.role === 'ADMIN' || (viewer.role === 'SUPERVISOR' && canAccessEmployee(scope, ownerId));
  if (!reviewer) throw new ForbiddenError('Only a supervisor of this employee or an admin can correct a shift');
}

/** An account as the protection rules see it: before a change, and what the change would make of it (null: deleted). */
export interface AccountState {
  role: Role;
  active: boolean;
}

const losesAdmin = (before: AccountState, after: AccountState | null) =>
  before.role === 'ADMIN' && before.active && (after === null || after.role !== 'ADMIN' || !after.active);

/** Serializes changes that take away an active admin (key "ADMN"), so the count below sees every other one. */
const adminChangeLock = 0x41444d4e;

/**
 * Nobody deletes, demotes or deactivates their own account (editing one's name or email is fine), and the
 * last active admin stays an active admin, so someone can always manage employees. Two admins demoting
 * each other at once take turns on a lock; the second then counts no other admin and is refused.
 */
export async function assertAccountChangeAllowed(tx: Queryable, viewer: Viewer, accountId: string, before: AccountState, after: AccountState | null): Promise<void> {
  if (accountId === viewer.employeeId) {
    if (after === null) throw new ProtectedAccountError('OWN_ACCOUNT', 'You cannot delete your own account; another admin can');
    if (!after.active && before.active) throw new ProtectedAccountError('OWN_ACCOUNT', 'You cannot deactivate your own account; another admin can');
    if (roleRank[after.role] < roleRank[before.role]) throw new ProtectedAccountError('OWN_ACCOUNT', 'You cannot lower your own role; another admin can');
  }
  if (!losesAdmin(before, after)) return;
  await tx.execute(sql`select pg_advisory_xact_lock(${adminChangeLock})`);
  const [others] = await tx
    .select({ count: count() })
    .from(employees)
    .where(and(eq(employees.role, 'ADMIN'), eq(employees.active, true), ne(employees.id, accountId)));
  if ((others?.count ?? 0) === 0) {
    throw new ProtectedAccountError('LAST_ADMIN', 'This is the last active admin; make someone else an admin first');
  }
}

const roleRank: Record<Role, number> = { EMPLOYEE: 0, SUPERVISOR: 1, ADMIN: 2 };

export function requireViewer(viewer: Viewer | null): Viewer {
  if (!viewer) throw new NotAuthenticatedError();
  return viewer;
}
