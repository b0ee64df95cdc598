import dayjs from 'dayjs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { changeChannel } from '../../server/changelog/change-log';
import { engines } from '../support/engines';
import { demoIds } from '../support/fixtures';
import { graphqlData } from '../support/graphql-client';
import { dataChangedSubscription, subscribe, type DataChangeEvent } from '../support/subscriber';
import { startTestServer, type TestServer } from '../support/test-server';

const floodEvents = 3_000;

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}

describe('a slow consumer', () => {
  let server: TestServer;
  let ids: Awaited<ReturnType<typeof demoIds>>;

  beforeAll(async () => {
    server = await startTestServer(engines[0]!, { app: { delivery: { maxPendingEvents: 500 } } });
    ids = await demoIds(server.app.services.db);
  });
  afterAll(() => server?.stop());

  /** Delivery latencies (ms) to every active subscriber for `count` time entries made one by one. */
  async function measure(active: Array<ReturnType<typeof subscribe>>, count: number): Promise<number[]> {
    const latencies: number[] = [];
    for (let index = 0; index < count; index++) {
      const seen = active.map((subscriber) => subscriber.events.length);
      const { createTimeEntry } = await graphqlData(server.url, 'mutation ($input: CreateTimeEntryInput!) { createTimeEntry(input: $input) { ... on TimeEntry { id } } }', {
        input: { costCenterId: ids.field, date: dayjs().format('YYYY-MM-DD'), hours: 0.05 },
      }, server.tokens.employee);
      const answeredAt = performance.now();
      await Promise.all(
        active.map(async (subscriber, position) => {
          const events = await subscriber.waitFor(seen[position]! + 1, 15_000);
          expect(events[seen[position]!]!.id).toBe(createTimeEntry.id);
          latencies.push(performance.now() - answeredAt);
        }),
      );
    }
    return latencies;
  }

  it('is closed with 4413 and resumes losing nothing, while 200 others keep their latency', async () => {
    const { syncCursor } = await graphqlData(server.url, '{ syncCursor }', {}, server.tokens.admin);
    const active = Array.from({ length: 200 }, () => subscribe(server.wsUrl, server.tokens.admin, { type: 'TIME_TRACKING', after: syncCursor }));
    await Promise.all(active.map((subscriber) => subscriber.ready));
    const before = await measure(active, 10);

    const stalled = new WebSocket(server.wsUrl, 'graphql-transport-ws');
    const stalledEvents: DataChangeEvent[] = [];
    const closed = new Promise<number>((resolve) => stalled.once('close', (code) => resolve(code)));
    let caughtUp: () => void = () => {};
    const live = new Promise<void>((resolve) => (caughtUp = resolve));
    stalled.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (message.type === 'connection_ack') {
        stalled.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: dataChangedSubscription, variables: { type: 'RECEIPT', after: syncCursor } } }));
      }
      if (message.type === 'next') {
        stalledEvents.push(message.payload.data.dataChanged);
        caughtUp();
      }
    });
    await new Promise((resolve) => stalled.once('open', resolve));
    stalled.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${server.tokens.admin}` } }));
    // A first receipt reaches it: from then on it is live (a subscriber still catching up would instead
    // wait for its socket, and be cut only by the keep-alive).
    await graphqlData(server.url, 'mutation ($input: CreateReceiptInput!) { createReceipt(input: $input) { __typename } }', {
      input: { costCenterId: ids.field, date: dayjs().format('YYYY-MM-DD'), amountCents: 1, vendor: 'Before the flood', category: 'OTHER' },
    }, server.tokens.employee);
    await live;
    // The client stops reading from its socket, as a phone in a tunnel would.
    stalled.pause();

    // A flood of large receipt changes, written straight into the log the way a burst of writes lands there.
    const description = 'x'.repeat(2_000);
    await server.app.services.db.execute(sql`
      insert into change_events (type, action, entity_id, employee_id, snapshot, actor_id)
      select 'RECEIPT', 'UPDATE', 'rcp_flood_' || n, ${ids.employee}::text,
        jsonb_build_object('id', 'rcp_flood_' || n, 'version', 2, 'createdAt', now(), 'updatedAt', now(), 'date', ${dayjs().format('YYYY-MM-DD')}::text,
          'employeeId', ${ids.employee}::text, 'costCenterId', ${ids.field}::text, 'amountCents', n, 'currency', 'USD', 'vendor', 'Flood',
          'category', 'OTHER', 'description', ${description}::text),
        ${ids.admin}::text
      from generate_series(1, ${floodEvents}::int) as n`);
    await server.app.services.db.execute(sql`select pg_notify(${changeChannel}, '')`);

    const during = await measure(active, 10);
    await expect
      .poll(async () => /^staffsync_slow_consumer_disconnects_total (\d+)$/m.exec(await server.metrics())?.[1], { timeout: 30_000 })
      .toBe('1');
    stalled.resume();
    expect([4413, 1006]).toContain(await closed);

    // Reconnect and resume from the last cursor processed: the rest arrives, nothing twice.
    const lastCursor = stalledEvents[stalledEvents.length - 1]?.cursor ?? syncCursor;
    const resumed = subscribe(server.wsUrl, server.tokens.admin, { type: 'RECEIPT', after: lastCursor });
    // The flood, and the receipt written before it.
    const expected = floodEvents + 1;
    await resumed.waitFor(expected - stalledEvents.length, 60_000);
    const all = [...stalledEvents, ...resumed.events].map((event) => event.id);
    expect(all).toHaveLength(expected);
    expect(new Set(all).size).toBe(expected);
    resumed.close();

    const p95Before = percentile(before, 0.95);
    const p95During = percentile(during, 0.95);
    console.info(`slow consumer: cut after ${stalledEvents.length} of ${floodEvents} events; others' p95 ${p95Before.toFixed(1)} ms before, ${p95During.toFixed(1)} ms during`);
    expect(p95During).toBeLessThan(p95Before + 250);
    for (const subscriber of active) subscriber.close();
  }, 180_000);
});
