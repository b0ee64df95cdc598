import dayjs from 'dayjs';
import { and, eq, gt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeEvents } from '../../server/db/schema';
import { decodeCursor } from '../../server/changelog/cursor';
import { postgresOnly } from '../support/engines';
import { demoIds } from '../support/fixtures';
import { graphqlData } from '../support/graphql-client';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { subscribe, subscribeFromNow, type DataChangeEvent } from '../support/subscriber';
import { startTestServer, type TestServer } from '../support/test-server';

const today = dayjs().format('YYYY-MM-DD');

// Several instances need one shared database server: PostgreSQL only (TEST_DATABASE_URL).
describe.skipIf(postgresOnly.length === 0)('scale-out on postgres', () => {
  const engine = postgresOnly[0]!;
  let a: TestServer;
  let b: ServerProcess;
  let drop: () => Promise<void>;
  let ids: Awaited<ReturnType<typeof demoIds>>;

  beforeAll(async () => {
    const database = await engine.createDatabase();
    drop = database.drop;
    a = await startTestServer(engine, { databaseUrl: database.databaseUrl });
    b = await startServerProcess({ DATABASE_URL: database.databaseUrl!, SEED_DEMO: '0' });
    ids = await demoIds(a.app.services.db);
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
    await drop?.();
  });

  it('delivers a change made through instance A to a subscriber on instance B', async () => {
    const onB = await subscribeFromNow(b, a.tokens.supervisor, { type: 'RECEIPT' });
    const { createReceipt } = await graphqlData(
      a.url,
      'mutation ($input: CreateReceiptInput!) { createReceipt(input: $input) { ... on Receipt { id } } }',
      { input: { costCenterId: ids.field, date: today, amountCents: 1234, vendor: 'Made on A', category: 'MEALS' } },
      a.tokens.employee,
    );
    const [event] = await onB.waitFor(1);
    expect(event).toMatchObject({ action: 'CREATE', id: createReceipt.id, node: { vendor: 'Made on A', amountCents: 1234 } });
    onB.close();
  });

  it('closes a socket on B with 4403 within a second of logout through A', async () => {
    const { login } = await graphqlData(a.url, 'mutation { login(email: "jordan@staffsync.example", password: "demo-password") { ... on Session { token } } }');
    const onB = subscribe(b.wsUrl, login.token, {});
    await onB.ready;
    const loggedOutAt = Date.now();
    await graphqlData(a.url, 'mutation { logout }', {}, login.token);
    expect(await onB.closed).toBe(4403);
    expect(Date.now() - loggedOutAt).toBeLessThan(1_000);
  });

  it('keeps commit order: 8 writers x 500 mutations, a resuming subscriber gets every event once, in order', async () => {
    const writers = 8;
    const mutationsPerWriter = 500;
    const received: DataChangeEvent[] = [];
    let resubscriptions = 0;
    const total = writers * mutationsPerWriter;
    const { syncCursor } = await graphqlData(a.url, '{ syncCursor }', {}, a.tokens.admin);

    // The reader resubscribes from its last cursor every 700 events, alternating between instances.
    const reader = (async () => {
      let after: string = syncCursor;
      while (received.length < total) {
        const target = resubscriptions % 2 === 0 ? b.wsUrl : a.wsUrl;
        const subscriber = subscribe(target, a.tokens.admin, { type: 'RECEIPT', after });
        await subscriber.waitFor(Math.min(700, total - received.length), 120_000);
        subscriber.close();
        received.push(...subscriber.events);
        after = subscriber.events[subscriber.events.length - 1]!.cursor;
        resubscriptions += 1;
      }
    })();

    const write = async (writer: number) => {
      for (let index = 0; index < mutationsPerWriter; index++) {
        await graphqlData(
          a.url,
          // Receipts: a day holds any number of them (hours are capped at 24 a day).
          'mutation ($input: CreateReceiptInput!) { createReceipt(input: $input) { ... on Receipt { id } ... on Error { message } } }',
          { input: { employeeId: ids.employee, costCenterId: ids.field, date: today, amountCents: 100 + ((writer + index) % 8), vendor: `w${writer}-${index}`, category: 'OTHER' } },
          a.tokens.admin,
        );
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: writers }, (_, writer) => write(writer)));
    const writeSeconds = (performance.now() - started) / 1000;
    await reader;

    const since = decodeCursor(syncCursor);
    const logged = await a.app.services.db
      .select({ position: changeEvents.position })
      .from(changeEvents)
      .where(and(eq(changeEvents.type, 'RECEIPT'), gt(changeEvents.position, since)));
    const positions = received.map((event) => decodeCursor(event.cursor));
    expect(resubscriptions).toBeGreaterThanOrEqual(5);
    expect(positions.length).toBe(writers * mutationsPerWriter);
    expect(new Set(positions).size).toBe(positions.length);
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    expect(new Set(positions)).toEqual(new Set(logged.map((row) => row.position)));
    console.info(`commit order: ${positions.length} events from ${writers} writers in ${writeSeconds.toFixed(1)} s, ${resubscriptions} resubscriptions, 0 lost, 0 duplicated`);
  }, 300_000);
});
