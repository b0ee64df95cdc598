import { notifications } from '@mantine/notifications';
import type { CombinedError } from '@urql/core';
import { useEffect, useState } from 'react';
import { usePortal } from '../app/portal-context';
import type { PortalClient } from '../graphql/client';
import { writeKey } from '../graphql/own-writes';
import { changeMessage, type DataChange } from './change-message';
import { LiveSync_DataChanged } from './data-changed-subscription';
import { markChanged } from './recent-changes';

/** A subscription that ended with an unexpected error is started again after this pause. */
const resubscribeDelayMs = 2_000;
/** More toasts than this within one burst (a catch-up after being away) fold into one summary. */
const toastsPerBurst = 3;
const burstMs = 1_500;

function needsResync(error: CombinedError): boolean {
  return error.graphQLErrors.some((graphQLError) => graphQLError.extensions.code === 'RESYNC_REQUIRED');
}

/**
 * Runs the one `dataChanged` subscription of the tab. The cache applies each change by itself (see
 * cache-options); this adds the feedback: a toast and a row highlight for changes made by someone else.
 */
export function LiveSync({ after, onResync }: { after: string; onResync(): void }) {
  const portal = usePortal();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const announce = createAnnouncer(portal);
    let retry: ReturnType<typeof setTimeout> | undefined;
    const subscription = portal.client
      .subscription(LiveSync_DataChanged, { after: portal.lastCursor() ?? after })
      .subscribe((result) => {
        if (result.error) {
          if (needsResync(result.error)) onResync();
          else retry = setTimeout(() => setAttempt((count) => count + 1), resubscribeDelayMs);
          return;
        }
        if (result.data) void announce(result.data.dataChanged);
      });
    return () => {
      clearTimeout(retry);
      subscription.unsubscribe();
    };
  }, [portal, after, onResync, attempt]);

  return null;
}

function createAnnouncer(portal: PortalClient) {
  let burstStart = 0;
  let shown = 0;
  let folded = 0;
  let summary: ReturnType<typeof setTimeout> | undefined;

  return async (change: DataChange) => {
    const key = change.node ? writeKey(change.node.id, change.node.version) : writeKey(change.id, null);
    if (await portal.ownWrites.wasOwn(key)) return;
    markChanged(change.id);
    const now = Date.now();
    if (now - burstStart > burstMs) {
      burstStart = now;
      shown = 0;
    }
    if (shown < toastsPerBurst) {
      shown += 1;
      notifications.show({ title: 'Live update', message: changeMessage(change), autoClose: 6_000 });
      return;
    }
    folded += 1;
    clearTimeout(summary);
    summary = setTimeout(() => {
      notifications.show({ title: 'Live update', message: `${folded} more changes arrived`, autoClose: 6_000 });
      folded = 0;
    }, burstMs);
  };
}
