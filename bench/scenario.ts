import { mkdir } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { baselineWriter } from './baseline-writer';
import { nowMs, sleep } from './clock';
import { clientWorkerCount, type BenchConfig } from './config';
import { createThrowawayDatabase, type ThrowawayDatabase } from './database';
import { preparePool, runLoad } from './load';
import { audienceOf, type PopulationSpec } from './population';
import type { DeliveryCounts, ExpectedChange, SystemName } from './protocol';
import { awaitHeld, startServerChild, type ServerChild, type ServerMemory } from './server-child';
import { signInAdmin, staffSyncWriter } from './staffsync-writer';
import type { Writer } from './writer';
import { Histogram } from './stats';
import { WorkerPool, type DrainOutcome } from './worker-pool';

/** Everything measured for one system at one subscriber count. */
export interface ScenarioResult {
  system: SystemName;
  subscribers: number;
  connected: number;
  connectFailed: number;
  firstConnectError: string | null;
  connectSeconds: number;
  /** Subscriptions the server itself reported holding once all sockets were open. */
  held: number;
  memoryBefore: ServerMemory;
  memoryIdle: ServerMemory;
  /** CPU the server used from the first write until every delivery was in (or the drain gave up); NaN if it did not say. */
  serverCpuSeconds: number;
  /** CPU all subscriber workers used over the same span. */
  clientCpuSeconds: number;
  /** From the first write to the last delivery. */
  windowSeconds: number;
  writes: {
    changes: number;
    creates: number;
    updates: number;
    failed: number;
    timedOut: number;
    firstFailure: string | null;
    lateSends: number;
    p50: number;
    p99: number;
  };
  expected: number;
  /** From each write's response to each delivery. */
  latency: Histogram;
  /** From each write's request to each delivery. */
  latencyFromSent: Histogram;
  lost: number;
  duplicates: number;
  outOfOrder: number;
  /** Deliveries to a subscriber whose scope does not reach the change. */
  outOfScope: number;
  /** What the delivery engine did over the load window (groups: held while idle); all 0 for the baseline. */
  server: DeliveryCounts;
  early: number;
  unexpected: number;
  droppedSockets: number;
  clientErrors: number;
  deliveriesPerSecond: number;
  /** How waiting for the deliveries ended. */
  drain: DrainOutcome;
  /** 1-minute load average of the machine when the scenario started and ended (other work skews results). */
  loadAverage: [number, number];
}

/** Receipts created up front for the updates to edit (realistic scopes: one per employee, up to the cap). */
const poolSize = 50;
const scopedPoolCap = 1_000;

/** How one scenario runs besides the system and the subscriber count. */
export interface ScenarioOptions {
  /** Changes per second; default: the configured rate. */
  rate?: number;
  /** Seed these people and give each one subscriber in their own scope (realistic scopes). */
  population?: PopulationSpec;
  pinToOneCpu?: boolean;
}

/**
 * The admin's writer; with a population, creates go to employee `sequence mod employees`, and the owner of
 * each receipt is remembered so each change's audience is known.
 */
async function scopedWriter(url: string, token: string, population: { employeeIds: string[]; costCenterIds: string[] }) {
  const employees = population.employeeIds.length;
  const owners = new Map<string, number>();
  const inner = await staffSyncWriter(url, token, (sequence) => ({
    employeeId: population.employeeIds[sequence % employees]!,
    costCenterId: population.costCenterIds[sequence % employees]!,
  }));
  const writer: Writer = {
    async create(sequence, signal) {
      const written = await inner.create(sequence, signal);
      owners.set(written.id, sequence % employees);
      return written;
    },
    update: inner.update,
  };
  return { writer, ownerOf: (id: string) => owners.get(id) };
}
/** Quiet time after the last socket opened, so the idle reading is not mid-handshake. */
const settleMs = 2_000;
/**
 * Load at the run's rate after the idle reading and before the measured window, its deliveries awaited and then
 * forgotten: the idle reading's forced GCs make V8 drop code and compile it again at the next load, and the
 * delivery path has not run at all before it (a server in production has long passed both).
 */
