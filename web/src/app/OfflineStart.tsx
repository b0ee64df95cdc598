import type { CombinedError } from '@urql/core';
import { useEffect, useRef } from 'react';
import { backoffDelay } from '../graphql/backoff';
import { usePortal } from './portal-context';

/**
 * While a portal started without the server: the connection badge says Offline (or when the next
 * attempt is), and the start-up query is asked again when the browser comes back online, the tab
 * becomes visible, or the backoff (as the live socket's) runs out. Each failed attempt is a new
 * `failure`, which schedules the next. `onRetry` must keep its identity across renders.
 */
export function OfflineStart({ failure, onRetry }: { failure: CombinedError | undefined; onRetry(): void }) {
  const { connection } = usePortal();
  const failures = useRef(0);

  useEffect(() => {
    const delay = backoffDelay(failures.current);
    failures.current += 1;
    connection.set(navigator.onLine ? { kind: 'reconnecting', retryAt: Date.now() + delay } : { kind: 'offline' });
    // Offline, only the browser's `online` event can change anything.
    const retry = () => {
      if (!navigator.onLine) return;
      clearTimeout(timer);
      connection.set({ kind: 'reconnecting', retryAt: null });
      onRetry();
    };
    const timer = setTimeout(retry, delay);
    const onVisible = () => {
      if (document.visibilityState === 'visible') retry();
    };
    const onOffline = () => connection.set({ kind: 'offline' });
    window.addEventListener('online', retry);
    window.addEventListener('offline', onOffline);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('online', retry);
      window.removeEventListener('offline', onOffline);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [failure, connection, onRetry]);

  return null;
}
