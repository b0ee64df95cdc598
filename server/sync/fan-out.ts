import { execute, GraphQLError, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Logger } from 'pino';
import type { Services } from '../context';
import type { DataType } from '../domain/data-type';
import type { ChangeEvent } from './change-log';
import { deliverable, missedEvents, slowConsumerError, type ChangeStream } from './follow-changes';

/**
 * Sockets written per turn of the event loop, about 10 ms of work. Smaller slices let mutations through
 * sooner on a saturated server but delay deliveries as much (measured on PGlite at 1,000 subscribers and
 * 50 changes/s: 200 per turn gave writes p50 14 ms and deliveries p99 141 ms; 1,000 gave 535 ms and 28 ms).
 */
const membersPerTurn = 1_000;

/** Where a subscriber's messages go: a WebSocket, with its TCP socket's cork and uncork. */
export interface MessageSink {
  readonly open: boolean;
  send(data: string, sent: (error?: Error) => void): void;
  /** Holds writes until `uncork`, so several messages leave in one system call. */
  cork(): void;
  uncork(): void;
}

export interface JoinRequest {
  sink: MessageSink;
  /** The subscription's id on its socket: every `next` message names it. */
  id: string;
  /** Subscribers with equal keys get equal results for every event (see subscriptionGroupKey). */
  groupKey: string;
  /** The validated operation; a group executes events with the arguments of one of its members. */
  args: ExecutionArgs;
  stream: ChangeStream;
  /** Runs once, when more than `maxPendingEvents` messages wait unsent for this subscriber. */
  onSlow(): void;
  /** Runs once, when delivery stops for any reason. */
  onEnd(): void;
}

export interface FanOutOptions {
  /** Messages that may wait unsent for one subscriber before it counts as too slow. Default 10,000. */
  maxPendingEvents?: number;
}

