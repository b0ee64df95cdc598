import type { ChangeEvent } from '../changelog/change-log';
import type { DeliveryDependencies } from './dependencies';
import { slowConsumerError } from './delivery-errors';
import { Member, type MemberEngine } from './member';
import { ScopeRouter } from './scope-router';
import { SharedExecutions } from './shared-executions';
import type { Sink } from './sink';
import { SubscriptionGroup, type GroupDefinition } from './subscription-group';

/**
 * Groups that start delivering per turn of the event loop: each executes the event and writes to its
 * sockets. The change feed's own slice of listeners per turn, which bounded this while every group
 * followed the feed itself.
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
  private subscribers = 0;
  private readonly labels = new Map<string, { type: string }>();
  /** What every member calls when it ends or is cut off as slow. */
  private readonly memberEngine: MemberEngine<SubscriptionGroup<Operation>>;
  /** Which groups each event may concern: it is offered to those only. */
  private readonly router: ScopeRouter<SubscriptionGroup<Operation>>;
  private readonly sharedExecutions = new SharedExecutions();
  /** Stops following the feed; set while any group exists. */
  private stopFollowing: (() => void) | null = null;

  constructor(
    private readonly deps: DeliveryDependencies<Operation>,
    options: DeliveryOptions = {},
  ) {
    this.router = new ScopeRouter(deps);
    const { metrics } = deps;
    this.memberEngine = {
      maxPending: options.maxPendingEvents ?? 10_000,
      slowOutcome: (lastSent) => ({ errors: [slowConsumerError(deps.feed.cursorOf(lastSent))] }),
      ended: (member) => {
        this.subscribers -= 1;
        metrics.activeSubscriptions.dec(this.typeLabels(member.group.types));
        member.group.remove(member);
      },
      cutOff: (member) => {
        metrics.slowConsumerDisconnects.inc();
        member.onSlow();
      },
    };
  }

  /** Subscribers being delivered to (catching up or live). */
  get subscriberCount(): number {
    return this.subscribers;
  }

  get groupCount(): number {
    return this.groups.size;
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
  private createGroup({ groupKey, employeeId, operationKey, types, operation }: JoinRequest<Operation>): SubscriptionGroup<Operation> {
    const group: SubscriptionGroup<Operation> = new SubscriptionGroup(
      { employeeId, operationKey, types, operation },
      this.deps,
      this.sharedExecutions,
      () => this.router.rightsOf(group),
      () => this.dropGroup(groupKey, group),
    );
    this.groups.set(groupKey, group);
    this.stopFollowing ??= this.deps.feed.subscribe((events) => this.route(events));
    this.router.add(group);
    return group;
  }

  private dropGroup(groupKey: string, group: SubscriptionGroup<Operation>): void {
    if (this.groups.get(groupKey) === group) this.groups.delete(groupKey);
    this.router.remove(group);
    if (this.router.size > 0) return;
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
    this.router.route(events, (group, event) => {
      if (group.offer(event)) woken.add(group);
    });
    const groups = [...woken];
    let start = 0;
    const startSlice = () => {
      for (const group of groups.slice(start, start + groupsStartedPerTurn)) group.start();
      start += groupsStartedPerTurn;
      if (start < groups.length) setImmediate(startSlice);
    };
    startSlice();
  }

  /** Starts delivering to one subscriber; `member.end()` stops it, `member.outcome` says how it ended. */
  join(request: JoinRequest<Operation>): Member {
    const { metrics, feed } = this.deps;
    const group = this.groups.get(request.groupKey) ?? this.createGroup(request);
    const member = new Member(request.sink, request.after ?? feed.lastPosition, group, request.onSlow, this.memberEngine);
    this.subscribers += 1;
    metrics.activeSubscriptions.inc(this.typeLabels(group.types));
    group.add(member);
    if (request.after === null) member.live = true;
    else {
      metrics.replays.inc();
      void group.catchUp(member);
    }
    return member;
  }
}
