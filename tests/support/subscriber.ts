import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { graphqlData } from './graphql-client';
import { nextWake } from './next-wake';

export interface DataChangeEvent {
  cursor: string;
  type: string;
  action: string;
  id: string;
  employeeId: string | null;
  at: string;
  node: Record<string, any> | null;
}

export const dataChangedSubscription = /* GraphQL */ `
  subscription ($type: DataType, $after: String) {
    dataChanged(type: $type, after: $after) {
      cursor type action id employeeId at
      node {
        __typename
        ... on Employee { id version name email role active costCenters { code } }
        ... on MileageEntry { id version date employeeId costCenterId startLocation endLocation odometerStart odometerEnd miles purpose createdAt updatedAt }
        ... on Receipt { id version date employeeId costCenterId amountCents currency vendor category description createdAt updatedAt }
        ... on TimeEntry { id version date employeeId costCenterId hours timeCategory notes createdAt updatedAt }
      }
    }
  }
`;

/**
 * A real graphql-ws client holding one dataChanged subscription, collecting what arrives.
 * `closed` resolves with the close code when the server closes the socket.
 */
export function subscribe(
  wsUrl: string,
  token: string | null,
  variables: { type?: string | null; after?: string | null } = {},
  query: string = dataChangedSubscription,
) {
  const events: DataChangeEvent[] = [];
  const errors: unknown[] = [];
  let resolveClosed: (code: number) => void = () => {};
  const closed = new Promise<number>((resolve) => (resolveClosed = resolve));
  let acknowledged: () => void = () => {};
  const ready = new Promise<void>((resolve) => (acknowledged = resolve));
  const client: Client = createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    // Close codes are asserted through `closed`; graphql-ws would also print them.
    onNonLazyError: () => {},
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    on: {
      connected: () => acknowledged(),
      closed: (event) => resolveClosed((event as { code: number }).code),
    },
  });
  const waiters = new Set<() => void>();
  client.subscribe<{ dataChanged: DataChangeEvent }>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors) errors.push(...result.errors);
        if (result.data) events.push(result.data.dataChanged);
        for (const wake of waiters) wake();
      },
      error: (error) => {
        errors.push(error);
        for (const wake of waiters) wake();
      },
      complete: () => {},
    },
  );

  /** Waits until `done(events)` holds (or fails after `timeoutMs`, or on a subscription error). */
  async function waitUntil(done: (events: DataChangeEvent[]) => boolean, timeoutMs = 10_000, what = 'the expected events'): Promise<DataChangeEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (!done(events)) {
      if (errors.length > 0) throw new Error(`subscription failed: ${JSON.stringify(errors)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what} with ${events.length} events`);
      await nextWake(waiters, left);
    }
    return events;
  }

  /** Waits until `count` events have arrived (or fails after `timeoutMs`). */
  const waitFor = (count: number, timeoutMs = 10_000) => waitUntil((received) => received.length >= count, timeoutMs, `${count} events`);

  /** Waits until the event about entity `id` has arrived. */
  const waitForId = (id: string, timeoutMs = 10_000) => waitUntil((received) => received.some((event) => event.id === id), timeoutMs, `the event of ${id}`);

  return { events, errors, ready, closed, waitFor, waitForId, waitUntil, close: () => client.dispose() };
}

/**
 * Subscribes from now without racing the server: reads `syncCursor` first and subscribes after it, so
 * every change committed after this call arrives, however long the server takes to set the
 * subscription up (what a client is told to do in the README).
 */
export async function subscribeFromNow(
  server: { url: string; wsUrl: string },
  token: string,
  variables: { type?: string | null } = {},
  query: string = dataChangedSubscription,
): Promise<ReturnType<typeof subscribe>> {
  const { syncCursor } = await graphqlData<{ syncCursor: string }>(server.url, '{ syncCursor }', {}, token);
  const subscriber = subscribe(server.wsUrl, token, { ...variables, after: syncCursor }, query);
  await subscriber.ready;
  return subscriber;
}
