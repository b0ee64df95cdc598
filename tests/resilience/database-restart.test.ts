import dayjs from 'dayjs';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCursor } from '../../server/changelog/cursor';
import type { EngineUnderTest } from '../support/engines';
import { demoIds } from '../support/fixtures';
import { graphqlData } from '../support/graphql-client';
import { subscribe, type DataChangeEvent } from '../support/subscriber';
import { startTestServer, type TestServer } from '../support/test-server';
import { postgresBinaries, startThrowawayPostgres, type ThrowawayPostgres } from '../support/throwaway-postgres';

/**
 * Issue 6, item 2: PostgreSQL is stopped for a few seconds and started again under a running server
 * (its own throwaway cluster, never the shared database), while a subscriber listens and a writer keeps
 * creating receipts. The server must fail fast while the database is away, report not-ready, and recover
 * by itself: pool, LISTEN connection and tailing, losing and duplicating nothing.
 */

const today = dayjs().format('YYYY-MM-DD');
const writeEveryMs = 50;
const outageMs = 3_000;
/** A request answered later than this counts as a hang (the database being away is no reason to wait). */
const answerWithinMs = 3_000;
/** Requests are abandoned after this (and recorded as unanswered). */
const abandonAfterMs = 10_000;
/** The server must be ready, writing and delivering again this soon after PostgreSQL accepts connections. */
const recoverWithinMs = 5_000;
/** How long the test waits for recovery at most (longer than the budget, so the report says how long it took). */
const recoveryWaitMs = 20_000;

const createReceipt = /* GraphQL */ `
  mutation ($input: CreateReceiptInput!, $key: String) {
    createReceipt(input: $input, idempotencyKey: $key) {
      __typename
      ... on Receipt { id }
      ... on Error { message }
    }
  }
`;

interface WriteAttempt {
  n: number;
  sentAt: number;
  answeredAt: number | null;
  status: number | null;
  /** The receipt id when the server answered with a Receipt. */
  id: string | null;
  /** What a failed attempt looked like: GraphQL error messages and codes, or the transport error. */
  failure: string | null;
}

