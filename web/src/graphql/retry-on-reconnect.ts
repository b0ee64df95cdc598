import { makeOperation, mapExchange, type Exchange, type Operation } from '@urql/core';
import type { ConnectionStatus } from './connection-status';

/**
 * Queries that failed for want of a connection are fetched again as soon as the live socket is back,
 * so a list shows its rows rather than "Could not load" once the badge says Live, without a click.
 */
export function retryOnReconnectExchange(connection: ConnectionStatus): Exchange {
  return (input) => {
    const failed = new Map<number, Operation>();
    connection.subscribe(() => {
      if (connection.get().kind !== 'live' || failed.size === 0) return;
      const retries = [...failed.values()];
      failed.clear();
      for (const operation of retries) {
        input.client.reexecuteOperation(makeOperation(operation.kind, operation, { ...operation.context, requestPolicy: 'network-only' }));
      }
    });
    return mapExchange({
      onOperation(operation) {
        if (operation.kind === 'teardown') failed.delete(operation.key);
      },
      onResult(result) {
        if (result.operation.kind !== 'query') return;
        if (result.error?.networkError) failed.set(result.operation.key, result.operation);
        else failed.delete(result.operation.key);
      },
    })(input);
  };
}
