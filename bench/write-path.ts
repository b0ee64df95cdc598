import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { baselineWriter } from './baseline-writer';
import { yogaFloorWriter } from './yoga-floor-writer';
import { nowMs } from './clock';
import type { BenchConfig } from './config';
import { createThrowawayDatabase, type ThrowawayDatabase } from './database';
import { count, markdownTable, ms, ratio } from './format';
import type { Verdicts } from './report';
import { startServerChild, type ServerChild } from './server-child';
import { signInAdmin, staffSyncWriter } from './staffsync-writer';
import { Histogram } from './stats';
import type { Writer } from './writer';

/** Writes in flight at once: enough to keep one server core busy, as many phones writing together would. */
const concurrency = 16;
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

/** A warm-up under the same load, then the measured window; CPU from the server itself. */
async function saturate(server: ServerChild, writer: Writer, profile: boolean): Promise<WritePathResult> {
  await load(writer, warmUpSeconds, 2_000_000);
  if (profile) server.startProfile();
  const before = await server.counters();
  const { writes, failed, latency, elapsedSeconds } = await load(writer, seconds, 3_000_000);
  const after = await server.counters();
  return { writes, failed, perSecond: writes / elapsedSeconds, latency, cpuPerWriteMs: (after.cpuMs - before.cpuMs) / Math.max(1, writes) };
}

type WritePathSystem = 'staffsync' | 'yoga-floor' | 'baseline';

async function writerFor(system: WritePathSystem, url: string): Promise<Writer> {
  if (system === 'staffsync') return staffSyncWriter(url, await signInAdmin(url));
  return system === 'yoga-floor' ? yogaFloorWriter(url) : baselineWriter(url);
}

/**
 * The write path on its own: receipts created over HTTP as fast as the server answers, with no subscriber
 * connected, for StaffSync (a GraphQL mutation: sign-in check, validation, rights, the row, its change-log
 * entry and idempotency key in one transaction), beside graphql-yoga alone answering the same mutation
 * from a Map (the framework's own floor) and the baseline's REST POST into a Map.
 */
export async function benchWritePath(config: BenchConfig, verdicts: Verdicts): Promise<string> {
  const results: Partial<Record<WritePathSystem, WritePathResult>> = {};
  for (const system of ['staffsync', 'yoga-floor', 'baseline'] as const) {
    let database: ThrowawayDatabase | undefined;
    let server: ServerChild | undefined;
    try {
      if (system === 'staffsync' && config.databaseUrl) database = await createThrowawayDatabase(config.databaseUrl);
      server = await startServerChild(system, { databaseUrl: database?.url });
      const writer = await writerFor(system, server.url);
      results[system] = await saturate(server, writer, config.cpuProfileDir !== undefined);
      if (config.cpuProfileDir) {
        await mkdir(config.cpuProfileDir, { recursive: true });
        await server.stopProfile(resolve(join(config.cpuProfileDir, `${system}-writes.cpuprofile`)));
      }
    } finally {
      await server?.stop();
      await database?.drop();
    }
  }
  const ours = results.staffsync;
  const floor = results['yoga-floor'];
  const theirs = results.baseline;
  const rows: string[][] = [];
  const row = (metric: string, show: (result: WritePathResult) => string, value?: (result: WritePathResult) => number, target = '', pass?: boolean) => {
    if (pass !== undefined) verdicts.targets.push({ name: `${metric} ${target}`, pass });
    const shown = (result: WritePathResult | undefined) => (result ? show(result) : '');
    rows.push([metric, shown(ours), shown(floor), shown(theirs), value && ours && theirs ? ratio(value(ours), value(theirs)) : '', target, pass === undefined ? '' : pass ? 'PASS' : 'FAIL']);
  };
  row('writes answered (failed)', (r) => `${count(r.writes)} (${count(r.failed)})`);
  row('writes per second', (r) => count(r.perSecond), (r) => r.perSecond, '≥ 1,000', ours ? ours.perSecond >= 1000 : undefined);
  row('write round trip p50', (r) => ms(r.latency.quantile(0.5)), (r) => r.latency.quantile(0.5));
  row('write round trip p99', (r) => ms(r.latency.quantile(0.99)), (r) => r.latency.quantile(0.99), '≤ 50 ms', ours ? ours.latency.quantile(0.99) <= 50 : undefined);
  row('server CPU per write', (r) => ms(r.cpuPerWriteMs), (r) => r.cpuPerWriteMs, '≤ 2 ms', ours ? ours.cpuPerWriteMs <= 2 : undefined);
  return [
    `### Write path: creates over HTTP, ${concurrency} in flight, ${seconds} s after ${warmUpSeconds} s of warm-up, no subscribers`,
    '',
    markdownTable(['', 'StaffSync', 'graphql-yoga alone (mutation into a Map)', 'baseline (REST into a Map)', 'StaffSync / baseline', 'target', ''], rows),
    '',
    '- graphql-yoga alone: the same createReceipt request answered by a bare graphql-yoga server from a Map (no auth,',
    '  database, validation or plugins), measured in the same run: the part of StaffSync\'s CPU per write that is the',
    '  framework itself on this machine.',
  ].join('\n');
}
