import { GraphQLError } from 'graphql';
import { canAccessEmployee } from '../auth/rules';
import type { Viewer } from '../auth/viewer';
import type { Context } from '../context';
import type { DataType } from '../domain/data-type';
import { AsyncQueue, QueueOverflowError } from './async-queue';
import { readChanges, type ChangeEvent } from './change-log';
import { encodeCursor } from './cursor';

/** Events a subscriber may fall behind by before it is dropped, when not on a socket (it then resumes from its cursor). */
const defaultMaxPendingEvents = 10_000;
const replayPageSize = 500;

export function resyncRequiredError(after: number, horizon: number): GraphQLError {
  return new GraphQLError(
    `The cursor is older than the change log keeps (it starts after ${encodeCursor(horizon)}); refetch your data, then resume from the cursor of that fetch`,
    { extensions: { code: 'RESYNC_REQUIRED', after: encodeCursor(after) } },
  );
}

/** Whether this viewer may receive this event now (its type is wanted and its owner is in scope). */
async function deliverable(context: Context, viewer: Viewer, types: readonly DataType[] | null, event: ChangeEvent): Promise<boolean> {
  if (types && !types.includes(event.type)) return false;
  const owner = event.type === 'EMPLOYEE' ? event.entityId : event.employeeId;
  return canAccessEmployee(await context.scopeCache.get(viewer), owner);
}

/**
 * The events one subscriber receives: with `after`, first the log after that position, then live events,
 * with no gap and nothing twice (live events at or below the last replayed position are skipped).
 * Without `after`, live events from now. Every event is checked against the viewer's current rights.
 *
 * Not a plain async generator: `return()` on a generator waiting for the next event would queue until
 * that event arrives, so a closed socket would keep its listener. Here `return()` releases the listener
 * and wakes the reader at once.
 */
export function followChanges(
  context: Context,
  viewer: Viewer,
  options: { types: readonly DataType[] | null; after: number | null },
): AsyncIterableIterator<ChangeEvent> {
  const queue = new AsyncQueue<ChangeEvent>(context.connection?.maxPendingEvents ?? defaultMaxPendingEvents, () => {
    if (context.connection) context.connection.closeSlowConsumer();
    else context.metrics.slowConsumerDisconnects.inc();
  });
  // Listen before reading anything, so an event committed during the replay is caught by one or the other.
  const unsubscribe = context.feed.subscribe((events) => {
    for (const event of events) if (!options.types || options.types.includes(event.type)) queue.push(event);
  });
  const typeLabel = { type: options.types?.join(',') ?? 'ALL' };
  context.metrics.activeSubscriptions.inc(typeLabel);
  if (options.after !== null) context.metrics.replays.inc();
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    unsubscribe();
    queue.close();
    context.metrics.activeSubscriptions.dec(typeLabel);
  };
  const events = deliver(context, viewer, options, queue, context.feed.lastPosition);
  return {
    next: () => events.next(),
    async return() {
      release();
      await events.return(undefined);
      return { value: undefined, done: true };
    },
    async throw(error: unknown) {
      release();
      return events.throw(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

async function* deliver(
  context: Context,
  viewer: Viewer,
  options: { types: readonly DataType[] | null; after: number | null },
  queue: AsyncQueue<ChangeEvent>,
  livePosition: number,
): AsyncGenerator<ChangeEvent, void> {
  let last = livePosition;
  if (options.after !== null) {
    last = options.after;
    const horizon = context.feed.horizon;
    if (last < horizon) throw resyncRequiredError(last, horizon);
    for (;;) {
      // Recent events come from memory, as the very objects live subscribers got, so their results are shared.
      const recent = context.feed.eventsAfter(last);
      const page = recent ?? (await context.replayLimiter.run(() => readChanges(context.db, last, replayPageSize)));
      for (const event of page) {
        last = event.position;
        if (await deliverable(context, viewer, options.types, event)) {
          context.metrics.deliveries.inc();
          yield event;
        }
      }
      // Memory reaches up to the feed's position, and a short page reaches the end of the log: the rest is live.
      if (recent || page.length < replayPageSize) break;
    }
  }
  for (;;) {
    const next = await queue.next().catch((error: unknown) => {
      if (error instanceof QueueOverflowError) {
        throw new GraphQLError('This subscriber fell too far behind; resubscribe with the last cursor it received', {
          extensions: { code: 'SLOW_CONSUMER', after: encodeCursor(last) },
        });
      }
      throw error;
    });
    if (next.done) return;
    const event = next.value;
    if (event.position <= last) continue;
    last = event.position;
    if (await deliverable(context, viewer, options.types, event)) {
      context.metrics.fanOutLatency.observe((Date.now() - event.at.getTime()) / 1000);
      context.metrics.deliveries.inc();
      yield event;
    }
  }
}
