import { makeOperation, mapExchange, type Exchange } from '@urql/core';

/**
 * The first time this client runs a query, it shows what the offline cache kept and asks the server
 * as well (cache-and-network instead of cache-first): kept data may be days old, and the live
 * subscription only brings the changes made after the portal started. Later runs of the same query
 * stay cache-first, as live events keep the cache current from then on.
 */
export function refreshOnFirstUseExchange(): Exchange {
  const asked = new Set<number>();
  return mapExchange({
    onOperation(operation) {
      if (operation.kind !== 'query' || asked.has(operation.key)) return;
      asked.add(operation.key);
      if (operation.context.requestPolicy !== 'cache-first') return;
      return makeOperation(operation.kind, operation, { ...operation.context, requestPolicy: 'cache-and-network' });
    },
  });
}
