import type { ExecutionResult } from 'graphql';
import type { Scope } from '../auth/rules';
import type { ChangeEvent } from '../changelog/change-log';
import type { DataType } from '../domain/data-type';
import type { DeliveryDependencies, GroupExecution } from './dependencies';
import { viewOf } from './event-visibility';
import type { Member } from './member';
import { missedEvents } from './missed-events';
import type { SharedExecutions } from './shared-executions';
import { GroupResult } from './sink';

/**
 * Members written per turn of the event loop, about 10 ms of work. Smaller slices let mutations through
 * sooner on a saturated server but delay deliveries as much (measured on PGlite at 1,000 subscribers and
 * 50 changes/s: 200 per turn gave writes p50 14 ms and deliveries p99 141 ms; 1,000 gave 535 ms and 28 ms).
 */
const membersPerTurn = 1_000;

/** What defines a group: every member gets the same result for every event. */
export interface GroupDefinition<Operation> {
  /** Whose current rights decide what the group sees. */
  employeeId: string;
  /** Groups with equal keys run the same operation (see group-key.ts). */
  operationKey: string;
  types: readonly DataType[] | null;
  operation: Operation;
}

/**
 * Subscribers sharing one result per event: for each event the group checks the rights once, executes
 * once, serializes at most once, and writes the result to every live member. A resuming member first
 * catches up on its own, then joins the live writes with no gap and nothing twice: each member remembers
 * the last position it was sent. The group exists while it has members.
 */
export class SubscriptionGroup<Operation> {
  private readonly members = new Set<Member>();
  /** Results per event object (null: not visible to this group), forgotten with the event. */
  private readonly results = new WeakMap<ChangeEvent, Promise<GroupResult | null>>();
  private readonly queue: ChangeEvent[] = [];
  private pumping = false;

  /**
   * `readRights` reads the current rights of the group's employee; `onEmpty` runs when the last member
   * leaves. The engine offers the group the events that may concern it (`offer`, then `start`).
   */
  constructor(
    private readonly definition: GroupDefinition<Operation>,
    private readonly deps: DeliveryDependencies<Operation>,
    private readonly shared: SharedExecutions,
    private readonly readRights: () => Promise<Scope>,
    private readonly onEmpty: () => void,
  ) {}

  get size(): number {
    return this.members.size;
  }

  /** Whose current rights decide what the group sees. */
  get employeeId(): string {
    return this.definition.employeeId;
  }

  /** The types the group asks for (null: every type). */
  get types(): readonly DataType[] | null {
    return this.definition.types;
  }

  add(member: Member): void {
    this.members.add(member);
  }

  remove(member: Member): void {
    if (!this.members.delete(member) || this.members.size > 0) return;
    this.queue.length = 0;
    this.onEmpty();
  }

  /** Queues a live event of a type the group asks for; says whether it did (then `start` delivers it). */
  offer(event: ChangeEvent): boolean {
    const { types } = this.definition;
    if (types && !types.includes(event.type)) return false;
    this.queue.push(event);
    return true;
  }

  /** Delivers what `offer` queued, unless a delivery is already under way (it takes the queue along). */
  start(): void {
    if (!this.pumping && this.queue.length > 0) void this.pump();
  }

  /**
   * Sends a resuming member what it missed, then makes it live. It goes live in the same turn in which
   * the feed shows nothing after its position: every later event reaches the group's queue after that,
   * and events still queued are skipped by position.
   */
  async catchUp(member: Member): Promise<void> {
    const { feed, readLog, metrics } = this.deps;
    try {
      for (;;) {
        for await (const page of missedEvents(feed, readLog, member.last, this.definition.types)) {
          // Results leave in few system calls, and a long replay waits for the transport rather than buffering.
          member.sink.cork();
          try {
            for (const event of page) {
              if (member.backlogged) {
                member.sink.uncork();
                await member.flushed();
                member.sink.cork();
              }
              if (member.isEnded || !member.sink.open) return;
              if (event.position <= member.last) continue;
              const result = await this.resultOf(event);
              if (result === null) member.last = event.position;
              else if (member.send(event.position, result)) metrics.deliveries.inc();
            }
          } finally {
            member.sink.uncork();
          }
          await member.flushed();
        }
        if (member.isEnded || !member.sink.open) return;
        if (feed.eventsAfter(member.last)?.length === 0) {
          member.live = true;
          return;
        }
      }
    } catch (error) {
      member.end({ errors: [this.deps.mask(error)] });
    }
  }

