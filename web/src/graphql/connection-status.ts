/** What the header's connection indicator shows. */
export type ConnectionState =
  | { kind: 'connecting' }
  | { kind: 'live' }
  /** `retryAt` is when the next attempt starts (epoch ms), or null while an attempt is under way. */
  | { kind: 'reconnecting'; retryAt: number | null }
  | { kind: 'offline' };

/** A tiny external store (for useSyncExternalStore) of the live socket's state. */
export interface ConnectionStatus {
  get(): ConnectionState;
  set(state: ConnectionState): void;
  subscribe(listener: () => void): () => void;
}

export function createConnectionStatus(): ConnectionStatus {
  let state: ConnectionState = { kind: 'connecting' };
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(next) {
      state = next;
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
