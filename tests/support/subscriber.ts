import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
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
    { query: dataChangedSubscription, variables },
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

  /** Waits until `count` events have arrived (or fails after `timeoutMs`). */
  async function waitFor(count: number, timeoutMs = 10_000): Promise<DataChangeEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (events.length < count) {
      if (errors.length > 0) throw new Error(`subscription failed: ${JSON.stringify(errors)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out with ${events.length} of ${count} events`);
      await nextWake(waiters, left);
    }
    return events;
  }

  return { events, errors, ready, closed, waitFor, close: () => client.dispose() };
}

/** Resolves after the event loop has had `ms` to deliver anything still in flight. */
export const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));
