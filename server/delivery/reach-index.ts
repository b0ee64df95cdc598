import type { Scope } from '../auth/rules';
import type { ChangeEvent } from '../changelog/change-log';

/** Where a group is filed: under every event, or under the employees its scope reaches. */
type Placement = 'unplaced' | 'everything' | ReadonlySet<string>;

/**
 * Which subscription groups an event can concern, by what their scopes reach, so an event wakes the few
 * groups that may see it rather than all of them. A group is filed under every event until its scope is
 * known (`place`), then under everything (an admin's) or under each employee its scope holds (an
 * employee's own id; a supervisor's team too). It is a superset: each group still checks its current
 * rights per event (event-visibility.ts), so a scope that narrowed since it was filed loses nothing.
 * A scope that widens only does so with an employee change, after which the caller unplaces every
 * group (`unplaceAll`) before offering that change (see scope-router.ts).
 */
export class ReachIndex<Group> {
  private readonly placements = new Map<Group, Placement>();
  private readonly unplaced = new Set<Group>();
  private readonly everything = new Set<Group>();
  private readonly byEmployee = new Map<string, Set<Group>>();

  get size(): number {
    return this.placements.size;
  }

  /** Every group held, placed or not. */
  groups(): Group[] {
    return [...this.placements.keys()];
  }

  isPlaced(group: Group): boolean {
    const placement = this.placements.get(group);
    return placement !== undefined && placement !== 'unplaced';
  }

  /** Files a new group under every event until `place` is told its scope. */
  add(group: Group): void {
    if (this.placements.has(group)) return;
    this.placements.set(group, 'unplaced');
    this.unplaced.add(group);
  }

  /** Files a held group under what `scope` reaches, instead of where it was. */
  place(group: Group, scope: Scope): void {
    if (!this.placements.has(group)) return;
    this.unfile(group);
    if (scope.kind === 'all') {
      this.placements.set(group, 'everything');
      this.everything.add(group);
      return;
    }
    // Scopes are never changed once computed (a new one is read after a change), so the set is kept as is.
    const { employeeIds } = scope;
    this.placements.set(group, employeeIds);
    for (const employeeId of employeeIds) {
      let groups = this.byEmployee.get(employeeId);
      if (!groups) {
        groups = new Set();
        this.byEmployee.set(employeeId, groups);
      }
      groups.add(group);
    }
  }

  /** Rights may have changed anywhere: every group is filed under every event until placed again. */
  unplaceAll(): void {
    for (const group of this.placements.keys()) {
      this.placements.set(group, 'unplaced');
      this.unplaced.add(group);
    }
    this.everything.clear();
    this.byEmployee.clear();
  }

  remove(group: Group): void {
    if (!this.placements.has(group)) return;
    this.unfile(group);
    this.placements.delete(group);
  }

  /**
   * Calls `visit` once for each group `event` may concern: the employee whose rights decide it now, the
   * one it belonged to before (a moved entry), and groups that see everything or are not placed yet.
   * An event whose visibility depends on cost centers (an employee moved between them) concerns every group.
   */
  forEachReached(event: ChangeEvent, visit: (group: Group) => void): void {
    if (event.type === 'EMPLOYEE' || event.previous?.costCenterIds !== undefined) {
      for (const group of this.placements.keys()) visit(group);
      return;
    }
    for (const group of this.unplaced) visit(group);
    for (const group of this.everything) visit(group);
    const owners = event.employeeId === null ? undefined : this.byEmployee.get(event.employeeId);
    if (owners) for (const group of owners) visit(group);
    const previousOwner = event.previous?.employeeId;
    if (previousOwner === undefined || previousOwner === event.employeeId) return;
    const previousOwners = this.byEmployee.get(previousOwner);
    if (previousOwners) for (const group of previousOwners) if (!owners?.has(group)) visit(group);
  }

  private unfile(group: Group): void {
    const placement = this.placements.get(group);
    if (placement === 'unplaced') this.unplaced.delete(group);
    else if (placement === 'everything') this.everything.delete(group);
    else if (placement) {
      for (const employeeId of placement) {
        const groups = this.byEmployee.get(employeeId);
        groups?.delete(group);
        if (groups?.size === 0) this.byEmployee.delete(employeeId);
      }
    }
  }
}