/** An unexpected error becomes "Unexpected error." and a log line; a GraphQLError (it carries a code) stays. */
export function maskSubscriptionError(error: unknown, log: Logger): GraphQLError {
  const original = error instanceof GraphQLError && error.originalError ? error.originalError : error;
  if (original instanceof GraphQLError) return original;
  if (error instanceof GraphQLError && !error.originalError) return error;
  log.error({ err: original }, 'unexpected error in a subscription');
  return new GraphQLError('Unexpected error.', { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}

/**
 * Delivers change events to the dataChanged subscriptions on this instance's sockets, doing the work
 * of an event once per group rather than once per socket. A group is every subscription whose results
 * are equal (same document, variables and permission scope): for each event it checks the rights once,
 * executes once, serializes once, and writes the finished graphql-ws `next` message to each member's
 * socket, with no per-socket queue, promise or loop. A subscription resuming from a cursor first
 * catches up on its own (from memory, or from the log), then joins its group's live writes with no gap
 * and nothing twice: each member remembers the last position it was sent.
 */
export class FanOut {
  private readonly groups = new Map<string, SubscriptionGroup>();
  private readonly maxPendingEvents: number;
  private subscribers = 0;

  constructor(
    private readonly services: Pick<Services, 'feed' | 'db' | 'replayLimiter' | 'scopeCache' | 'metrics' | 'log'>,
    options: FanOutOptions = {},
  ) {
    this.maxPendingEvents = options.maxPendingEvents ?? 10_000;
  }

  /** Subscriptions being delivered to (catching up or live). */
  get subscriberCount(): number {
    return this.subscribers;
  }

  get groupCount(): number {
    return this.groups.size;
  }

  /**
   * Starts delivering to one subscription. The returned stream is what graphql-ws iterates: it yields
   * nothing while messages flow, then at most one error result (RESYNC_REQUIRED, SLOW_CONSUMER or a
   * masked failure) before it ends; `return()` stops delivery at once.
   */
  join(request: JoinRequest): Subscriber {
    let group = this.groups.get(request.groupKey);
    if (!group) {
      group = new SubscriptionGroup(request.stream.options.types, this.services, () => this.groups.delete(request.groupKey));
      this.groups.set(request.groupKey, group);
    }
    const { types, after } = request.stream.options;
    const typeLabel = { type: types?.join(',') ?? 'ALL' };
    this.subscribers += 1;
    this.services.metrics.activeSubscriptions.inc(typeLabel);
    const subscriber = new Subscriber(request, group, this.maxPendingEvents, after ?? this.services.feed.lastPosition, () => {
      this.subscribers -= 1;
      this.services.metrics.activeSubscriptions.dec(typeLabel);
    });
    group.add(subscriber);
    if (after === null) subscriber.live = true;
    else {
      this.services.metrics.replays.inc();
      void group.catchUp(subscriber);
    }
    return subscriber;
  }
}

/**
 * One subscription on one socket, as its group delivers to it, and the stream graphql-ws iterates for it.
 */
export class Subscriber implements AsyncIterableIterator<ExecutionResult> {
  /** The position of the last event this subscriber was sent or skipped past. */
  last: number;
  /** Caught up: the group's live writes reach it. */
  live = false;
  private ended = false;
  private pending = 0;
  private readonly head: string;
  private outcome: ExecutionResult | null = null;
  private wake: (() => void) | null = null;
  private drained: (() => void) | null = null;

  constructor(
    private readonly request: JoinRequest,
    private readonly group: SubscriptionGroup,
    private readonly maxPending: number,
    start: number,
    private readonly onEnd: () => void,
  ) {
    this.last = start;
    // graphql-ws's own framing of a `next` message, with the payload left to append.
    this.head = `{"id":${JSON.stringify(request.id)},"type":"next","payload":`;
  }

  get args(): ExecutionArgs {
    return this.request.args;
  }

  get stream(): ChangeStream {
    return this.request.stream;
  }

  get sink(): MessageSink {
    return this.request.sink;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** Sends one serialized result; a subscriber with too much unsent is dropped as a slow consumer instead. */
  send(position: number, payload: string): void {
    this.last = position;
    if (this.ended || !this.sink.open) return;
    if (this.pending >= this.maxPending) {
      this.end({ errors: [slowConsumerError(position)] });
      this.request.onSlow();
      return;
    }
    this.pending += 1;
    this.sink.send(this.head + payload + '}', this.sent);
  }

  /** Half its allowance of unsent messages is used: a replay should wait for the socket. */
  get backlogged(): boolean {
    return this.pending >= this.maxPending / 2;
  }

  /** Resolves once every message sent so far has left for the network, or the subscriber ended. */
  flushed(): Promise<void> {
    if (this.pending === 0 || this.ended) return Promise.resolve();
    return new Promise((resolve) => (this.drained = resolve));
  }

  /** Stops delivery; `outcome` is the last result graphql-ws sends before it completes the subscription. */
  end(outcome: ExecutionResult | null = null): void {
    if (this.ended) return;
    this.ended = true;
    this.outcome = outcome;
    this.group.remove(this);
    this.onEnd();
    this.request.onEnd();
    this.drained?.();
    this.wake?.();
  }

  next(): Promise<IteratorResult<ExecutionResult>> {
    if (this.ended) return Promise.resolve(this.take());
    return new Promise((resolve) => (this.wake = () => resolve(this.take())));
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    this.end();
    return { value: undefined, done: true };
  }

  async throw(error: unknown): Promise<IteratorResult<ExecutionResult>> {
    this.end();
    throw error;
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  private take(): IteratorResult<ExecutionResult> {
    const outcome = this.outcome;
    this.outcome = null;
    return outcome ? { value: outcome, done: false } : { value: undefined, done: true };
  }

  private readonly sent = () => {
    this.pending -= 1;
    if (this.pending === 0 && this.drained) {
      const drained = this.drained;
      this.drained = null;
      drained();
    }
  };
}

/** Subscribers sharing one result per event; it exists while it has members. */
class SubscriptionGroup {
  private readonly members = new Set<Subscriber>();
  /** Serialized results (null: not for this group's viewer), per event object, forgotten with the event. */
  private readonly payloads = new WeakMap<ChangeEvent, Promise<string | null>>();
  private readonly queue: ChangeEvent[] = [];
  private pumping = false;
  private readonly unsubscribe: () => void;
  private readonly log: Logger;

  constructor(
    private readonly types: readonly DataType[] | null,
    private readonly services: Pick<Services, 'feed' | 'db' | 'replayLimiter' | 'scopeCache' | 'metrics' | 'log'>,
    private readonly onEmpty: () => void,
  ) {
    this.log = services.log;
    this.unsubscribe = services.feed.subscribe((events) => {
      for (const event of events) if (!types || types.includes(event.type)) this.queue.push(event);
      if (!this.pumping && this.queue.length > 0) void this.pump();
    });
  }

  add(subscriber: Subscriber): void {
    this.members.add(subscriber);
  }

  remove(subscriber: Subscriber): void {
    if (!this.members.delete(subscriber) || this.members.size > 0) return;
    this.unsubscribe();
    this.queue.length = 0;
    this.onEmpty();
  }

  /**
   * Sends a resuming subscriber what it missed, then makes it live. It goes live in the same turn in
   * which memory shows nothing after its position: every later event reaches the group's queue after
   * that, and events still queued are skipped by position.
   */
  async catchUp(subscriber: Subscriber): Promise<void> {
    try {
      for (;;) {
        for await (const page of missedEvents(this.services, subscriber.last, this.types)) {
          // Messages leave in few system calls, and a long replay waits for the socket rather than buffering.
          subscriber.sink.cork();
          try {
            for (const event of page) {
              if (subscriber.backlogged) {
                subscriber.sink.uncork();
                await subscriber.flushed();
                subscriber.sink.cork();
              }
              if (subscriber.isEnded) return;
              if (event.position <= subscriber.last) continue;
              const payload = await this.payload(event);
              if (payload === null) subscriber.last = event.position;
              else {
                subscriber.send(event.position, payload);
                this.services.metrics.deliveries.inc();
              }
            }
          } finally {
            subscriber.sink.uncork();
          }
          await subscriber.flushed();
        }
        if (subscriber.isEnded) return;
        if (this.services.feed.eventsAfter(subscriber.last)?.length === 0) {
          subscriber.live = true;
          return;
        }
      }
    } catch (error) {
      subscriber.end({ errors: [maskSubscriptionError(error, this.log)] });
    }
  }

  /**
   * Delivers queued live events in order, each to every live member not yet past it. Events that queued
   * up while the previous ones were being written go out together: one system call per socket for the
   * lot rather than one per event, so a burst costs the server less per event, not more.
   */
  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.queue.length);
        const ready: Array<{ event: ChangeEvent; payload: string }> = [];
        for (const event of batch) {
          if (!this.wantedLive(event)) continue;
          try {
            const payload = await this.payload(event);
            if (payload !== null) ready.push({ event, payload });
          } catch (error) {
            this.failLive(error);
          }
        }
        if (ready.length > 0) await this.write(ready);
      }
    } finally {
      this.pumping = false;
    }
  }

  /**
   * Writes to the live members a slice at a time, yielding to the event loop between slices: a write to
   * a socket costs about 10 us, so 10,000 members in one turn would hold HTTP requests and database
   * replies back for 100 ms, and a mutation waits for several of those.
   */
  private async write(ready: ReadonlyArray<{ event: ChangeEvent; payload: string }>): Promise<void> {
    const members = [...this.members];
    let delivered = 0;
    for (let start = 0; start < members.length; start += membersPerTurn) {
      if (start > 0) await new Promise((resolve) => setImmediate(resolve));
      for (const member of members.slice(start, start + membersPerTurn)) {
        // A member that went live during an earlier slice is past these events already; one that left is ended.
        if (!member.live || member.isEnded) continue;
        member.sink.cork();
        for (const { event, payload } of ready) {
          if (event.position <= member.last) continue;
          member.send(event.position, payload);
          delivered += 1;
        }
        member.sink.uncork();
      }
    }
    if (delivered === 0) return;
    this.services.metrics.deliveries.inc(delivered);
    const now = Date.now();
    for (const { event } of ready) this.services.metrics.fanOutLatency.observe((now - event.at.getTime()) / 1000);
  }

  private wantedLive(event: ChangeEvent): boolean {
    for (const member of this.members) if (member.live && event.position > member.last) return true;
    return false;
  }

  /** An event the group could not check or execute ends its live members, who resume from their cursors. */
  private failLive(error: unknown): void {
    const failure = maskSubscriptionError(error, this.log);
    for (const member of [...this.members]) if (member.live) member.end({ errors: [failure] });
  }

  /** The event's result for this group, serialized once; null when the group's viewer may not see it. */
  private payload(event: ChangeEvent): Promise<string | null> {
    let payload = this.payloads.get(event);
    if (!payload) {
      payload = this.execute(event);
      this.payloads.set(event, payload);
      // A failure (the database, say) is not remembered: the next subscriber to need the event tries again.
      payload.catch(() => this.payloads.delete(event));
    }
    return payload;
  }

  /** Checks and executes with the operation of any member: they are equal by the group's definition. */
  private async execute(event: ChangeEvent): Promise<string | null> {
    const leader = this.members.values().next().value;
    if (!leader) return null;
    const { context, viewer } = leader.stream;
    if (!(await deliverable(context, viewer, this.types, event))) return null;
    const result = await execute({ ...leader.args, rootValue: event });
    return JSON.stringify(result.errors ? { ...result, errors: result.errors.map((error) => maskSubscriptionError(error, this.log)) } : result);
  }
}
