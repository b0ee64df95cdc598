import type { Scope } from '../auth/rules';
import type { ChangeEvent } from '../changelog/change-log';
import type { DeliveryDependencies } from './dependencies';
import { slowConsumerError } from './delivery-errors';
import { Member, type MemberHooks, type SlowConsumerOutcome } from './member';
import { ReachIndex } from './reach-index';
import type { Sink } from './sink';
import { SubscriptionGroup, type GroupDefinition } from './subscription-group';

/**
 * Groups that start delivering an event per turn of the event loop. Each executes the event and writes
 * to its sockets, which (with 250 per turn) stays within a few milliseconds.
 */
const groupsStartedPerTurn = 250;

export interface JoinRequest<Operation> extends GroupDefinition<Operation> {
  /** Subscribers with equal keys get equal results for every event (see group-key.ts). */
  groupKey: string;
  /** Replay the log after this position first; null to start from now. */
  after: number | null;
  sink: Sink;
  /** Runs once when the subscriber is cut off for falling too far behind (its outcome says so). */
  onSlow(): void;
}

export interface DeliveryOptions {
  /**
   * Results that may wait unsent for one subscriber while its transport is not being read. A subscriber
   * over it is ended with SLOW_CONSUMER so it holds no more memory and slows no one else; it resumes from
   * its cursor. Default 10,000.
   */
  maxPendingEvents?: number;
}

/**
 * The one delivery engine: every dataChanged subscription, whatever its transport, is a member of a group
 * here. Replay-then-live, grouping, the slow-consumer rule and the delivery metrics live in this folder
 * and nowhere else; transports only provide a Sink and send the member's outcome when it ends.
 */
export class Delivery<Operation> {
  private readonly groups = new Map<string, SubscriptionGroup<Operation>>();
  private readonly maxPendingEvents: number;
  private subscribers = 0;
  private readonly labels = new Map<string, { type: string }>();
  private readonly slowOutcome: SlowConsumerOutcome;
  /** Which groups each event may concern: it is offered to those only. */
  private readonly reach = new ReachIndex<SubscriptionGroup<Operation>>();
  /** Bumped by every change that may change rights: a scope read before it no longer says what a group reaches. */
  private rightsEpoch = 0;
  /** Groups whose scope is to be read (together, on the next turn) so they can be placed in `reach`. */
  private readonly toPlace = new Set<SubscriptionGroup<Operation>>();
  private placingSoon = false;
  /** Stops following the feed; set while any group exists. */
  private stopFollowing: (() => void) | null = null;

  constructor(
    private readonly deps: DeliveryDependencies<Operation>,
    options: DeliveryOptions = {},
  ) {
    this.maxPendingEvents = options.maxPendingEvents ?? 10_000;
    this.slowOutcome = (lastSent) => ({ errors: [slowConsumerError(deps.feed.cursorOf(lastSent))] });
  }

  /** Subscribers being delivered to (catching up or live). */
  get subscriberCount(): number {
    return this.subscribers;
  }

  get groupCount(): number {
    return this.groups.size;
  }

  /**
   * What a member calls when it ends or is cut off as slow. Built apart from `join` so the closures keep
   * only what they use, not the join request (its group key, operation and variables) for the member's life.
   */
  private membership(group: SubscriptionGroup<Operation>, request: JoinRequest<Operation>): MemberHooks {
    const { metrics } = this.deps;
    const typeLabel = this.typeLabels(request.types);
    const { onSlow } = request;
    this.subscribers += 1;
    metrics.activeSubscriptions.inc(typeLabel);
    return {
      onEnd: (ended) => {
        this.subscribers -= 1;
        metrics.activeSubscriptions.dec(typeLabel);
        group.remove(ended);
      },
      onSlow: () => {
        metrics.slowConsumerDisconnects.inc();
        onSlow();
      },
    };
  }

  /** The metric label of a subscription's types, one object per distinct label. */
  private typeLabels(types: JoinRequest<Operation>['types']): { type: string } {
    const type = types?.join(',') ?? 'ALL';
    let label = this.labels.get(type);
    if (!label) {
      label = { type };
      this.labels.set(type, label);
    }
    return label;
  }

