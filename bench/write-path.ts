import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { baselineWriter } from './baseline-writer';
import { yogaFloorWriter } from './yoga-floor-writer';
import { nowMs, sleep } from './clock';
import { clientWorkerCount, type BenchConfig } from './config';
import { createThrowawayDatabase, type ThrowawayDatabase } from './database';
import { databaseCpuMs } from './database-cpu';
import { count, markdownTable, ms, ratio } from './format';
import type { Verdicts } from './report';
import { subscriberCount, type PopulationSpec } from './population';
import { awaitHeld, canPinToOneCpu, keepClientsOffTheServerCpu, startServerChild, type ServerChild } from './server-child';
import { signInAdmin, staffSyncWriter } from './staffsync-writer';
import { Histogram } from './stats';
import { WorkerPool } from './worker-pool';
import type { Writer } from './writer';

/** Writes in flight at once: enough to keep one server core busy, as many phones writing together would. */
const concurrency = 16;
/** The rate issue 12 sets for one core with subscribers, offered as such (open loop). */
const offeredPerSecond = 1_000;
/**
 * An offered write not yet answered after this many more were due is dropped and counted failed: a
 * second's worth behind, the server is not keeping up, and the run must end rather than queue forever.
 */
const mostBehind = offeredPerSecond;
const seconds = 5;
/**
 * Load before the measured window, at the same concurrency: under this load V8's compiler threads keep
 * optimizing the server's hot functions for 10-15 s (perf: a sixth of a core, settling after ~15 s), a
 * point a server in production has long passed.
 */
const warmUpSeconds = 10;

interface WritePathResult {
  writes: number;
  failed: number;
  perSecond: number;
  latency: Histogram;
  cpuPerWriteMs: number;
  /** CPU of the PostgreSQL server's processes per write, where they run on this machine (else undefined). */
  databaseCpuPerWriteMs: number | undefined;
  /** Subscription groups that executed a change, per write: the deliveries' share of the work. */
  executionsPerWrite: number;
}

interface LoadWindow {
  writes: number;
  failed: number;
  latency: Histogram;
  elapsedSeconds: number;
}