  /**
   * Delivers queued live events in order, each to every live member not yet past it. Events that queued up
   * while earlier ones were being written go out together: one system call per transport for the lot, so a
   * burst costs less per event, not more.
   */
  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.queue.length);
        const ready: Array<{ event: ChangeEvent; result: GroupResult }> = [];
        let failure: { error: unknown } | null = null;
        for (const event of batch) {
          if (!this.wantedLive(event)) continue;
          try {
            const result = await this.resultOf(event);
            if (result !== null) ready.push({ event, result });
          } catch (error) {
            failure = { error };
            break;
          }
        }
        // What executed before a failure is still delivered, so members resume right after it.
        if (ready.length > 0) await this.write(ready);
        if (failure) this.failLive(failure.error);
      }
    } finally {
      this.pumping = false;
    }
  }

  /**
   * Writes to the live members a slice at a time, yielding to the event loop between slices: a write costs
   * about 10 us, so 10,000 members in one turn would hold HTTP requests and database replies back for 100 ms.
   */
  private async write(ready: ReadonlyArray<{ event: ChangeEvent; result: GroupResult }>): Promise<void> {
    const members = [...this.members];
    let delivered = 0;
    // Several results leave a member in one write; a single one is written as it is, since corking would
    // only add the stream's bookkeeping around it.
    const corked = ready.length > 1;
    for (let start = 0; start < members.length; start += membersPerTurn) {
      if (start > 0) await new Promise((resolve) => setImmediate(resolve));
      for (let index = start; index < Math.min(start + membersPerTurn, members.length); index++) {
        const member = members[index]!;
        // A member that went live during an earlier slice is past these events already; one that left is ended.
        if (!member.live || member.isEnded) continue;
        if (corked) member.sink.cork();
        for (const { event, result } of ready) {
          if (event.position > member.last && member.send(event.position, result)) delivered += 1;
        }
        if (corked) member.sink.uncork();
      }
    }
    if (delivered === 0) return;
    const { metrics } = this.deps;
    metrics.deliveries.inc(delivered);
    const now = Date.now();
    for (const { event } of ready) metrics.fanOutLatency.observe((now - event.at.getTime()) / 1000);
  }

  private wantedLive(event: ChangeEvent): boolean {
    for (const member of this.members) if (member.live && event.position > member.last) return true;
    return false;
  }

  /** An event the group could not check or execute ends its live members, who resume from their cursors. */
  private failLive(error: unknown): void {
    const failure: ExecutionResult = { errors: [this.deps.mask(error)] };
    for (const member of [...this.members]) if (member.live) member.end(failure);
  }

  /** The event's result for this group, computed once; null when the group's rights do not reach it. */
  private resultOf(event: ChangeEvent): Promise<GroupResult | null> {
    let result = this.results.get(event);
    if (!result) {
      result = this.execute(event);
      this.results.set(event, result);
      // A failure (the database, say) is not remembered: the next member to need the event tries again.
      result.catch(() => this.results.delete(event));
    }
    return result;
  }

  /**
   * Rights are read per event: a change of role or cost centers narrows or widens the group at once. A
   * group whose rights reach everything sees every event as it is, as every other such group does.
   */
  private async execute(event: ChangeEvent): Promise<GroupResult | null> {
    const { types, operation, operationKey } = this.definition;
    this.deps.metrics.groupChecks.inc();
    const scope = await this.readRights();
    const seen = viewOf(scope, types, event);
    if (!seen) return null;
    const execute = async (): Promise<GroupExecution<GroupResult>> => {
      this.deps.metrics.groupExecutions.inc();
      const { result, personal } = await this.deps.execute(operation, seen, scope, this.employeeId);
      return { result: new GroupResult(result.errors ? { ...result, errors: result.errors.map((error) => this.deps.mask(error)) } : result), personal };
    };
    return scope.kind === 'all' ? this.shared.resultOf(event, operationKey, execute) : (await execute()).result;
  }
}
