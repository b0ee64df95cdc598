import { makeOperation, mapExchange, type Exchange, type Operation } from '@urql/core';
import { filter, makeSubject, merge, pipe, tap } from 'wonka';

export interface FirstUseRefresh {
  /** Above the cache: asks the server again for a query first answered from kept data. */
  firstRuns: Exchange;
  /** Below the cache: sees which queries the server answered. */
  answers: Exchange;
  /**
   * Asks the server again for every query still in use, and forgets which ones it answered. For a tab
   * that started offline, once it has its sync cursor: a list answered before the cursor was read may
   * miss a change made between the two, which the subscription (from the cursor on) never brings.
   */
  refreshAll(): void;
}

/**
 * A query this client answers from the offline cache before the server answered it here is asked
 * again, network-only: kept data may be days old, and the live subscription brings only the changes
 * made after the portal started. Once the server answered a query, its later runs stay cache-first, as
 * live events keep the cache current. A query that could not reach the server is asked again the next
 * time it is answered from the cache (a page opened again once back online); the offline fallback's own
 * answers (cache-only) are not, since Graphcache runs those queries again once the socket is live.
 *
 * The request is sent from here rather than through `client.reexecuteOperation`, whose queue lets a
 * cache-first rerun of the same query (Graphcache makes many) replace it. It waits for `hydrated`: the
 * offline exchange restarts every query that ran before the kept data was loaded, cancelling requests.
 */
export function createFirstUseRefresh(hydrated: Promise<void>): FirstUseRefresh {
  const answered = new Set<number>();
  const asking = new Set<number>();
  /** Queries in use (not torn down), by key, as their page asked them (not Graphcache's cache-only reruns). */
  const inUse = new Map<number, Operation>();
  const refreshes = makeSubject<Operation>();
  const refresh = (operation: Operation) => {
    asking.add(operation.key);
    void hydrated.then(() => refreshes.next(makeOperation('query', operation, { ...operation.context, requestPolicy: 'network-only' })));
  };
  return {
    firstRuns:
      ({ forward }) =>
      (operations$) =>
        pipe(
          forward(
            merge([
              pipe(
                operations$,
                tap((operation) => {
                  if (operation.kind === 'query' && operation.context.requestPolicy !== 'cache-only') inUse.set(operation.key, operation);
                  if (operation.kind === 'teardown') {
                    asking.delete(operation.key);
                    inUse.delete(operation.key);
                  }
                }),
              ),
              pipe(
                refreshes.source,
                // Gone meanwhile (its page closed): nothing to refresh.
                filter((operation) => asking.has(operation.key)),
              ),
            ]),
          ),
          tap((result) => {
            const { operation } = result;
            if (operation.kind !== 'query' || answered.has(operation.key) || asking.has(operation.key)) return;
            if (operation.context.meta?.cacheOutcome !== 'hit' || operation.context.requestPolicy === 'cache-only') return;
            refresh(operation);
          }),
        ),
    answers: mapExchange({
      onResult(result) {
        if (result.operation.kind !== 'query') return;
        asking.delete(result.operation.key);
        if (!result.error?.networkError) answered.add(result.operation.key);
      },
    }),
    refreshAll() {
      answered.clear();
      // A network-only query (the start's own) asked the server already.
      for (const operation of inUse.values()) if (operation.context.requestPolicy !== 'network-only') refresh(operation);
    },
  };
}
