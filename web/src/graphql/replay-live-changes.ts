import { makeOperation, type Exchange, type OperationResult } from '@urql/core';
import { fromArray, fromValue, mergeMap, pipe } from 'wonka';
import { cursorOf, cursorPosition } from '../live/change-cursor';

/** Live changes kept to apply again: seconds of a busy admin's stream (50 a second), more than an answer takes. */
const keptChanges = 500;

/**
 * Replayed results go under a key no operation has (urql's keys are integer hashes): Graphcache applies
 * them like any subscription result, and the live subscription's own listener never hears a change twice.
 */
const replayKey = 0.5;

export interface LiveChangeReplay {
  /** Sits between the cache and the exchanges that reach the server. */
  exchange: Exchange;
  /** Whether a `dataChanged` object is being applied again on top of an answer rather than arriving live. */
  isReplay(change: object): boolean;
}

/**
 * A query's answer can be older than live changes the cache already applied: a change that arrived while
 * the query was on its way is overwritten by the answer, and the list misses it until it is fetched
 * again. The server says which point of the change log each answer was read at (`extensions.syncCursor`,
 * at or before its reads); this keeps the latest live changes and hands the cache those newer than that
 * point right after the answer, so the cache's own updaters apply them again, in order. Nothing is
 * fetched again for it, so a steady stream of changes cannot keep a list refetching.
 */
export function createLiveChangeReplay(): LiveChangeReplay {
  const kept: Array<{ position: number; result: OperationResult }> = [];
  const replays = new WeakSet<object>();

  const replay = (result: OperationResult): OperationResult => {
    const data = result.data as { dataChanged: object };
    const change = { ...data.dataChanged };
    replays.add(change);
    const operation = makeOperation('subscription', { ...result.operation, key: replayKey }, result.operation.context);
    return { ...result, operation, data: { ...data, dataChanged: change } };
  };

  const withReplays = (answer: OperationResult): OperationResult[] => {
    const cursor: unknown = answer.operation.kind === 'query' && answer.data ? answer.extensions?.syncCursor : undefined;
    const readAt = typeof cursor === 'string' ? cursorPosition(cursor) : null;
    if (readAt === null) return [answer];
    return [answer, ...kept.filter((change) => change.position > readAt).map((change) => replay(change.result))];
  };

  return {
    exchange:
      ({ forward }) =>
      (operations$) =>
        pipe(
          forward(operations$),
          mergeMap((result) => {
            const cursor = result.operation.kind === 'subscription' ? cursorOf(result.data) : null;
            const position = cursor === null ? null : cursorPosition(cursor);
            if (position === null) return fromArray(withReplays(result));
            kept.push({ position, result });
            if (kept.length > keptChanges) kept.shift();
            return fromValue(result);
          }),
        ),
    isReplay: (change) => replays.has(change),
  };
}
