import { Client, subscriptionExchange, type ExecutionResult, type SubscriptionOperation } from '@urql/core';
import { cacheExchange } from '@urql/exchange-graphcache';
import { createCacheOptions } from '../../web/src/graphql/cache-options';

type Sink = { next(result: ExecutionResult): void; complete(): void };

/**
 * A real urql Client with the portal's real Graphcache configuration, whose "server" answers queries
 * and mutations from `respond` and lets the test push subscription events. Counts the operations
 * that reached the server, so a test can assert that an event caused no refetch.
 */
export function fakeApi(respond: (operation: SubscriptionOperation) => ExecutionResult['data']) {
  const subscribers = new Set<Sink>();
  const requests: SubscriptionOperation[] = [];
  const client = new Client({
    url: 'http://fake.invalid/graphql',
    exchanges: [
      cacheExchange(createCacheOptions()),
      subscriptionExchange({
        enableAllOperations: true,
        forwardSubscription: (request, operation) => ({
          subscribe(sink) {
            if (operation.kind === 'subscription') {
              subscribers.add(sink);
              return { unsubscribe: () => subscribers.delete(sink) };
            }
            requests.push(request);
            // Answer on a later tick, like a network would.
            const timer = setTimeout(() => {
              sink.next({ data: respond(request) });
              sink.complete();
            });
            return { unsubscribe: () => clearTimeout(timer) };
          },
        }),
      }),
    ],
  });
  return {
    client,
    /** Operations that went to the "server", in order. */
    requests,
    /** Delivers one `dataChanged` event to every live subscription, once the client has started one. */
    async push(dataChanged: Record<string, unknown>) {
      for (let tick = 0; subscribers.size === 0; tick++) {
        if (tick > 50) throw new Error('no subscription reached the fake API');
        await new Promise((resolve) => setTimeout(resolve));
      }
      for (const sink of subscribers) sink.next({ data: { dataChanged } });
    },
  };
}