const warmUpSeconds = 5;
/** No delivery for this long while some are missing: they are not coming. */
const stallMs = 5_000;

const progress = (label: string, message: string) => console.error(`[${label}] ${message}`);

export async function runScenario(system: SystemName, subscribers: number, config: BenchConfig, options: ScenarioOptions = {}): Promise<ScenarioResult> {
  const { population: spec, rate = config.rate } = options;
  const label = `${system}${spec ? ' (realistic scopes)' : ''} × ${subscribers.toLocaleString('en-US')}`;
  let database: ThrowawayDatabase | undefined;
  let server: ServerChild | undefined;
  let workers: WorkerPool | undefined;
  const loadAtStart = loadavg()[0] ?? 0;
  try {
    if (system === 'staffsync' && config.databaseUrl) database = await createThrowawayDatabase(config.databaseUrl);
    server = await startServerChild(system, { databaseUrl: database?.url, population: spec, pinToOneCpu: options.pinToOneCpu });
    const population = server.population;
    if (spec && !population) throw new Error('the server did not seed the population');
    const token = system === 'staffsync' ? await signInAdmin(server.url) : '';
    const scoped = population ? await scopedWriter(server.url, token, population) : undefined;
    const writer = scoped?.writer ?? (system === 'staffsync' ? await staffSyncWriter(server.url, token) : baselineWriter(server.url));
    const pool = await preparePool(writer, population ? Math.min(population.employeeIds.length, scopedPoolCap) : poolSize);
    const memoryBefore = await server.memory();

    workers = new WorkerPool(subscribers, clientWorkerCount(config, subscribers));
    progress(label, `opening ${subscribers.toLocaleString('en-US')} sockets from ${workers.size} worker process(es)`);
    const connectStart = nowMs();
    const opened = await workers.open({ system, url: server.url, tokens: population?.tokens ?? [token], concurrency: config.connectConcurrency });
    const connectSeconds = (nowMs() - connectStart) / 1000;
    if (opened.failed > 0) progress(label, `${opened.failed} sockets failed to open, first error: ${opened.firstError}`);
    const held = await awaitHeld(server, opened.opened, 30_000);
    await sleep(settleMs);
    const memoryIdle = await server.memory();
    progress(label, `${opened.opened} open in ${connectSeconds.toFixed(1)} s, server holds ${held}; sending ${rate}/s for ${config.seconds} s`);

    const withAudiences = (written: ExpectedChange[]) => (scoped && spec ? written.map((change) => withAudience(change, spec, scoped.ownerOf)) : written);
    const deliveriesOf = (written: ExpectedChange[]) => (spec ? written.reduce((total, change) => total + (change.audience?.length ?? 0), 0) : written.length * opened.opened);

    const warmUp = withAudiences((await runLoad(writer, pool, { rate, seconds: warmUpSeconds, writeTimeoutMs: config.writeTimeoutSeconds * 1000 })).changes);
    const warmUpDrain = await workers.awaitDeliveries(warmUp, deliveriesOf(warmUp), { deadline: nowMs() + config.drainSeconds * 1000, stallMs, now: nowMs });
    if (warmUpDrain !== 'complete') progress(label, `the warm-up's deliveries did not all arrive (${warmUpDrain}); measuring anyway`);

    if (config.cpuProfileDir) server.startProfile();
    workers.mark();
    const windowStart = await server.counters();
    const load = await runLoad(writer, pool, { rate, seconds: config.seconds, writeTimeoutMs: config.writeTimeoutSeconds * 1000 });
    const changes = withAudiences(load.changes);
    const expected = deliveriesOf(changes);
    progress(label, `${load.changes.length} writes answered (p99 ${Math.round(load.writeLatency.quantile(0.99))} ms); waiting for deliveries`);
    const drain = await workers.awaitDeliveries(changes, expected, {
      deadline: load.finishedAt + config.drainSeconds * 1000,
      stallMs,
      now: nowMs,
    });
    if (drain === 'deadline') progress(label, `deliveries were still arriving when the ${config.drainSeconds} s drain window closed`);
    if (drain === 'stalled') progress(label, `no delivery for ${stallMs / 1000} s while some were missing; stopped waiting`);

    const scores = await workers.score();
    // A server still working through a backlog may answer late or not at all; its CPU time is then unknown,
    // which must not cost the rest of the results.
    const memoryAfter = await server.memory(20_000).catch(() => undefined);
    let profile: string | null = null;
    if (config.cpuProfileDir) {
      await mkdir(config.cpuProfileDir, { recursive: true });
      profile = await server.stopProfile(resolve(join(config.cpuProfileDir, `${system}${spec ? '-scopes' : ''}-${subscribers}.cpuprofile`)));
      if (profile) progress(label, `server CPU profile of the load window: ${profile}`);
    }
    const latency = new Histogram();
    const latencyFromSent = new Histogram();
    for (const score of scores) {
      latency.merge(score.histogram);
      latencyFromSent.merge(score.histogramFromSent);
    }
    const sum = (pick: (score: (typeof scores)[number]) => number) => scores.reduce((total, score) => total + pick(score), 0);
    const lastDeliveryAt = Math.max(...scores.map((score) => score.lastDeliveryAt));
    // Deliveries per second over the loaded window: from the first write to the last delivery.
    const windowSeconds = Math.max(lastDeliveryAt, load.finishedAt) / 1000 - load.startedAt / 1000;
    return {
      system,
      subscribers,
      connected: opened.opened,
      connectFailed: opened.failed,
      firstConnectError: opened.firstError,
      connectSeconds,
      held,
      memoryBefore,
      memoryIdle,
      serverCpuSeconds: memoryAfter ? (memoryAfter.cpuMs - windowStart.cpuMs) / 1000 : Number.NaN,
      clientCpuSeconds: sum((score) => score.cpuMs) / 1000,
      windowSeconds,
      writes: {
        changes: load.changes.length,
        creates: load.creates,
        updates: load.updates,
        failed: load.failed,
        timedOut: load.timedOut,
        firstFailure: load.firstFailure,
        lateSends: load.lateSends,
        p50: load.writeLatency.quantile(0.5),
        p99: load.writeLatency.quantile(0.99),
      },
      expected,
      latency,
      latencyFromSent,
      lost: sum((score) => score.lost),
      duplicates: sum((score) => score.duplicates),
      outOfOrder: sum((score) => score.outOfOrder),
      outOfScope: sum((score) => score.outOfScope),
      server: {
        groups: memoryIdle.groups,
        events: memoryAfter ? memoryAfter.events - windowStart.events : 0,
        executions: memoryAfter ? memoryAfter.executions - windowStart.executions : 0,
        checks: memoryAfter ? memoryAfter.checks - windowStart.checks : 0,
      },
      early: sum((score) => score.early),
      unexpected: sum((score) => score.unexpected),
      droppedSockets: sum((score) => score.droppedSockets),
      clientErrors: sum((score) => score.clientErrors),
      deliveriesPerSecond: latency.total / windowSeconds,
      drain,
      loadAverage: [loadAtStart, loadavg()[0] ?? 0],
    };
  } finally {
    // Server first: it shuts down (closing every socket, writing its CPU profile) the way it would in
    // production, with its clients still connected; then the workers go.
    await server?.stop();
    workers?.close();
    await database?.drop();
  }
}

/** The change with the subscribers its owner's employee reaches: themselves, their supervisor, the admins. */
function withAudience(change: ExpectedChange, spec: PopulationSpec, ownerOf: (id: string) => number | undefined): ExpectedChange {
  const id = change.key.slice(0, change.key.lastIndexOf(':'));
  const owner = ownerOf(id);
  if (owner === undefined) throw new Error(`no owner recorded for receipt ${id}`);
  return { ...change, audience: audienceOf(spec, owner) };
}
