import type { Scope } from '../auth/rules';
import type { ChangeEvent } from '../changelog/change-log';
import type { DeliveryDependencies } from './dependencies';
import { ReachIndex } from './reach-index';

/** What the router needs of a subscription group: whose rights decide what it sees. */
export interface RoutedGroup {
  readonly employeeId: string;
}

/**
 * Says which subscription groups each change may concern, so a change wakes the few groups that can see
 * it instead of every group. Groups are filed by their scopes (reach-index.ts), read together for groups
 * that start at once. Rights widen only with an employee change (a role, an activation, cost centers),
 * which the session authority follows before the engine does and so has dropped its cached rights by
 * then: from such a change on, every group is offered every change until its scope is read again, and
 * a scope read that started before the change does not file a group.
 */
export class ScopeRouter<Group extends RoutedGroup> {
  private readonly reach = new ReachIndex<Group>();
  /** Bumped by every employee change: a scope read before it no longer says what a group reaches. */
  private rightsEpoch = 0;
  /** New groups whose scopes are read together on the next turn. */
  private readonly toPlace = new Set<Group>();
  private placingSoon = false;

  constructor(private readonly deps: Pick<DeliveryDependencies<unknown>, 'rights' | 'rightsOfMany' | 'log'>) {}

  get size(): number {
    return this.reach.size;
  }

  /** Routes every change to `group` until its scope, read on the next turn with other new groups', files it. */
  add(group: Group): void {
    this.reach.add(group);
    this.toPlace.add(group);
    if (this.placingSoon) return;
    this.placingSoon = true;
    setImmediate(() => {
      this.placingSoon = false;
      const groups = [...this.toPlace];
      this.toPlace.clear();
      void this.place(groups);
    });
  }

  remove(group: Group): void {
    this.reach.remove(group);
    this.toPlace.delete(group);
  }

  /** Calls `visit` for each change, in order, with each group that change may concern. */
  route(events: readonly ChangeEvent[], visit: (group: Group, event: ChangeEvent) => void): void {
    let rightsChanged = false;
    for (const event of events) {
      if (event.type === 'EMPLOYEE') {
        rightsChanged = true;
        this.rightsEpoch += 1;
        this.reach.unplaceAll();
      }
      this.reach.forEachReached(event, (group) => visit(group, event));
    }
    // Read now, before the groups woken by the change ask one by one: they then find the rights cached.
    if (rightsChanged) void this.place(this.reach.groups());
  }

  /** A group's current rights; a group not filed yet is filed by them, unless an employee changed meanwhile. */
  rightsOf(group: Group): Promise<Scope> {
    const epoch = this.rightsEpoch;
    const rights = this.deps.rights(group.employeeId);
    if (!this.reach.isPlaced(group)) {
      rights.then(
        (scope) => {
          if (epoch === this.rightsEpoch) this.reach.place(group, scope);
        },
        () => {},
      );
    }
    return rights;
  }

  private async place(groups: readonly Group[]): Promise<void> {
    if (groups.length === 0) return;
    const epoch = this.rightsEpoch;
    try {
      const scopes = await this.deps.rightsOfMany([...new Set(groups.map((group) => group.employeeId))]);
      if (epoch !== this.rightsEpoch) return;
      for (const group of groups) {
        const scope = scopes.get(group.employeeId);
        if (scope) this.reach.place(group, scope);
      }
    } catch (error) {
      // Unfiled groups are offered every change and file themselves when they next read their rights.
      this.deps.log.warn({ err: error }, 'could not read the rights of subscription groups');
    }
  }
}
