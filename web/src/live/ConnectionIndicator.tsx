import { Badge } from '@mantine/core';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { usePortal } from '../app/portal-context';
import type { ConnectionState } from '../graphql/connection-status';

function describe(state: ConnectionState, now: number): { label: string; color: string } {
  switch (state.kind) {
    case 'live':
      return { label: 'Live', color: 'green' };
    case 'connecting':
      return { label: 'Connecting…', color: 'gray' };
    case 'offline':
      return { label: 'Offline', color: 'red' };
    case 'reconnecting':
      return state.retryAt === null
        ? { label: 'Reconnecting…', color: 'orange' }
        : { label: `Reconnecting in ${Math.max(1, Math.ceil((state.retryAt - now) / 1000))} s`, color: 'orange' };
  }
}

/** Live / Reconnecting in N s / Offline, for the live-update socket. */
export function ConnectionIndicator() {
  const { connection } = usePortal();
  const state = useSyncExternalStore(connection.subscribe, connection.get);
  const [now, setNow] = useState(() => Date.now());
  const counting = state.kind === 'reconnecting' && state.retryAt !== null;

  useEffect(() => {
    if (!counting) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [counting, state]);

  const { label, color } = describe(state, now);
  return (
    <Badge data-testid="connection-status" role="status" aria-live="polite" color={color} variant="light" size="lg" radius="sm" tt="none">
      {label}
    </Badge>
  );
}
