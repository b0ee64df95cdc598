import { nextWake } from './next-wake';
import { dataChangedSubscription, type DataChangeEvent } from './subscriber';

/**
 * A dataChanged subscription over Server-Sent Events (POST with `accept: text/event-stream`), as an HTTP
 * client without a WebSocket holds one. `ended` resolves when the server ends the stream.
 */
export function openEventStream(baseUrl: string, token: string, variables: { type?: string | null; after?: string | null } = {}) {
  const events: DataChangeEvent[] = [];
  const errors: Array<{ message: string; extensions?: Record<string, unknown> }> = [];
  const waiters = new Set<() => void>();
  const controller = new AbortController();
  const wakeAll = () => {
    for (const wake of waiters) wake();
  };
  let markOpened: () => void = () => {};
  /** Resolves with the first bytes of the stream: the server has started the subscription. */
  const opened = new Promise<void>((resolve) => (markOpened = resolve));
  const ended = (async () => {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: dataChangedSubscription, variables }),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      markOpened();
      buffer += decoder.decode(value, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice('data:'.length).trim())
          .join('');
        if (!data) continue;
        const result = JSON.parse(data) as { data?: { dataChanged: DataChangeEvent }; errors?: typeof errors };
        if (result.errors) errors.push(...result.errors);
        if (result.data) events.push(result.data.dataChanged);
        wakeAll();
      }
    }
  })()
    .catch(() => {})
    .finally(() => {
      markOpened();
      wakeAll();
    });

  /** Waits until `count` events have arrived (or fails after `timeoutMs`). */
  async function waitFor(count: number, timeoutMs = 10_000): Promise<DataChangeEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (events.length < count) {
      if (errors.length > 0) throw new Error(`stream failed: ${JSON.stringify(errors)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out with ${events.length} of ${count} events`);
      await nextWake(waiters, left);
    }
    return events;
  }

  return { events, errors, opened, ended, waitFor, close: () => controller.abort() };
}
