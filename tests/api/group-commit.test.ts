/**
 * Group commit on PostgreSQL (server/db/commit-groups.ts): creates that arrive together commit in one
 * transaction, each answered, logged and delivered as if it had been alone, and a statement that fails
 * costs only its own write.
 */
import dayjs from 'dayjs';
import { inArray, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommitGroups } from '../../server/db/commit-groups';
import { changeEvents } from '../../server/db/schema';
import { postgresOnly } from '../support/engines';
import { demoIds } from '../support/fixtures';
import { graphqlData } from '../support/graphql-client';
import { subscribeFromNow } from '../support/subscriber';
import { startTestServer, type TestServer } from '../support/test-server';

describe.skipIf(postgresOnly.length === 0)('group commit on postgres', () => {
  const engine = postgresOnly[0]!;

  describe('the groups', () => {
    let database: Awaited<ReturnType<typeof engine.createDatabase>>;
    let client: postgres.Sql;

    beforeAll(async () => {
      database = await engine.createDatabase();
      client = postgres(database.databaseUrl!, { max: 4, onnotice: () => {} });
      await client`create table written (value integer primary key)`;
    });
    afterAll(async () => {
      await client?.end();
      await database?.drop();
    });

    const transactionId = { text: 'select txid_current()::text', params: [] };

    it('runs the statements of one turn in one transaction, and a lone statement on its own', async () => {
      const groups = new CommitGroups(client, undefined);
      const together = await Promise.all([1, 2, 3].map(() => groups.run(transactionId)));
      const ids = together.map((rows) => rows[0]![0]);
      expect(new Set(ids).size).toBe(1);
      const alone = await groups.run(transactionId);
      expect(alone[0]![0]).not.toBe(ids[0]);
    });

    it('cuts a burst into groups of at most 32 statements', async () => {
      const groups = new CommitGroups(client, undefined);
      const burst = await Promise.all(Array.from({ length: 40 }, () => groups.run(transactionId)));
      const sizes = new Map<unknown, number>();
      for (const rows of burst) sizes.set(rows[0]![0], (sizes.get(rows[0]![0]) ?? 0) + 1);
      expect([...sizes.values()].sort((a, b) => a - b)).toEqual([8, 32]);
    });

    it('answers a failing statement with its own error and commits the others', async () => {
      const groups = new CommitGroups(client, undefined);
      const insert = (dividend: number, divisor: number) =>
        groups.run({ text: 'insert into written (value) values ($1::integer / $2::integer) returning value', params: [dividend, divisor] });
      const [first, failing, last] = await Promise.allSettled([insert(10, 1), insert(20, 0), insert(30, 1)]);
      expect(first).toEqual({ status: 'fulfilled', value: [[10]] });
      expect(failing.status).toBe('rejected');
      expect(String((failing as PromiseRejectedResult).reason)).toMatch(/division by zero/);
      expect(last).toEqual({ status: 'fulfilled', value: [[30]] });
      expect((await client`select value from written order by value`).map((row) => row.value)).toEqual([10, 30]);
    });

    it('keeps answering after the connection of a group dies under it', async () => {
      const applicationName = 'group-losing-its-connection';
      const oneConnection = postgres(database.databaseUrl!, { max: 1, onnotice: () => {}, connection: { application_name: applicationName } });
      try {
        const groups = new CommitGroups(oneConnection, undefined);
        const slow = { text: 'select pg_sleep(0.5)::text', params: [] };
        const group = Promise.all([groups.run(slow), groups.run(transactionId)]);
        await expect
          .poll(async () => (await client`select count(*)::int as n from pg_stat_activity where application_name = ${applicationName} and query like '%pg_sleep%'`)[0]!.n)
          .toBe(1);
        await client`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${applicationName}`;

        const withinSeconds = (answer: Promise<unknown[]>) =>
          Promise.race([answer.then((rows) => `${rows.length} answered`), new Promise((resolve) => setTimeout(resolve, 5_000, 'no answer within 5 s'))]);
        // Each statement of the lost group runs again on its own, on a new connection.
        expect(await withinSeconds(group)).toBe('2 answered');
        expect(await withinSeconds(Promise.all([groups.run(transactionId)]))).toBe('1 answered');
      } finally {
        await oneConnection.end({ timeout: 1 });
      }
    });
  });

  describe('creates sent together', () => {
    let server: TestServer;
    let ids: Awaited<ReturnType<typeof demoIds>>;
    const today = dayjs().format('YYYY-MM-DD');

    beforeAll(async () => {
      server = await startTestServer(engine);
      ids = await demoIds(server.app.services.db);
    });
    afterAll(() => server?.stop());

    const createReceipt = async (amountCents: number, key?: string) =>
      (await graphqlData(
        server.url,
        'mutation ($input: CreateReceiptInput!, $key: String) { r: createReceipt(input: $input, idempotencyKey: $key) { __typename ... on Receipt { id amountCents } ... on Error { message } } }',
        { input: { costCenterId: ids.field, date: today, amountCents, vendor: 'Group', category: 'OTHER' }, key },
        server.tokens.employee,
      )).r as { __typename: string; id?: string; amountCents?: number; message?: string };

    it('answers each as if it were alone, commits fewer transactions than creates, and delivers each once in order', async () => {
      const subscriber = await subscribeFromNow(server, server.tokens.admin, { type: 'RECEIPT' });
      const amounts = Array.from({ length: 24 }, (_, index) => 1_000 + index);
      // Two of them are one create sent twice with one key (a retry racing its original).
      const answers = await Promise.all([...amounts.map((amount) => createReceipt(amount)), createReceipt(5_000, 'group-retry'), createReceipt(5_000, 'group-retry')]);

      expect(answers.map((answer) => answer.__typename)).toEqual(answers.map(() => 'Receipt'));
      expect(answers.slice(0, amounts.length).map((answer) => answer.amountCents)).toEqual(amounts);
      const [original, retry] = answers.slice(amounts.length);
      expect(retry!.id).toBe(original!.id);
      const created = new Set(answers.map((answer) => answer.id!));
      expect(created.size).toBe(amounts.length + 1);

      const events = await server.app.services.db
        .select({ position: changeEvents.position, entityId: changeEvents.entityId })
        .from(changeEvents)
        .where(inArray(changeEvents.entityId, [...created]));
      expect(events).toHaveLength(created.size);
      const [{ transactions }] = (await server.app.services.db.execute(
        sql`select count(distinct xmin::text)::integer as transactions from ${changeEvents} where ${inArray(changeEvents.entityId, [...created])}`,
      )) as unknown as [{ transactions: number }];
      expect(transactions).toBeLessThan(created.size);

      const delivered = await subscriber.waitFor(created.size);
      expect(delivered.map((event) => event.id).sort()).toEqual([...created].sort());
      const positionOf = new Map(events.map((event) => [event.entityId, event.position]));
      const deliveredPositions = delivered.map((event) => positionOf.get(event.id)!);
      expect(deliveredPositions).toEqual([...deliveredPositions].sort((a, b) => a - b));
      subscriber.close();
    });
  });
});
