import { notifications } from '@mantine/notifications';
import type { CombinedError } from '@urql/core';
import { useEffect, useState } from 'react';
import { usePortal } from '../app/portal-context';
import type { PortalClient } from '../graphql/client';
import { writeKey } from '../graphql/own-writes';
import { useViewer } from '../app/viewer-context';
import { weekName } from '../time/WeeksTable';
import { because, changeMessage, isReviewStep, reviewedBy, type DataChange } from './change-message';
import { LiveSync_DataChanged } from './data-changed-subscription';
import { markChanged } from './recent-changes';
import { recordRemoteChange } from './remote-changes';

/** A subscription that ended with an unexpected error is started again after this pause. */
const resubscribeDelayMs = 2_000;
/** More toasts than this within one burst (a catch-up after being away) fold into one summary. */
const toastsPerBurst = 3;
const burstMs = 1_500;
/** How many folded changes the summary toast spells out. */
const foldedLines = 6;

function needsResync(error: CombinedError): boolean {
  return error.graphQLErrors.some((graphQLError) => graphQLError.extensions.code === 'RESYNC_REQUIRED');
}

/**
 * Runs the one `dataChanged` subscription of the tab. The cache applies each change by itself (see
 * cache-options); this adds the feedback: a toast and a row highlight for changes made by someone else.
 */
export function LiveSync({ after, onResync }: { after: string; onResync(): void }) {
  const portal = usePortal();
  const viewer = useViewer();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const announce = createAnnouncer(portal, viewer.id);
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
  }, [portal, viewer.id, after, onResync, attempt]);

  return null;
}

/** A week's review step arrives as one event per entry; they become one toast after this pause. */
const weekStepMs = 400;

/** Monday of the week of `date` (YYYY-MM-DD), as the server groups hours. */
function mondayOf(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day.toISOString().slice(0, 10);
}

function createAnnouncer(portal: PortalClient, viewerId: string) {
  let burstStart = 0;
  let shown = 0;
  let folded: string[] = [];
  let summary: ReturnType<typeof setTimeout> | undefined;
  const weekSteps = new Map<string, { message: string; entries: number }>();

  const toast = (message: string) => {
    const now = Date.now();
    if (now - burstStart > burstMs) {
      burstStart = now;
      shown = 0;
    }
    if (shown < toastsPerBurst) {
      shown += 1;
      notifications.show({ title: 'Live update', message, autoClose: 6_000 });
      return;
    }
    folded.push(message);
    clearTimeout(summary);
    summary = setTimeout(() => {
      // The summary lists what it folded (the newest first), so nothing is announced without saying what.
      const shownLines = folded.slice(-foldedLines).reverse();
      const more = folded.length - shownLines.length;
      notifications.show({
        title: `${folded.length} more changes arrived`,
        message: [...shownLines, ...(more > 0 ? [`and ${more} more`] : [])].join('\n'),
        autoClose: 10_000,
        styles: { description: { whiteSpace: 'pre-line' } },
      });
      folded = [];
    }, burstMs);
  };

  /** One toast per week and step: "Sam Supervisor approved your week of Mar 30, 2026 (5 entries)". */
  const announceWeekStep = (node: Parameters<typeof reviewedBy>[0] & { date: string }) => {
    const weekStart = mondayOf(node.date);
    const key = `${node.employeeId}/${weekStart}/${node.status}`;
    const pending = weekSteps.get(key);
    if (pending) {
      pending.entries += 1;
      return;
    }
    weekSteps.set(key, { message: `${reviewedBy(node, viewerId)} ${weekName(weekStart)}${because(node)}`, entries: 1 });
    setTimeout(() => {
      const step = weekSteps.get(key);
      weekSteps.delete(key);
      if (step) toast(`${step.message}: ${step.entries} ${step.entries === 1 ? 'entry' : 'entries'}`);
    }, weekStepMs);
  };

  return async (change: DataChange) => {
    const key = change.node ? writeKey(change.node.id, change.node.version) : writeKey(change.id, null);
    if (await portal.ownWrites.wasOwn(key)) return;
    markChanged(change.id);
    recordRemoteChange(change.id, { action: change.action, actorName: change.actor?.name ?? null, changedFields: change.changedFields ?? null });
    const node = change.node;
    if (node?.__typename === 'TimeEntry' && change.action === 'UPDATE' && isReviewStep(node)) return announceWeekStep(node);
    toast(changeMessage(change, viewerId, portal.removedEntities.take(change.id)));
  };
}
