import { GraphQLError } from 'graphql';
import { canAccessEmployee } from '../auth/rules';
import type { Viewer } from '../auth/viewer';
import type { Context, Services } from '../context';
import type { DataType } from '../domain/data-type';
import { AsyncQueue, QueueOverflowError } from './async-queue';
import { eventOwner, readChanges, type ChangeEvent } from './change-log';
import { encodeCursor } from './cursor';

/** Events a subscriber may fall behind by before it is dropped (it then resumes from its cursor). */
const defaultMaxPendingEvents = 10_000;
const replayPageSize = 500;

/** What one dataChanged subscription asked for. */
export interface FollowOptions {
  /** Only these types; null for every type. */
  readonly types: readonly DataType[] | null;
  /** Replay the log after this position first; null to start from now. */
  readonly after: number | null;
}

export function resyncRequiredError(after: number, horizon: number): GraphQLError {
  return new GraphQLError(
    `The cursor is older than the change log keeps (it starts after ${encodeCursor(horizon)}); refetch your data, then resume from the cursor of that fetch`,
    { extensions: { code: 'RESYNC_REQUIRED', after: encodeCursor(after) } },
  );
}

export function slowConsumerError(after: number): GraphQLError {
  return new GraphQLError('This subscriber fell too far behind; resubscribe with the last cursor it received', {
    extensions: { code: 'SLOW_CONSUMER', after: encodeCursor(after) },
  });
}

/** Whether this viewer may receive this event now (its type is wanted and its owner is in scope). */
export async function deliverable(services: Pick<Services, 'scopeCache'>, viewer: Viewer, types: readonly DataType[] | null, event: ChangeEvent): Promise<boolean> {
  if (types && !types.includes(event.type)) return false;
  return canAccessEmployee(await services.scopeCache.get(viewer), eventOwner(event));
}

/**
 * What a subscriber resuming after `after` missed, as pages in position order: from memory where this
 * instance still has the events (the very objects live subscribers got, so their results are shared),
 * else from the log. Ends when nothing this instance has read is left; events after that reach the
 * subscriber live. Throws RESYNC_REQUIRED for a cursor below the retention horizon.
 */
export async function* missedEvents(
  services: Pick<Services, 'feed' | 'db' | 'replayLimiter'>,
  after: number,
  types: readonly DataType[] | null,
): AsyncGenerator<readonly ChangeEvent[], void> {
  const horizon = services.feed.horizon;
  if (after < horizon) throw resyncRequiredError(after, horizon);
  let last = after;
  for (;;) {
    const recent = services.feed.eventsAfter(last);
    if (recent?.length === 0) return;
    const page = recent ?? (await services.replayLimiter.run(() => readChanges(services.db, last, replayPageSize, types ?? undefined)));
    if (page.length === 0) {
      // The log has nothing after `last` although memory had already moved past it: pruned meanwhile.
      if (services.feed.eventsAfter(last) === null) throw resyncRequiredError(last, services.feed.horizon);
      return;
    }
    last = page[page.length - 1]!.position;
    yield page;
  }
}

/**
 * The source stream of one dataChanged subscription. Over a socket it is never iterated: the fan-out
 * (fan-out.ts) reads its viewer and options and delivers to the socket with everyone in its group.
 * Iterated (Server-Sent Events), it starts on the first `next()`: with `after`, first the events
 * missed, then live events, with no gap and nothing twice; without, live events from then on.
 *
 * Not a plain async generator: `return()` on a generator waiting for the next event would queue until
 * that event arrives, so a closed stream would keep its listener. Here `return()` releases the listener
 * and wakes the reader at once.
 */
export class ChangeStream implements AsyncIterableIterator<ChangeEvent> {
  private events: AsyncGenerator<ChangeEvent, void> | null = null;
  private release: (() => void) | null = null;
  private released = false;

  constructor(
    readonly context: Context,
    readonly viewer: Viewer,
    readonly options: FollowOptions,
  ) {}

  next(): Promise<IteratorResult<ChangeEvent>> {
    if (this.released) return Promise.resolve({ value: undefined, done: true });
    this.events ??= this.start();
    return this.events.next();
  }

  async return(): Promise<IteratorResult<ChangeEvent>> {
    this.released = true;
    this.release?.();
    await this.events?.return(undefined);
    return { value: undefined, done: true };
  }

  async throw(error: unknown): Promise<IteratorResult<ChangeEvent>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  private start(): AsyncGenerator<ChangeEvent, void> {
    const { context, options } = this;
    const queue = new AsyncQueue<ChangeEvent>(defaultMaxPendingEvents, () => context.metrics.slowConsumerDisconnects.inc());
    // Listen before reading anything, so an event committed during the replay is caught by one or the other.
    const unsubscribe = context.feed.subscribe((events) => {
      for (const event of events) if (!options.types || options.types.includes(event.type)) queue.push(event);
    });
    const typeLabel = { type: options.types?.join(',') ?? 'ALL' };
    context.metrics.activeSubscriptions.inc(typeLabel);
    if (options.after !== null) context.metrics.replays.inc();
    this.release = () => {
      this.release = null;
      unsubscribe();
      queue.close();
      context.metrics.activeSubscriptions.dec(typeLabel);
    };
    return this.deliver(queue, context.feed.lastPosition);
  }

  private async *deliver(queue: AsyncQueue<ChangeEvent>, livePosition: number): AsyncGenerator<ChangeEvent, void> {
    const { context, viewer, options } = this;
    let last = options.after ?? livePosition;
    if (options.after !== null) {
      for await (const page of missedEvents(context, options.after, options.types)) {
        for (const event of page) {
          last = event.position;
          if (await deliverable(context, viewer, options.types, event)) {
            context.metrics.deliveries.inc();
            yield event;
          }
        }
      }
    }
    for (;;) {
      const next = await queue.next().catch((error: unknown) => {
        throw error instanceof QueueOverflowError ? slowConsumerError(last) : error;
      });
      if (next.done) return;
      const event = next.value;
      // Already replayed: the listener was registered before the replay read it.
      if (event.position <= last) continue;
      last = event.position;
      if (await deliverable(context, viewer, options.types, event)) {
        context.metrics.fanOutLatency.observe((Date.now() - event.at.getTime()) / 1000);
        context.metrics.deliveries.inc();
        yield event;
      }
    }
  }
}
