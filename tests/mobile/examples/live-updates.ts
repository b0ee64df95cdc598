import { createClient, type Client } from 'graphql-ws';
import type { Change } from './catch-up';

/**
 * Keeps a socket open while the app is in the foreground: retries forever with backoff, and every
 * (re)subscription resumes after the last cursor processed, so nothing is missed or applied twice.
 */
export function liveUpdates(
  wsUrl: string,
  token: string,
  cursor: { current: string },
  apply: (change: Change) => void,
  webSocketImpl?: unknown,
): Client {
  const client = createClient({
    url: wsUrl,
    webSocketImpl,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
  });
  const start = () =>
    client.subscribe<{ dataChanged: Change }>(
      {
        query: `subscription Live($after: String) {
          dataChanged(after: $after) {
            cursor type action id
            node { __typename ... on Node { id version } ... on Receipt { vendor amountCents } }
          }
        }`,
        variables: { after: cursor.current },
      },
      {
        next: ({ data }) => {
          if (!data) return;
          apply(data.dataChanged);
          cursor.current = data.dataChanged.cursor;
        },
        // A completed or failed subscription (e.g. the server restarted) resumes from the cursor.
        error: () => setTimeout(start, 1_000),
        complete: () => {},
      },
    );
  start();
  return client;
}
