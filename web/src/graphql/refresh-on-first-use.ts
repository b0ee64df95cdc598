import { makeOperation, mapExchange, type Exchange, type Operation } from '@urql/core';
import { filter, makeSubject, merge, pipe, tap } from 'wonka';

export interface FirstUseRefresh {
  /** Above the cache: asks the server again for a query first answered from kept data. */
  firstRuns: Exchange;
  /** Below the cache: sees which queries the server answered. */
  answers: Exchange;
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
  return {
    firstRuns: ({ forward }) => {
      const refreshes = makeSubject<Operation>();
      return (operations$) =>
        pipe(
          forward(
            merge([
              pipe(
                operations$,
                tap((operation) => {
                  if (operation.kind === 'teardown') asking.delete(operation.key);
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
            asking.add(operation.key);
            void hydrated.then(() => refreshes.next(makeOperation('query', operation, { ...operation.context, requestPolicy: 'network-only' })));
          }),
        );
    },
    answers: mapExchange({
      onResult(result) {
        if (result.operation.kind !== 'query') return;
        asking.delete(result.operation.key);
        if (!result.error?.networkError) answered.add(result.operation.key);
      },
    }),
  };
}
