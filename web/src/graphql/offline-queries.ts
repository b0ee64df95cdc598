import { CombinedError, mapExchange, type Exchange, type OperationResult } from '@urql/core';

/**
 * A query that must reach the server (the start-up query, whose cursor has to be now's) sets this in
 * its context; it then fails offline instead of being answered from the cache.
 */
export const requiresServer = { requiresServer: true } as const;

/**
 * Graphcache's `isOfflineError`: a query that could not reach the server at all (no HTTP answer) is
 * answered from the cache instead. Never a mutation: Graphcache would queue it, and offline writes
 * belong to the portal's own outbox, which gives each its idempotency key and its typed outcome.
 */
export function answerFromCache(error: CombinedError | undefined, result: OperationResult): boolean {
  const { operation } = result;
  if (operation.kind !== 'query' || operation.context.requiresServer === true) return false;
  return error?.networkError !== undefined && error.response === undefined;
}

/**
 * Graphcache answers an unreachable query from the cache even when the cache never held it, as an
 * empty result. That would read as "no entries"; this turns it back into the network failure it was,
 * so the page says the server could not be reached (and retry-on-reconnect asks again once live).
 * The portal never asks for cache-only itself: every cache-only miss comes from that fallback.
 */
export function offlineMissExchange(): Exchange {
  return mapExchange({
    onResult(result) {
      const { operation } = result;
      if (operation.kind !== 'query' || operation.context.requestPolicy !== 'cache-only' || result.data) return;
      if (operation.context.meta?.cacheOutcome !== 'miss') return;
      return { ...result, error: new CombinedError({ networkError: new Error('The server could not be reached, and this was not kept for offline use') }) };
    },
  });
}