  /** A group keeps its definition only, not the request (and sink) of the member that created it. */
  private createGroup({ groupKey, employeeId, types, operation }: JoinRequest<Operation>): SubscriptionGroup<Operation> {
    const group: SubscriptionGroup<Operation> = new SubscriptionGroup(
      { employeeId, types, operation },
      this.deps,
      () => this.rightsOf(group),
      () => this.dropGroup(groupKey, group),
    );
    this.groups.set(groupKey, group);
    this.stopFollowing ??= this.deps.feed.subscribe((events) => this.route(events));
    this.reach.add(group);
    this.placeSoon([group]);
    return group;
  }

  private dropGroup(groupKey: string, group: SubscriptionGroup<Operation>): void {
    if (this.groups.get(groupKey) === group) this.groups.delete(groupKey);
    this.reach.remove(group);
    this.toPlace.delete(group);
    if (this.reach.size > 0) return;
    this.stopFollowing?.();
    this.stopFollowing = null;
  }

  /**
   * Offers each event to the groups it may concern, in order, then lets them deliver, a slice of groups
   * per turn of the event loop: a change that concerns thousands of groups (an employee change, say)
   * would otherwise hold HTTP requests back while all of them execute.
   */
  private route(events: readonly ChangeEvent[]): void {
    const woken = new Set<SubscriptionGroup<Operation>>();
    for (const event of events) {
      // Rights change with employee records only; the session authority, which follows the feed first,
      // has dropped its cached rights already, so a scope read from now on includes this change.
      if (event.type === 'EMPLOYEE') this.rightsMayHaveChanged();
      this.reach.forEachReached(event, (group) => {
        if (group.offer(event)) woken.add(group);
      });
    }
    const groups = [...woken];
    let start = 0;
    const startSlice = () => {
      for (const group of groups.slice(start, start + groupsStartedPerTurn)) group.start();
      start += groupsStartedPerTurn;
      if (start < groups.length) setImmediate(startSlice);
    };
    startSlice();
  }

  private rightsMayHaveChanged(): void {
    this.rightsEpoch += 1;
    this.reach.unplaceAll();
    this.placeSoon(this.groups.values());
  }

  /** A group's current rights; a group not placed yet is placed by them, unless rights changed meanwhile. */
  private rightsOf(group: SubscriptionGroup<Operation>): Promise<Scope> {
    const epoch = this.rightsEpoch;
    const rights = this.deps.rights(group.employeeId);
    if (!this.reach.isPlaced(group)) rights.then((scope) => this.place(group, scope, epoch), () => {});
    return rights;
  }

  private place(group: SubscriptionGroup<Operation>, scope: Scope, epoch: number): void {
    if (epoch === this.rightsEpoch) this.reach.place(group, scope);
  }

  /**
   * Reads the scopes of `groups` on the next turn, together with those of any group queued meanwhile (a
   * thousand subscribers connecting at once, or every group after an employee change), so the first
   * events find rights cached and groups placed rather than thousands of reads of one employee each.
   */
  private placeSoon(groups: Iterable<SubscriptionGroup<Operation>>): void {
    for (const group of groups) this.toPlace.add(group);
    if (this.placingSoon || this.toPlace.size === 0) return;
    this.placingSoon = true;
    setImmediate(() => {
      this.placingSoon = false;
      void this.placeQueued();
    });
  }

  private async placeQueued(): Promise<void> {
    const groups = [...this.toPlace];
    this.toPlace.clear();
    const epoch = this.rightsEpoch;
    try {
      const scopes = await this.deps.rightsOfMany([...new Set(groups.map((group) => group.employeeId))]);
      for (const group of groups) {
        const scope = scopes.get(group.employeeId);
        if (scope) this.place(group, scope, epoch);
      }
    } catch (error) {
      // Unplaced groups are offered every event and place themselves when they next read their rights.
      this.deps.log.warn({ err: error }, 'could not read the rights of subscription groups');
    }
  }

  /** Starts delivering to one subscriber; `member.end()` stops it, `member.outcome` says how it ended. */
  join(request: JoinRequest<Operation>): Member {
    const { metrics, feed } = this.deps;
    const group = this.groups.get(request.groupKey) ?? this.createGroup(request);
    const member = new Member(request.sink, this.maxPendingEvents, request.after ?? feed.lastPosition, this.membership(group, request), this.slowOutcome);
    group.add(member);
    if (request.after === null) member.live = true;
    else {
      metrics.replays.inc();
      void group.catchUp(member);
    }
    return member;
  }
}