interface ReadyProbe {
  at: number;
  tookMs: number;
  status: number | null;
  body: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(postgresBinaries === null)('a PostgreSQL restart under load', () => {
  let pg: ThrowawayPostgres;
  let server: TestServer;
  let ids: Awaited<ReturnType<typeof demoIds>>;

  beforeAll(async () => {
    pg = await startThrowawayPostgres();
    const throwaway: EngineUnderTest = { name: 'postgres', createDatabase: async () => ({ databaseUrl: pg.url, drop: async () => {} }) };
    server = await startTestServer(throwaway, { databaseUrl: pg.url });
    ids = await demoIds(server.app.services.db);
  });
  afterAll(async () => {
    await server?.stop();
    await pg?.destroy();
  });

  /** One receipt over HTTP, the way the mobile app sends it; never throws, records what came back. */
  async function write(n: number): Promise<WriteAttempt> {
    const attempt: WriteAttempt = { n, sentAt: performance.now(), answeredAt: null, status: null, id: null, failure: null };
    try {
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          authorization: `Bearer ${server.tokens.employee}`,
        },
        body: JSON.stringify({
          query: createReceipt,
          variables: {
            key: `restart-${n}`,
            input: { costCenterId: ids.field, date: today, amountCents: 100 + n, vendor: `Restart ${n}`, category: 'MEALS' },
          },
        }),
        signal: AbortSignal.timeout(abandonAfterMs),
      });
      attempt.status = response.status;
      const text = await response.text();
      attempt.answeredAt = performance.now();
      let body: { data?: { createReceipt?: { __typename: string; id?: string; message?: string } } | null; errors?: Array<{ message: string; extensions?: { code?: string } }> };
      try {
        body = JSON.parse(text);
      } catch {
        attempt.failure = `HTTP ${response.status}, not JSON: ${text.slice(0, 200)}`;
        return attempt;
      }
      const result = body.data?.createReceipt;
      if (response.status === 200 && result?.__typename === 'Receipt' && result.id) attempt.id = result.id;
      else {
        const errors = (body.errors ?? []).map((error) => `${error.message}${error.extensions?.code ? ` [${error.extensions.code}]` : ''}`);
        attempt.failure = `HTTP ${response.status}: ${errors.join('; ') || JSON.stringify(result)}`;
      }
    } catch (error) {
      const abandoned = (error as Error).name === 'TimeoutError';
      if (!abandoned) attempt.answeredAt = performance.now();
      attempt.failure = abandoned ? `no answer within ${abandonAfterMs} ms` : `transport: ${(error as Error).name}: ${(error as Error).message}`;
    }
    return attempt;
  }

  async function probeReady(): Promise<ReadyProbe> {
    const at = performance.now();
    try {
      const response = await fetch(`${server.url}/ready`, { signal: AbortSignal.timeout(abandonAfterMs) });
      return { at, tookMs: performance.now() - at, status: response.status, body: await response.text() };
    } catch (error) {
      return { at, tookMs: performance.now() - at, status: null, body: `${(error as Error).name}: ${(error as Error).message}` };
    }
  }

  it('fails fast while the database is down, then recovers by itself with every event delivered once, in order', async () => {
    // An exception thrown from a timer or socket callback (e.g. inside the database driver) is survived here only
    // because the test runner catches it: `npm start` has no such handler, so it would end the server process.
    const uncaught: string[] = [];
    const onUncaught = (error: unknown) =>
      uncaught.push(error instanceof Error ? `${error.name}: ${error.message} ${error.stack?.split('\n')[1]?.trim() ?? ''}` : String(error));
    process.on('uncaughtException', onUncaught);
    process.on('unhandledRejection', onUncaught);
    const check = postgres(pg.url, { max: 1, onnotice: () => {}, connection: { application_name: 'database-restart-test' } });
    try {
      const { syncCursor } = await graphqlData<{ syncCursor: string }>(server.url, '{ syncCursor }', {}, server.tokens.admin);

      // The subscriber: on a close or an error it subscribes again from the last cursor it received.
      const received: Array<{ event: DataChangeEvent; at: number }> = [];
      const interruptions: string[] = [];
      let stopReading = false;
      const reader = (async () => {
        let after = syncCursor;
        while (!stopReading) {
          const subscriber = subscribe(server.wsUrl, server.tokens.admin, { type: 'RECEIPT', after });
          let closedWith: number | null = null;
          void subscriber.closed.then((code) => (closedWith = code));
          let seen = 0;
          const collect = () => {
            for (; seen < subscriber.events.length; seen++) received.push({ event: subscriber.events[seen]!, at: performance.now() });
          };
          while (!stopReading && closedWith === null && subscriber.errors.length === 0) {
            await subscriber.waitFor(seen + 1, 100).catch(() => {});
            collect();
          }
          collect();
          if (subscriber.events.length > 0) after = subscriber.events[subscriber.events.length - 1]!.cursor;
          subscriber.close();
          if (stopReading) break;
          interruptions.push(closedWith !== null ? `closed ${closedWith}` : `error ${JSON.stringify(subscriber.errors).slice(0, 200)}`);
          await sleep(250);
        }
      })();

      // The writer: a new receipt every 50 ms, whether or not the previous one has been answered.
      const attempts: Array<Promise<WriteAttempt>> = [];
      const answered: WriteAttempt[] = [];
      let stopWriting = false;
      const writer = (async () => {
        for (let n = 0; !stopWriting; n++) {
          attempts.push(write(n).then((attempt) => (answered.push(attempt), attempt)));
          await sleep(writeEveryMs);
        }
      })();

      await sleep(1_500);
      const listenersBefore = await listenConnections(check);
      const stoppingAt = performance.now();
      await pg.stop();
      const stoppedAt = performance.now();

      // While PostgreSQL is down: /ready every 250 ms (not waiting for one answer before sending the next).
      const downProbes: Array<Promise<ReadyProbe>> = [];
      while (performance.now() - stoppedAt < outageMs) {
        downProbes.push(probeReady());
        await sleep(250);
      }

      const startingAt = performance.now();
      await pg.start();
      const startedAt = performance.now();

      // After the restart: the server's LISTEN connection must come back (seen from PostgreSQL's side) ...
      let listenerBackAt: number | null = null;
      const listenerWatch = (async () => {
        while (listenerBackAt === null && performance.now() - startedAt < recoveryWaitMs) {
          const found = await listenConnections(check).catch(() => 0);
          if (found > 0) listenerBackAt = performance.now();
          else await sleep(100);
        }
      })();
      // ... /ready must answer 200 again, and writes must succeed again.
      const upProbes: ReadyProbe[] = [];
      let readyAt: number | null = null;
      while (readyAt === null && performance.now() - startedAt < recoveryWaitMs) {
        const probe = await probeReady();
        upProbes.push(probe);
        if (probe.status === 200) readyAt = performance.now();
        else await sleep(100);
      }
      const succeededAgain = () => answered.some((attempt) => attempt.id && attempt.answeredAt! > startingAt);
      while (performance.now() - startedAt < recoveryWaitMs && !succeededAgain()) await sleep(100);
      // Keep writing for a while once recovered: every one of these must go through.
      await sleep(2_000);
      stopWriting = true;
      await writer;
      const results = await Promise.all(attempts);
      const outageProbes = await Promise.all(downProbes);
      await listenerWatch;

      // Every committed receipt event since the start cursor, read straight from the database.
      const logged = async () =>
        (
          await check<Array<{ at_position: string; entity_id: string }>>`
            select position::text as at_position, entity_id from change_events
            where type = 'RECEIPT' and position > ${decodeCursor(syncCursor)} order by position`
        ).map((row) => ({ position: Number(row.at_position), entityId: row.entity_id }));
      // Abandoned requests may still be running in the server: wait until the log stops growing and the
      // subscriber has caught up with it (or the deadline passes), then compare.
      let committed = await logged();
      let stableSince = performance.now();
      const deliveryDeadline = performance.now() + 10_000;
      while (performance.now() < deliveryDeadline) {
        await sleep(200);
        const latest = await logged();
        if (latest.length !== committed.length) stableSince = performance.now();
        committed = latest;
        if (received.length >= committed.length && performance.now() - stableSince > 1_000) break;
      }
      stopReading = true;
      await reader;
      committed = await logged();

      // ---- what happened ----
      const succeeded = results.filter((attempt) => attempt.id);
      const failed = results.filter((attempt) => !attempt.id);
      const duringOutage = results.filter((attempt) => attempt.sentAt >= stoppedAt && attempt.sentAt < startingAt);
      const tookMs = (attempt: WriteAttempt) => (attempt.answeredAt ?? Infinity) - attempt.sentAt;
      const failureKinds = new Map<string, number>();
      for (const attempt of failed) failureKinds.set(attempt.failure!, (failureKinds.get(attempt.failure!) ?? 0) + 1);
      const firstWrite = results
        .filter((attempt) => attempt.id && attempt.answeredAt! > startingAt)
        .sort((a, b) => a.answeredAt! - b.answeredAt!)[0];
      const writtenAfterRestart = new Set(results.filter((attempt) => attempt.id && attempt.sentAt >= startingAt).map((attempt) => attempt.id));
      const firstEvent = received.find(({ event }) => writtenAfterRestart.has(event.id));
      const sinceStart = (at: number | null | undefined) => (at == null ? null : Math.round(at - startedAt));
      const ms = (value: number | null) => (value === null ? 'never' : `${value} ms`);
      const msOrUnanswered = (value: number | undefined) => (value === undefined ? 'n/a' : Number.isFinite(value) ? `${Math.round(value)} ms` : `unanswered after ${abandonAfterMs} ms`);
      const recovery = { ready: sinceStart(readyAt), write: sinceStart(firstWrite?.answeredAt), event: sinceStart(firstEvent?.at), listener: sinceStart(listenerBackAt) };
      const probeList = (probes: ReadyProbe[]) => probes.map((probe) => `${probe.status ?? 'none'}/${Math.round(probe.tookMs)}ms`).join(' ');
      const outageLatencies = duringOutage.map(tookMs).sort((a, b) => a - b);
      const answerTimes = new Map(results.map((attempt) => [attempt.id, attempt.answeredAt]));
      const deliveryLags = received
        .filter(({ event }) => writtenAfterRestart.has(event.id) && firstWrite && answerTimes.get(event.id)! > firstWrite.answeredAt! + 500)
        .map(({ event, at }) => at - answerTimes.get(event.id)!)
        .sort((a, b) => a - b);
      console.info(
        [
          `database restart: stop took ${Math.round(stoppedAt - stoppingAt)} ms, down ${Math.round(startingAt - stoppedAt)} ms, start took ${Math.round(startedAt - startingAt)} ms`,
          `writes: ${results.length} sent, ${succeeded.length} succeeded, ${failed.length} failed; ${duringOutage.length} sent while down, answered in median ${msOrUnanswered(outageLatencies[Math.floor(outageLatencies.length / 2)])}, slowest ${msOrUnanswered(outageLatencies.at(-1))}`,
          ...[...failureKinds].map(([failure, count]) => `  ${count} x ${failure.slice(0, 300)}`),
          `/ready while down (status/time): ${probeList(outageProbes)}`,
          `  e.g. ${outageProbes[0]?.body}`,
          `/ready after start: ${probeList(upProbes)}`,
          `recovery after PostgreSQL accepted connections: ready ${ms(recovery.ready)}, first successful write ${ms(recovery.write)}, first delivered event ${ms(recovery.event)}, LISTEN connection back ${ms(recovery.listener)}`,
          `delivery lag after recovery (event received - write answered): median ${Math.round(deliveryLags[Math.floor(deliveryLags.length / 2)] ?? NaN)} ms, max ${Math.round(deliveryLags.at(-1) ?? NaN)} ms`,
          `subscriber: ${received.length} events received, ${committed.length} committed (${succeeded.length} confirmed to the writer), interruptions: ${interruptions.join(', ') || 'none'}`,
          `uncaught exceptions in the server process: ${uncaught.length === 0 ? 'none' : uncaught.join(' | ')}`,
        ].join('\n'),
      );
      const summarize = (attempt: WriteAttempt) => `#${attempt.n} ${attempt.answeredAt === null ? 'unanswered' : `${Math.round(tookMs(attempt))} ms`}: ${attempt.failure ?? attempt.id}`;
      const firstFew = (list: string[]) => (list.length > 5 ? [...list.slice(0, 5), `… ${list.length - 5} more`] : list);

      // ---- the server process must survive the outage ----
      expect(listenersBefore, 'no LISTEN connection before the restart').toBeGreaterThanOrEqual(1);
      expect.soft(uncaught, 'uncaught exceptions (each one would have ended a server started with npm start)').toEqual([]);

      // ---- while PostgreSQL was down: fail fast and clearly, report not ready ----
      expect(duringOutage.length).toBeGreaterThan(20);
      // No request waits for the database to come back: each is answered (with an error) within a few seconds.
      expect.soft(firstFew(duringOutage.filter((attempt) => !(tookMs(attempt) < answerWithinMs)).map(summarize)), `writes sent while the database was down and not answered within ${answerWithinMs} ms`).toEqual([]);
      expect(duringOutage.filter((attempt) => attempt.id && attempt.answeredAt! < startingAt).map(summarize), 'writes confirmed while the database was down').toEqual([]);
      // The answer is a GraphQL error with a message (HTTP 200 or 5xx), not a dropped connection.
      const outageFailures = duringOutage.filter((attempt) => !attempt.id && attempt.answeredAt !== null);
      expect.soft(firstFew(outageFailures.filter((attempt) => !/^HTTP (200|5\d\d): \S/.test(attempt.failure!)).map(summarize)), 'writes that failed without a GraphQL error').toEqual([]);
      // Clear: the generic masked error cannot be told from a bug, and does not say that a retry will help.
      expect.soft(firstFew(outageFailures.filter((attempt) => /Unexpected error/.test(attempt.failure!)).map(summarize)), 'writes answered with the generic masked error rather than a clear "database unavailable" one').toEqual([]);
      // A probe still out when PostgreSQL started again may rightly find it up: judge those answered while it was down.
      const probesAnsweredWhileDown = outageProbes.filter((probe) => probe.at + probe.tookMs < startingAt);
      expect.soft(probesAnsweredWhileDown.filter((probe) => probe.status !== 503 || !(probe.tookMs < answerWithinMs)).map((probe) => `${probe.status ?? 'none'} after ${Math.round(probe.tookMs)} ms`), `/ready must answer 503 within ${answerWithinMs} ms while the database is down`).toEqual([]);
      // The LISTEN connection is down too, and /ready should say so.
      const notReady = outageProbes.find((probe) => probe.status === 503);
      expect.soft(JSON.parse(notReady?.body ?? '{}'), '/ready body while the database is down').toMatchObject({ status: 'not ready', checks: { database: false, listener: false } });

      // ---- after the restart, with no server restart: ready, writing, delivering, listening ----
      expect(readyAt, `never ready again: ${JSON.stringify(upProbes.at(-1))}`).not.toBeNull();
      expect(firstWrite, 'no write succeeded after the restart').toBeDefined();
      expect(firstEvent, 'no write made after the restart was delivered').toBeDefined();
      expect.soft(listenerBackAt, 'the LISTEN connection was not re-established').not.toBeNull();
      expect.soft(recovery, `recovery within ${recoverWithinMs} ms of PostgreSQL accepting connections`).toEqual({
        ready: expect.toSatisfy((value: number) => value <= recoverWithinMs),
        write: expect.toSatisfy((value: number) => value <= recoverWithinMs),
        event: expect.toSatisfy((value: number) => value <= recoverWithinMs),
        listener: expect.toSatisfy((value: number | null) => value !== null && value <= recoverWithinMs),
      });
      const afterRecovery = results.filter((attempt) => attempt.sentAt > Math.max(readyAt!, firstWrite!.answeredAt!));
      expect(afterRecovery.length).toBeGreaterThan(10);
      expect.soft(firstFew(afterRecovery.filter((attempt) => !attempt.id).map(summarize)), 'writes that failed after recovery').toEqual([]);

      // ---- nothing lost, nothing twice, in commit order ----
      const positions = received.map(({ event }) => decodeCursor(event.cursor));
      expect(new Set(positions).size, 'duplicated events').toBe(positions.length);
      expect(positions, 'events out of cursor order').toEqual([...positions].sort((a, b) => a - b));
      expect(positions, 'delivered positions differ from the committed change_events rows').toEqual(committed.map((row) => row.position));
      expect(received.map(({ event }) => event.id)).toEqual(committed.map((row) => row.entityId));
      // Every write the server confirmed is in the log (and so was delivered). A write answered with an error may
      // still have committed (its connection died after COMMIT); then it is in the log and was delivered too.
      const loggedIds = new Set(committed.map((row) => row.entityId));
      expect(succeeded.filter((attempt) => !loggedIds.has(attempt.id!)).map(summarize), 'confirmed writes missing from the log').toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
      process.off('unhandledRejection', onUncaught);
      await check.end({ timeout: 1 });
    }
  }, 60_000);
});

/** Connections (other than the test's own) whose last statement was a LISTEN: the server's notification connection. */
async function listenConnections(check: postgres.Sql): Promise<number> {
  const rows = await check`
    select count(*)::int as listening from pg_stat_activity
    where query ilike 'listen %' and pid <> pg_backend_pid() and application_name <> 'database-restart-test'`;
  return rows[0]!.listening as number;
}
