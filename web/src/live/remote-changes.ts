import { useSyncExternalStore } from 'react';

/** The last change someone else made to an entity, as this tab heard of it. */
export interface RemoteChange {
  action: 'CREATE' | 'UPDATE' | 'DELETE';
  /** Who made it (null for the system). */
  actorName: string | null;
  /** On UPDATE, the fields it set (e.g. ["amountCents"]). */
  changedFields: readonly string[] | null;
  /** When this tab received it (epoch ms). */
  receivedAt: number;
}

const latest = new Map<string, RemoteChange>();
const listeners = new Set<() => void>();

/** Remembers a change someone else made, so an open form can say so. */
export function recordRemoteChange(id: string, change: Omit<RemoteChange, 'receivedAt'>): void {
  latest.set(id, { ...change, receivedAt: Date.now() });
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The last change someone else made to entity `id` after `since` (epoch ms), or null. */
export function useRemoteChangeSince(id: string | null, since: number): RemoteChange | null {
  return useSyncExternalStore(subscribe, () => {
    const change = id ? latest.get(id) : undefined;
    return change && change.receivedAt >= since ? change : null;
  });
}

/** The name of whoever last changed entity `id`, if this tab heard of it. */
export function lastChangedBy(id: string): string | null {
  return latest.get(id)?.actorName ?? null;
}
