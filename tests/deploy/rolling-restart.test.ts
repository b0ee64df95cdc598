import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { demoAccounts, demoPassword } from '../../server/db/seed-demo';
import { postgresOnly } from '../support/engines';
import { graphqlData } from '../support/graphql-client';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { testMetricsToken } from '../support/test-server';
import { freePort } from '../support/throwaway-postgres';
import { nginxBinary, startNginxProxy, type NginxProxy } from './nginx-proxy';
import { ResumingSubscriber } from './resuming-subscriber';
import { startWriters, type WriteOutcome } from './retrying-writers';

const instanceCount = 3;
const subscriberCount = 200;
/** Shorter than the instances' 12 s ping: nginx drops any socket that carries nothing for this long. */
const proxyIdleTimeout = '2s';

const percentile = (values: number[], fraction: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
};
const ms = (value: number) => `${Math.round(value)} ms`;
const delay = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

// Several instances need one shared database server: PostgreSQL only (TEST_DATABASE_URL).
describe.skipIf(postgresOnly.length === 0)(`behind nginx: ${instanceCount} instances on one PostgreSQL`, () => {
  const engine = postgresOnly[0]!;
  let databaseUrl: string;
  let dropDatabase: () => Promise<void>;
  let sql: postgres.Sql;
  let ports: number[];
  const instances: ServerProcess[] = [];
  let proxy: NginxProxy;
  let admin: string;
  let employee: string;
  let costCenterId: string;

  const startInstance = (index: number, seedDemo: boolean) =>
    startServerProcess({ DATABASE_URL: databaseUrl, SEED_DEMO: seedDemo ? '1' : '0', PORT: String(ports[index]), METRICS_TOKEN: testMetricsToken });

  /** Waits until an instance's own /ready answers 200, as a process supervisor would before moving on. */
  async function untilReady(index: number): Promise<void> {
    await expect
      .poll(async () => (await fetch(`http://127.0.0.1:${ports[index]}/ready`).catch(() => null))?.status, { timeout: 30_000, interval: 100 })
      .toBe(200);
  }

  beforeAll(async () => {
    if (!nginxBinary) throw new Error('nginx is not installed: apt-get install nginx-light (or nginx); .ci/run does it');
    ({ databaseUrl, drop: dropDatabase } = (await engine.createDatabase()) as { databaseUrl: string; drop: () => Promise<void> });
    sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
    ports = await Promise.all(Array.from({ length: instanceCount }, () => freePort()));
    // The first instance migrates and seeds; the others start on the ready database.
    instances[0] = await startInstance(0, true);
    instances.push(...(await Promise.all(Array.from({ length: instanceCount - 1 }, (_, index) => startInstance(index + 1, false)))));
    proxy = await startNginxProxy(ports);
    const signIn = async (email: string) =>
      (await graphqlData<{ login: { token: string } }>(proxy.url, 'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { ... on Session { token } } }', { email, password: demoPassword })).login.token;
    [admin, employee] = await Promise.all([signIn(demoAccounts.admin), signIn(demoAccounts.employee)]);
    const { costCenters } = await graphqlData<{ costCenters: Array<{ id: string; code: string }> }>(proxy.url, '{ costCenters { id code } }', {}, employee);
    costCenterId = costCenters.find((center) => center.code === 'FIELD')!.id;
  });

  afterAll(async () => {
    await proxy?.stop();
    await Promise.all(instances.map((instance) => instance.stop()));
    await sql?.end();
    await dropDatabase?.();
  });

  /** Where the change log ends now (nothing is being written), and the cursor the API gives for it. */
  async function logEnd(): Promise<{ position: number; cursor: string }> {
    const [row] = await sql<Array<{ position: string }>>`select coalesce(max(position), 0)::text as position from change_events`;
    const { syncCursor } = await graphqlData<{ syncCursor: string }>(proxy.url, '{ syncCursor }', {}, admin);
    return { position: Number(row!.position), cursor: syncCursor };
  }

  async function startSubscribers(count: number, after: string): Promise<ResumingSubscriber[]> {
    const subscribers = Array.from({ length: count }, () => new ResumingSubscriber(proxy.wsUrl, admin, after));
    // Also when the test fails half-way: no subscriber of one case may still run in the next.
    onTestFinished(() => subscribers.forEach((subscriber) => subscriber.stop()));
    await Promise.all(subscribers.map((subscriber) => subscriber.ready()));
    return subscribers;
  }

  /** Writers through the proxy as the employee; stopped when the test ends, also when it fails half-way. */
  function startWritersThroughProxy(writers: number, pauseMs: number, label: string) {
    const started = startWriters({ url: proxy.url, token: employee, costCenterId, writers, pauseMs, label });
    onTestFinished(() => started.stop());
    return started;
  }

  /** Asks the proxy's /ready every 100 ms, as an uptime check in front of it would, until stopped. */
  function checkProxyReadiness() {
    const failures: string[] = [];
    let checks = 0;
    let stopping = false;
    const running = (async () => {
      for (; !stopping; await delay(100)) {
        checks += 1;
        const status = await fetch(`${proxy.url}/ready`).then((response) => String(response.status), (error: Error) => error.message);
        if (status !== '200') failures.push(status);
      }
    })();
    onTestFinished(() => void (stopping = true));
    return {
      async stop() {
        stopping = true;
        await running;
        return { checks, failures };
      },
    };
  }

  /** Receipt changes committed after `position`, in log order. */
  const committedSince = async (position: number) =>
    (await sql<Array<{ entity_id: string }>>`select entity_id from change_events where type = 'RECEIPT' and position > ${position} order by position`).map((row) => row.entity_id);

  /**
   * Every write confirmed, exactly one receipt and one CREATE event per write, nothing half-written, and
   * every subscriber holding exactly the committed changes, in order, each once, live again.
   */
  async function expectNothingLost(outcomes: WriteOutcome[], label: string, subscribers: ResumingSubscriber[], from: number): Promise<string[]> {
    expect(outcomes.filter((outcome) => outcome.id === null).map((outcome) => outcome.vendor), 'writes never confirmed').toEqual([]);
    const rows = await sql<Array<{ id: string; creates: number }>>`
      select r.id, (select count(*)::int from change_events e where e.entity_id = r.id and e.action = 'CREATE') as creates
      from receipts r where r.vendor like ${`${label} %`}`;
    expect(rows.length, 'receipts written (one per write, none twice)').toBe(outcomes.length);
    expect(new Set(rows.map((row) => row.id))).toEqual(new Set(outcomes.map((outcome) => outcome.id)));
    expect(rows.filter((row) => row.creates !== 1).map((row) => row.id), 'receipts without exactly one CREATE event').toEqual([]);
    const orphans = await sql`select e.entity_id from change_events e left join receipts r on r.id = e.entity_id where e.type = 'RECEIPT' and e.position > ${from} and r.id is null`;
    expect(orphans.length, 'change events of receipts that do not exist').toBe(0);

    const committed = await committedSince(from);
    await expect
      .poll(() => subscribers.filter((subscriber) => subscriber.received.length < committed.length).length, { timeout: 30_000, interval: 200 })
      .toBe(0);
    await delay(300);
    for (const [index, subscriber] of subscribers.entries()) {
      expect(subscriber.errors, `subscriber ${index}: GraphQL errors`).toEqual([]);
      expect(subscriber.duplicates, `subscriber ${index}: changes received twice`).toBe(0);
      expect(subscriber.received.map((change) => change.id), `subscriber ${index}: changes`).toEqual(committed);
      expect(subscriber.live, `subscriber ${index}: resumed after its last drop`).toBe(true);
    }
    return committed;
  }

  /** What happened, for the test's output (and the README): writes and their failed tries, drops, resume times. */
  function figures(subscribers: ResumingSubscriber[], writers: ReturnType<typeof startWriters>) {
    const resumes = subscribers.flatMap((subscriber) => subscriber.resumeTimesMs);
    const tries = writers.outcomes.reduce((sum, outcome) => sum + outcome.tries, 0);
    const failed = [...writers.failures.values()].reduce((sum, count) => sum + count, 0);
    const failures = [...writers.failures].map(([reason, count]) => `${count} × ${reason}`).join(', ');
    const dropReasons = new Map<string, number>();
    for (const reason of subscribers.flatMap((subscriber) => subscriber.drops)) dropReasons.set(reason, (dropReasons.get(reason) ?? 0) + 1);
    return {
      writes: `writes: ${writers.outcomes.length} confirmed in ${tries} tries; ${failed} failed tries${failed ? ` (${failures}), each retried with its idempotency key` : ''}; 0 lost, 0 twice`,
      drops: `subscribers: ${subscribers.length}, ${subscribers.filter((subscriber) => subscriber.drops.length > 0).length} dropped at least once, ${resumes.length} resumes from their cursor (drops: ${[...dropReasons].map(([reason, count]) => `${count} × ${reason}`).join(', ') || 'none'})`,
      resumeTimes: `resume time (drop noticed -> first change on the new subscription): p50 ${ms(percentile(resumes, 0.5))}, p99 ${ms(percentile(resumes, 0.99))}, max ${ms(Math.max(...resumes))}`,
    };
  }

  it('answers /ready through the proxy from an instance, and keeps /metrics to each instance', async () => {
    const ready = await fetch(`${proxy.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', engine: 'postgres' });
    expect((await fetch(`${proxy.url}/metrics`, { headers: { authorization: `Bearer ${testMetricsToken}` } })).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${ports[0]}/metrics`)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${ports[0]}/metrics`, { headers: { authorization: `Bearer ${testMetricsToken}` } })).status).toBe(200);
  });

  it(`restarts every instance in turn under load: ${subscriberCount} subscribers and 4 writers through the proxy lose nothing`, async () => {
    const start = await logEnd();
    const subscribers = await startSubscribers(subscriberCount, start.cursor);
    const writers = startWritersThroughProxy(4, 150, 'Rolling');
    const uptimeCheck = checkProxyReadiness();
    const startedAt = performance.now();
    await delay(1_000);

    const restarts: string[] = [];
    for (let index = 0; index < instanceCount; index++) {
      const stoppingAt = performance.now();
      expect(await instances[index]!.stop(), `instance ${index} exit code after SIGTERM`).toBe(0);
      const stoppedAt = performance.now();
      instances[index] = await startInstance(index, false);
      await untilReady(index);
      restarts.push(`#${index}: drained and exited in ${ms(stoppedAt - stoppingAt)}, ready again ${ms(performance.now() - stoppedAt)} later`);
    }
    await writers.stop();
    const tookMs = performance.now() - startedAt;
    // Some instance was ready all along, so the proxy said so all along.
    const readiness = await uptimeCheck.stop();
    expect(readiness.failures, `the proxy's /ready during the rolling restart (${readiness.checks} checks); nginx said:\n${proxy.log()}`).toEqual([]);
    const committed = await expectNothingLost(writers.outcomes, 'Rolling', subscribers, start.position);

    const { writes, drops, resumeTimes } = figures(subscribers, writers);
    console.info(
      [
        `rolling restart of ${instanceCount} instances behind nginx in ${(tookMs / 1000).toFixed(1)} s: ${restarts.join('; ')}`,
        writes,
        drops,
        resumeTimes,
        `deliveries: ${committed.length} changes × ${subscribers.length} subscribers, each exactly once and in order`,
      ].join('\n'),
    );
    // Every instance went down once, so every subscriber's instance did at some point.
    expect(subscribers.filter((subscriber) => subscriber.drops.length === 0).length, 'subscribers never moved').toBe(0);
    // About a minute on two quiet cores; instances start far slower when other suites load them.
  }, 240_000);

  it(`loses nothing when the proxy drops idle sockets (proxy_read_timeout ${proxyIdleTimeout}): clients resume from their cursor`, async () => {
    await proxy.reload(proxyIdleTimeout);
    const start = await logEnd();
    const subscribers = await startSubscribers(50, start.cursor);
    const burst = async (label: string) => {
      const writers = startWritersThroughProxy(2, 50, label);
      await delay(500);
      await writers.stop();
      return writers;
    };
    const before = await burst('Idle before');
    // Nothing to deliver for longer than the proxy's timeout: nginx closes every socket.
    await expect.poll(() => subscribers.filter((subscriber) => subscriber.drops.length === 0).length, { timeout: 10_000, interval: 200 }).toBe(0);
    const after = await burst('Idle after');
    await expectNothingLost([...before.outcomes, ...after.outcomes], 'Idle', subscribers, start.position);
    await proxy.reload('60s');
    // No resume time here: a dropped subscriber waits for the next change, which comes when the test writes again.
    console.info(`idle sockets dropped by nginx: ${figures(subscribers, after).drops}`);
  }, 60_000);

  it('leaves nothing half-written when an instance behind the proxy is killed with -9 under load', async () => {
    const start = await logEnd();
    const subscribers = await startSubscribers(50, start.cursor);
    const writers = startWritersThroughProxy(6, 0, 'Killed');
    await delay(1_500);
    const victim = 1;
    instances[victim]!.child.kill('SIGKILL');
    // Writes go on through the two instances left; each request it refuses goes on to the next.
    await delay(2_000);
    await writers.stop();
    await expectNothingLost(writers.outcomes, 'Killed', subscribers, start.position);
    expect(subscribers.filter((subscriber) => subscriber.drops.length > 0).length, 'subscribers of the killed instance').toBeGreaterThan(0);
    const { writes, drops, resumeTimes } = figures(subscribers, writers);
    console.info([`kill -9 of one instance behind nginx:`, writes, drops, resumeTimes].join('\n'));
  }, 60_000);
});
