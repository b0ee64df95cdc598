import { mapExchange, type Exchange } from '@urql/core';

/** How long an event waits for this tab's mutations in flight before it is judged. */
const settleTimeoutMs = 5_000;

/** Identifies one write: an entity at a version, or its deletion. */
export function writeKey(id: string, version: number | null): string {
  return version === null ? `${id}@deleted` : `${id}@${version}`;
}

export interface OwnWrites {
  /** Sees every mutation this tab sends and every result it gets. */
  exchange: Exchange;
  /**
   * Whether this tab made the write `key`. Waits until its mutations in flight have answered, since a
   * live event can overtake the HTTP response of the mutation that caused it.
   */
  wasOwn(key: string): Promise<boolean>;
}

/** Remembers the writes this tab made (from mutation results), so their live events make no toast. */
export function createOwnWrites(): OwnWrites {
  const keys = new Set<string>();
  let inFlight = 0;
  let waiters: Array<() => void> = [];

  const settled = () =>
    inFlight === 0
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, settleTimeoutMs);
        });

  const exchange = mapExchange({
    onOperation(operation) {
      if (operation.kind === 'mutation') inFlight++;
    },
    onResult(result) {
      if (result.operation.kind !== 'mutation') return;
      for (const value of Object.values(result.data ?? {})) {
        for (const key of keysOfResult(value)) keys.add(key);
      }
      inFlight = Math.max(0, inFlight - 1);
      if (inFlight === 0) {
        const done = waiters;
        waiters = [];
        for (const resolve of done) resolve();
      }
    },
  });

  return {
    exchange,
    async wasOwn(key) {
      await settled();
      return keys.has(key);
    },
  };
}

/**
 * The write keys of a mutation's result: an entity with a version, or a DeletedEntity; a week's review
 * step also wrote each of its entries.
 */
function keysOfResult(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || !('id' in value) || typeof value.id !== 'string') return [];
  if ('__typename' in value && value.__typename === 'DeletedEntity') return [writeKey(value.id, null)];
  const entries = 'entries' in value && Array.isArray(value.entries) ? value.entries.flatMap(keysOfResult) : [];
  return 'version' in value && typeof value.version === 'number' ? [writeKey(value.id, value.version), ...entries] : entries;
}
