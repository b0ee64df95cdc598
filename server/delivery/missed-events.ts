import type { ChangeEvent } from '../changelog/change-log';
import type { DataType } from '../domain/data-type';
import { resyncRequiredError } from './delivery-errors';
import type { FeedView, LogReader } from './feed-view';

const replayPageSize = 500;

/**
 * What a subscriber resuming after `after` missed, as pages in position order: from memory where the feed
 * still has the events (the very objects live groups execute, so results are shared), else from the log.
 * Ends when nothing the feed has read is left; later events reach the subscriber live. Throws
 * RESYNC_REQUIRED for a cursor below the retention horizon.
 */
export async function* missedEvents(
  feed: FeedView,
  readLog: LogReader,
  after: number,
  types: readonly DataType[] | null,
): AsyncGenerator<readonly ChangeEvent[], void> {
  if (after < feed.horizon) throw resyncRequiredError(feed.cursorOf(after), 'PRUNED');
  let last = after;
  for (;;) {
    const recent = feed.eventsAfter(last);
    if (recent?.length === 0) return;
    const page = recent ?? (await readLog(last, replayPageSize, types));
    if (page.length === 0) {
      // The log has nothing after `last` although memory had already moved past it: pruned meanwhile.
      if (feed.eventsAfter(last) === null) throw resyncRequiredError(feed.cursorOf(last), 'PRUNED');
      return;
    }
    last = page[page.length - 1]!.position;
    yield page;
  }
}
