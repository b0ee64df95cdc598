import dayjs from 'dayjs';
import { asc, lte, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeEvents } from '../../server/db/schema';
import { encodeCursor } from '../../server/changelog/cursor';
import { pruneChangeLog } from '../../server/changelog/retention';
import { engines } from '../support/engines';
import { demoIds } from '../support/fixtures';
import { graphqlData } from '../support/graphql-client';
import { subscribe } from '../support/subscriber';
import { startTestServer, type TestServer } from '../support/test-server';

describe.each(engines)('change-log retention on $name', (engine) => {
  let server: TestServer;
  let ids: Awaited<ReturnType<typeof demoIds>>;

  beforeAll(async () => {
    server = await startTestServer(engine);
    ids = await demoIds(server.app.services.db);
  });
  afterAll(() => server?.stop());

  const createTimeEntries = async (count: number) => {
    for (let index = 0; index < count; index++) {
      await graphqlData(server.url, 'mutation ($input: CreateTimeEntryInput!) { createTimeEntry(input: $input) { __typename } }', {
        input: { costCenterId: ids.field, date: dayjs().format('YYYY-MM-DD'), hours: 1 },
      }, server.tokens.employee);
    }
  };
  const positions = async () => (await server.app.services.db.select({ position: changeEvents.position }).from(changeEvents).orderBy(asc(changeEvents.position))).map((row) => row.position);
  const changesAfter = (after: string) =>
    graphqlData(server.url, 'query ($after: String) { changes(after: $after) { __typename ... on ChangePage { changes { id } } } }', { after }, server.tokens.admin).then((data) => data.changes);

  it('prunes events past the time window; older cursors must resync, newer ones resume', async () => {
    await createTimeEntries(6);
    const all = await positions();
    const old = all.slice(0, 4);
    await server.app.services.db.update(changeEvents).set({ at: sql`now() - interval '40 days'` }).where(lte(changeEvents.position, old[3]!));
    const horizon = await pruneChangeLog(server.app.services.db, { maxAgeMs: 30 * 86_400_000, idempotencyKeyAgeMs: 7 * 86_400_000 });
    expect(horizon).toBe(old[3]);
    expect(await positions()).toEqual(all.slice(4));
    await server.app.services.feed.refreshHorizon();

    expect((await changesAfter(encodeCursor(old[1]!))).__typename).toBe('ResyncRequiredError');
    const resumed = await changesAfter(encodeCursor(old[3]!));
    expect(resumed.__typename).toBe('ChangePage');
    expect(resumed.changes).toHaveLength(2);

    const stale = subscribe(server.wsUrl, server.tokens.admin, { after: encodeCursor(old[2]!) });
    await expect(stale.waitFor(1, 5_000)).rejects.toThrow(/RESYNC_REQUIRED|older than the change log keeps/);
    stale.close();
  });

  it('keeps at most the newest N events when a count limit is set', async () => {
    await createTimeEntries(5);
    const before = await positions();
    const horizon = await pruneChangeLog(server.app.services.db, { maxAgeMs: 365 * 86_400_000, maxEvents: 3, idempotencyKeyAgeMs: 7 * 86_400_000 });
    expect(await positions()).toEqual(before.slice(-3));
    expect(horizon).toBe(before[before.length - 4]);
  });
});
