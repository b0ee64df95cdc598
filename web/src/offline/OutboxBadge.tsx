import { Badge } from '@mantine/core';
import { useSyncExternalStore } from 'react';
import { usePortal } from '../app/portal-context';

/** "3 changes waiting" (and "1 not saved") next to the connection badge while the outbox holds any. */
export function OutboxBadge() {
  const { outbox } = usePortal();
  const { waiting, unsent } = useSyncExternalStore(outbox.subscribe, outbox.get);
  if (waiting.length === 0 && unsent.length === 0) return null;
  return (
    <>
      {waiting.length > 0 && (
        <Badge data-testid="outbox-status" role="status" aria-live="polite" color="yellow" variant="light" size="lg" radius="sm" tt="none">
          {waiting.length === 1 ? '1 change waiting' : `${waiting.length} changes waiting`}
        </Badge>
      )}
      {unsent.length > 0 && (
        <Badge data-testid="outbox-unsent" color="red" variant="light" size="lg" radius="sm" tt="none">
          {unsent.length} not saved
        </Badge>
      )}
    </>
  );
}
