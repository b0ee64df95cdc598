import { useSyncExternalStore } from 'react';

/** How long a row changed by someone else stays highlighted. */
const highlightMs = 2_000;

const changedUntil = new Map<string, number>();
const listeners = new Set<() => void>();

function notify() {
  for (const listener of listeners) listener();
}

/** Highlights the rows of entity `id` for a moment. */
export function markChanged(id: string): void {
  const until = Date.now() + highlightMs;
  changedUntil.set(id, until);
  notify();
  setTimeout(() => {
    if (changedUntil.get(id) === until) {
      changedUntil.delete(id);
      notify();
    }
  }, highlightMs);
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Whether entity `id` was changed by someone else in the last moments. */
export function useRecentlyChanged(id: string): boolean {
  return useSyncExternalStore(subscribe, () => changedUntil.has(id));
}
