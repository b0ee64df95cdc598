import { Client, subscriptionExchange, type ExecutionResult } from '@urql/core';
import { cacheExchange } from '@urql/exchange-graphcache';
import { describe, expect, it } from 'vitest';
import { encodeCursor } from '../../server/changelog/cursor';
import { createCacheOptions } from '../../web/src/graphql/cache-options';
import { createLiveChangeReplay } from '../../web/src/graphql/replay-live-changes';
import { cursorPosition } from '../../web/src/live/change-cursor';
import { LiveSync_DataChanged } from '../../web/src/live/data-changed-subscription';
import { ReceiptsPage_List } from '../../web/src/receipts/receipts-page-query';
import { change, receipt, receiptsPage } from './factories';

type Sink = { next(result: ExecutionResult): void; complete(): void };

const databaseId = 'ab'.repeat(16);
const cursorAt = (position: number) => encodeCursor(position, databaseId, 'mf3k2x');
const firstPage = { first: 3 };
const pageOne = [receipt('rcp_c', '2026-03-30'), receipt('rcp_b', '2026-03-20'), receipt('rcp_a', '2026-03-10')];

/**
 * The portal's cache and replay exchange over a "server" whose list answers the test releases by hand,
 * read at the log position it names, so a live change can arrive while an answer is on its way.
 */
function racingApi() {
  const replay = createLiveChangeReplay();
  const subscribers = new Set<Sink>();
  const held: Array<(readAt: number, data: ExecutionResult['data']) => void> = [];
  const heard: unknown[] = [];
  const client = new Client({
    url: 'http://fake.invalid/graphql',
    exchanges: [
      cacheExchange(createCacheOptions(null, undefined, replay)),
      replay.exchange,
      subscriptionExchange({
        enableAllOperations: true,
        forwardSubscription: (_request, operation) => ({
          subscribe(sink) {
            if (operation.kind === 'subscription') subscribers.add(sink);
            else
              held.push((readAt, data) => {
                sink.next({ data, extensions: { syncCursor: cursorAt(readAt) } });
                sink.complete();
              });
            return { unsubscribe: () => subscribers.delete(sink) };
          },
        }),
      }),
    ],
  });
  const live = client.subscription(LiveSync_DataChanged, { after: cursorAt(0) }).subscribe((result) => heard.push(result.data));
  return {
    client,
    heard,
    /** Delivers one change, committed at `position`, to the live subscription. */
    async push(position: number, event: ReturnType<typeof change>) {
      await expect.poll(() => subscribers.size).toBe(1);
      for (const sink of subscribers) sink.next({ data: { dataChanged: { ...event, cursor: cursorAt(position) } } });
    },
    /** Sends the oldest held answer, as read at log position `readAt`. */
    async answer(readAt: number, data: ExecutionResult['data']) {
      await expect.poll(() => held.length).toBeGreaterThan(0);
      held.shift()!(readAt, data);
    },
    list: () => client.readQuery(ReceiptsPage_List, firstPage)?.data?.receipts,
    stop: () => live.unsubscribe(),
  };
}

describe('live changes that arrive while a list is on its way', () => {
  it('reads the position of the cursors the server issues', () => {
    expect(cursorPosition(cursorAt(1234))).toBe(1234);
    expect(cursorPosition(encodeCursor(7))).toBe(7);
    expect(cursorPosition('not a cursor')).toBeNull();
  });

  it('keeps a receipt created while the list first loads, counted once, and announces it once', async () => {
    const api = racingApi();
    const watching = api.client.query(ReceiptsPage_List, firstPage).subscribe(() => {});
    await api.push(11, change('CREATE', receipt('rcp_new', '2026-03-25')));
    await api.answer(10, receiptsPage(pageOne, { hasNextPage: true, totalCount: 10 }));
    await expect.poll(() => api.list()?.nodes.map((node) => node.id)).toEqual(['rcp_c', 'rcp_new', 'rcp_b', 'rcp_a']);
    expect(api.list()?.totalCount).toBe(11);
    expect(api.heard).toHaveLength(1);
    watching.unsubscribe();
    api.stop();
  });

  it('keeps an update that arrives while the list is fetched again, over the older answer', async () => {
    const api = racingApi();
    const watching = api.client.query(ReceiptsPage_List, firstPage).subscribe(() => {});
    await api.answer(10, receiptsPage(pageOne, { hasNextPage: true, totalCount: 10 }));
    await expect.poll(() => api.list()?.nodes).toHaveLength(3);
    const refetched = api.client.query(ReceiptsPage_List, firstPage, { requestPolicy: 'network-only' }).toPromise();
    await api.push(12, change('UPDATE', receipt('rcp_b', '2026-03-20', { version: 2, vendor: 'Home Depot' })));
    await api.answer(11, receiptsPage(pageOne, { hasNextPage: true, totalCount: 10 }));
    await refetched;
    expect(api.list()?.nodes.find((node) => node.id === 'rcp_b')).toMatchObject({ version: 2, vendor: 'Home Depot' });
    expect(api.list()?.totalCount).toBe(10);
    watching.unsubscribe();
    api.stop();
  });

  // Read after the change; or read just after it, under a cursor taken a moment before the reads.
  it.each([11, 10])('lists and counts a change the answer holds once, though applied again (answer read at %i)', async (readAt) => {
    const api = racingApi();
    const watching = api.client.query(ReceiptsPage_List, firstPage).subscribe(() => {});
    const created = receipt('rcp_new', '2026-03-25');
    await api.push(11, change('CREATE', created));
    await api.answer(readAt, receiptsPage([pageOne[0]!, created, pageOne[1]!], { hasNextPage: true, totalCount: 11 }));
    await expect.poll(() => api.list()?.nodes.map((node) => node.id)).toEqual(['rcp_c', 'rcp_new', 'rcp_b']);
    expect(api.list()?.totalCount).toBe(11);
    watching.unsubscribe();
    api.stop();
  });
});
