import type { DeliveryDependencies } from './dependencies';
import { slowConsumerError } from './delivery-errors';
import { Member, type SlowConsumerOutcome } from './member';
import type { Sink } from './sink';
import { SubscriptionGroup, type GroupDefinition } from './subscription-group';

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
  private readonly slowOutcome: SlowConsumerOutcome;

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

  /** Starts delivering to one subscriber; `member.end()` stops it, `member.outcome` says how it ended. */
  join(request: JoinRequest<Operation>): Member {
    const { metrics, feed } = this.deps;
    let group = this.groups.get(request.groupKey);
    if (!group) {
      const created = new SubscriptionGroup(request, this.deps, () => {
        if (this.groups.get(request.groupKey) === created) this.groups.delete(request.groupKey);
      });
      this.groups.set(request.groupKey, created);
      group = created;
    }
    const typeLabel = { type: request.types?.join(',') ?? 'ALL' };
    this.subscribers += 1;
    metrics.activeSubscriptions.inc(typeLabel);
    const member = new Member(
      request.sink,
      this.maxPendingEvents,
      request.after ?? feed.lastPosition,
      (ended) => {
        this.subscribers -= 1;
        metrics.activeSubscriptions.dec(typeLabel);
        group.remove(ended);
      },
      () => {
        metrics.slowConsumerDisconnects.inc();
        request.onSlow();
      },
      this.slowOutcome,
    );
    group.add(member);
    if (request.after === null) member.live = true;
    else {
      metrics.replays.inc();
      void group.catchUp(member);
    }
    return member;
  }
}