/** Creates as fast as the server answers them, `concurrency` at a time, for `durationSeconds`. */
async function load(writer: Writer, durationSeconds: number, firstSequence: number): Promise<LoadWindow> {
  const window: LoadWindow = { writes: 0, failed: 0, latency: new Histogram(), elapsedSeconds: 0 };
  let sequence = firstSequence;
  const startedAt = nowMs();
  const endAt = startedAt + durationSeconds * 1000;
  const lane = async () => {
    while (nowMs() < endAt) {
      const sentAt = nowMs();
      try {
        await writer.create(sequence++);
        window.latency.record(nowMs() - sentAt);
        window.writes += 1;
      } catch {
        window.failed += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  window.elapsedSeconds = (nowMs() - startedAt) / 1000;
  return window;
}

/**
 * Creates started at `perSecond` whether or not the earlier ones were answered (open loop), as phones
 * write without waiting for each other, for `durationSeconds`. Each latency counts from when its write
 * was due, so a server falling behind shows it in the percentiles instead of slowing the writer down;
 * the window ends when the last answer is in, so the rate falls short when answers lag.
 */
async function offer(writer: Writer, perSecond: number, durationSeconds: number, firstSequence: number): Promise<LoadWindow> {
  const window: LoadWindow = { writes: 0, failed: 0, latency: new Histogram(), elapsedSeconds: 0 };
  const total = Math.round(perSecond * durationSeconds);
  const answers: Array<Promise<void>> = [];
  let outstanding = 0;
  const startedAt = nowMs();
  let launched = 0;
  while (launched < total) {
    if (launched > 0) await sleep(1);
    const due = Math.min(total, Math.floor(((nowMs() - startedAt) * perSecond) / 1000) + 1);
    for (; launched < due; launched += 1) {
      if (outstanding >= mostBehind) {
        window.failed += 1;
        continue;
      }
      const dueAt = startedAt + (launched * 1000) / perSecond;
      outstanding += 1;
      answers.push(
        writer.create(firstSequence + launched).then(
          () => {
            window.latency.record(nowMs() - dueAt);
            window.writes += 1;
          },
          () => {
            window.failed += 1;
          },
        ).finally(() => (outstanding -= 1)),
      );
    }
  }
  await Promise.all(answers);
  window.elapsedSeconds = (nowMs() - startedAt) / 1000;
  return window;
}

/** The measured window of `run`; CPU from the server itself, and from PostgreSQL's processes when `onPostgres`. */
async function measure(server: ServerChild, run: () => Promise<LoadWindow>, options: { profile: boolean; onPostgres: boolean }): Promise<WritePathResult> {
  if (options.profile) server.startProfile();
  const before = await server.counters();
  const databaseBefore = options.onPostgres ? databaseCpuMs() : undefined;
  const { writes, failed, latency, elapsedSeconds } = await run();
  const after = await server.counters();
  const databaseAfter = databaseBefore === undefined ? undefined : databaseCpuMs();
  const perWrite = (amount: number) => amount / Math.max(1, writes);
  return {
    writes,
    failed,
    perSecond: writes / elapsedSeconds,
    latency,
    cpuPerWriteMs: perWrite(after.cpuMs - before.cpuMs),
    databaseCpuPerWriteMs: databaseBefore === undefined || databaseAfter === undefined ? undefined : perWrite(databaseAfter - databaseBefore),
    executionsPerWrite: perWrite(after.executions - before.executions),
  };
}

/** What the database's CPU per write means for the 1,000 writes/s target on this machine. */
function databaseShare(result: WritePathResult | undefined): string[] {
  if (!result?.databaseCpuPerWriteMs) return [];
  // ms per write at 1,000 writes/s is ms of CPU per second: the cores it keeps busy, times 1,000.
  const cores = result.databaseCpuPerWriteMs;
  return [`  With subscribers, 1,000 writes/s would keep ${cores.toFixed(2)} cores busy in PostgreSQL besides the server's one (this machine has ${availableParallelism()}).`];
}

type WritePathSystem = 'staffsync' | 'staffsync-subscribed' | 'staffsync-offered' | 'yoga-floor' | 'baseline';

/**
 * Issue 12 asks for its write rate "on one core while 1,000 subscribers are connected": the realistic-scopes
 * people (each employee subscribed in their own scope, their supervisors and two admins), so each create
 * reaches four of them, as in production; everyone in one shared scope would make it a fan-out test.
 */
const subscribedPopulation: PopulationSpec = { employees: 1_000, supervisors: 20, admins: 2 };

interface Subscribed {
  writer: Writer;
  workers: WorkerPool;
  held: number;
}

/** Connects one subscriber per person of the population, then writes as an admin, spreading creates over the employees. */
async function subscribe(config: BenchConfig, server: ServerChild): Promise<Subscribed> {
  const { population } = server;
  if (!population) throw new Error('the server did not seed the population');
  const subscribers = subscriberCount(population.spec);
  const workers = new WorkerPool(subscribers, clientWorkerCount(config, subscribers));
  try {
    const opened = await workers.open({ system: 'staffsync', url: server.url, tokens: population.tokens, concurrency: config.connectConcurrency });
    if (opened.failed > 0) throw new Error(`${opened.failed} subscribers could not connect: ${opened.firstError}`);
    const held = await awaitHeld(server, opened.opened, 30_000);
    const employees = population.employeeIds.length;
    const writer = await staffSyncWriter(server.url, await signInAdmin(server.url), (sequence) => ({
      employeeId: population.employeeIds[sequence % employees]!,
      costCenterId: population.costCenterIds[sequence % employees]!,
    }));
    return { writer, workers, held };
  } catch (error) {
    workers.close();
    throw error;
  }
}

async function writerFor(system: 'staffsync' | 'yoga-floor' | 'baseline', url: string): Promise<Writer> {
  if (system === 'staffsync') return staffSyncWriter(url, await signInAdmin(url));
  return system === 'yoga-floor' ? yogaFloorWriter(url) : baselineWriter(url);
}

/**
 * The write path: receipts created over HTTP as fast as the server answers, for StaffSync (a GraphQL
 * mutation: sign-in check, validation, rights, the row, its change-log entry and idempotency key) with no
 * subscriber, and again on one core with 1,000 people subscribed in their own scopes (the condition
 * for its rate), beside graphql-yoga alone answering the same mutation from a Map (the framework's own
 * floor) and the baseline's REST POST into a Map.
 */
export async function benchWritePath(config: BenchConfig, verdicts: Verdicts): Promise<string> {
  const results: Partial<Record<WritePathSystem, WritePathResult>> = {};
  const pinned = canPinToOneCpu();
  let held = 0;
  for (const system of ['staffsync', 'staffsync-subscribed', 'yoga-floor', 'baseline'] as const) {
    let database: ThrowawayDatabase | undefined;
    let server: ServerChild | undefined;
    let subscribed: Subscribed | undefined;
    let putClientsBack: (() => void) | undefined;
    try {
      if (system !== 'yoga-floor' && system !== 'baseline' && config.databaseUrl) database = await createThrowawayDatabase(config.databaseUrl);
      let writer: Writer;
      if (system === 'staffsync-subscribed') {
        if (pinned) putClientsBack = keepClientsOffTheServerCpu();
        server = await startServerChild('staffsync', { databaseUrl: database?.url, population: subscribedPopulation, pinToOneCpu: pinned });
        subscribed = await subscribe(config, server);
        held = subscribed.held;
        writer = subscribed.writer;
      } else {
        server = await startServerChild(system, { databaseUrl: database?.url });
        writer = await writerFor(system, server.url);
      }
      const options = { profile: config.cpuProfileDir !== undefined, onPostgres: database !== undefined };
      await load(writer, warmUpSeconds, 2_000_000);
      results[system] = await measure(server, () => load(writer, seconds, 3_000_000), options);
      if (config.cpuProfileDir) {
        await mkdir(config.cpuProfileDir, { recursive: true });
        await server.stopProfile(resolve(join(config.cpuProfileDir, `${system}-writes.cpuprofile`)));
      }
      if (system === 'staffsync-subscribed') {
        results['staffsync-offered'] = await measure(server, () => offer(writer, offeredPerSecond, seconds, 4_000_000), { ...options, profile: false });
      }
    } finally {
      putClientsBack?.();
      await server?.stop();
      subscribed?.workers.close();
      await database?.drop();
    }
  }
  const columns = [results.staffsync, results['staffsync-subscribed'], results['staffsync-offered'], results['yoga-floor'], results.baseline];
  const [alone, , offeredResult, , theirs] = columns;
  const rows: string[][] = [];
  /** A row of every column; `judged` is the column its target is judged on (the condition the issue sets). */
  const row = (metric: string, show: (result: WritePathResult) => string, value?: (result: WritePathResult) => number, target?: { text: string; judged: WritePathResult | undefined; pass: (result: WritePathResult) => boolean }) => {
    const pass = target?.judged ? target.pass(target.judged) : undefined;
    if (target && pass !== undefined) verdicts.targets.push({ name: `${metric} ${target.text}`, pass });
    const shown = (result: WritePathResult | undefined) => (result ? show(result) : '');
    rows.push([metric, ...columns.map(shown), value && alone && theirs ? ratio(value(alone), value(theirs)) : '', target?.text ?? '', pass === undefined ? '' : pass ? 'PASS' : 'FAIL']);
  };
  const subscribedLabel = `${count(held)} subscribers connected${pinned ? ', one core' : ''}`;
  const offeredLabel = `${count(offeredPerSecond)}/s offered, ${subscribedLabel}`;
  // Answered within a percent of the offered rate: the window also holds the last answers' round trip.
  const keptUp = (r: WritePathResult) => r.failed === 0 && r.perSecond >= offeredPerSecond * 0.99;
  row('writes answered (failed)', (r) => `${count(r.writes)} (${count(r.failed)})`);
  row('writes per second', (r) => count(r.perSecond), (r) => r.perSecond, { text: `≥ 1,000 (${offeredLabel})`, judged: offeredResult, pass: keptUp });
  row('write round trip p50', (r) => ms(r.latency.quantile(0.5)), (r) => r.latency.quantile(0.5));
  row('write round trip p99', (r) => ms(r.latency.quantile(0.99)), (r) => r.latency.quantile(0.99), { text: `≤ 50 ms (${offeredLabel})`, judged: offeredResult, pass: (r) => r.latency.quantile(0.99) <= 50 });
  row('server CPU per write', (r) => ms(r.cpuPerWriteMs), (r) => r.cpuPerWriteMs, { text: '≤ 2 ms (no subscribers)', judged: alone, pass: (r) => r.cpuPerWriteMs <= 2 });
  row('writes/s a core of its own could answer', (r) => count(1000 / r.cpuPerWriteMs));
  row('database CPU per write', (r) => (r.databaseCpuPerWriteMs === undefined ? '' : ms(r.databaseCpuPerWriteMs)));
  row('groups executed per write', (r) => r.executionsPerWrite.toFixed(1));
  return [
    `### Write path: creates over HTTP, ${concurrency} in flight, ${seconds} s after ${warmUpSeconds} s of warm-up`,
    '',
    markdownTable(
      ['', 'StaffSync, no subscribers', `StaffSync, ${subscribedLabel}`, `StaffSync, ${offeredLabel}`, 'graphql-yoga alone (mutation into a Map)', 'baseline (REST into a Map)', 'StaffSync (no subscribers) / baseline', 'target', ''],
      rows,
    ),
    '',
    '- graphql-yoga alone: the same createReceipt request answered by a bare graphql-yoga server from a Map (no auth,',
    '  database, validation or plugins), measured in the same run: the part of StaffSync\'s CPU per write that is the',
    '  framework itself on this machine.',
    `- With subscribers: ${subscribedPopulation.employees.toLocaleString('en-US')} employees, ${subscribedPopulation.supervisors} supervisors and ${subscribedPopulation.admins} admins each hold a dataChanged`,
    '  subscription in their own scope; the admin writer spreads creates over the employees, so each create reaches four',
    `  of them, in three executions: the two admins' groups share one (groups executed per write). ${pinned ? 'The server is pinned to one CPU (taskset); the writer and the subscriber workers run on the others, PostgreSQL wherever the kernel puts it.' : 'taskset was not found: the server is not pinned to one CPU.'}`,
    `- That server is measured twice: answering ${concurrency} writes in flight as fast as it can (closed loop: the rate is`,
    `  ${concurrency} over the round trip), then with ${count(offeredPerSecond)} creates/s offered whether or not the earlier ones were answered`,
    '  (open loop, as phones write; each round trip counted from when its write was due). The rate and p99 targets',
    '  are judged on the second: the rate must reach what was offered, within 1 % (the last round trips end the window).',
    '- Writes/s a core of its own could answer: one second of CPU over the server\'s CPU per write, the rate it would',
    '  reach with a core to itself and nothing else to wait for. On this machine the server\'s core is shared with the',
    '  other processes of the run, so the rate measured is lower: read the two together.',
    '- Database CPU per write: the PostgreSQL server\'s processes on this machine over the same window (/proc;',
    '  blank where the database runs elsewhere or inside the server, as PGlite does). It comes on top of the',
    "  server's own.",
    ...databaseShare(offeredResult),
  ].join('\n');
}
