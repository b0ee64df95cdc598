import { availableParallelism } from 'node:os';
import type { BenchConfig, FanOutRun } from './config';
import { count, kb, markdownTable, mb, ms, ratio } from './format';
import type { SystemName } from './protocol';
import type { ScenarioResult } from './scenario';

/** The outcome of one system at one subscriber count: a result, or why it could not be measured. */
export type Outcome = { result: ScenarioResult } | { error: string } | undefined;

export interface Verdicts {
  /** Correctness failures (lost, duplicated, reordered deliveries; a run that failed): the bench exits non-zero. */
  failures: string[];
  /** Performance targets, printed as PASS/FAIL only. */
  targets: Array<{ name: string; pass: boolean }>;
  /** Things that limit what the run could check, printed as warnings. */
  warnings: string[];
  /** StaffSync deliveries checked for exactly-once, in-order arrival. */
  checked: number;
}

const perSubscriber = (result: ScenarioResult, field: 'rss' | 'heapUsed') =>
  (result.memoryIdle[field] - result.memoryBefore[field]) / Math.max(1, result.connected);

const p = (result: ScenarioResult | undefined, q: number) => result?.latency.quantile(q, result.expected);

/** CPU the server spent per delivery over the load window; undefined when unknown. */
export const cpuPerDelivery = (r: ScenarioResult | undefined) =>
  r && r.latency.total > 0 && !Number.isNaN(r.serverCpuSeconds) ? (r.serverCpuSeconds * 1e6) / r.latency.total : undefined;

/** One cell's content, and optionally the value its ratios compare, the target and PASS/FAIL. */
export interface RowExtra {
  value?: (result: ScenarioResult) => number | undefined;
  target?: string;
  result?: string;
}

/**
 * A row adder for a three-column comparison: each column's figure, then the first column's ratio to the
 * second and to the third (when `value` is given), the target and its verdict.
 */
export function comparisonRow(rows: string[][], [first, second, third]: Array<ScenarioResult | undefined>) {
  return (metric: string, show: (result: ScenarioResult) => string, extra: RowExtra = {}): void => {
    const value = (result: ScenarioResult | undefined) => (result && extra.value ? extra.value(result) : undefined);
    const cell = (result: ScenarioResult | undefined) => (result ? show(result) : '');
    rows.push([metric, cell(first), cell(second), cell(third), ratio(value(first), value(second)), ratio(value(first), value(third)), extra.target ?? '', extra.result ?? '']);
  };
}

/**
 * One table for one subscriber count: StaffSync, the notify-then-refetch baseline and the bare-notice
 * broadcast side by side, with StaffSync's ratio to each and the targets.
 */
export function renderComparison(run: FanOutRun, outcomes: Record<SystemName, Outcome>, config: BenchConfig, verdicts: Verdicts): string {
  const { subscribers, rate } = run;
  const resultOf = (outcome: Outcome) => (outcome && 'result' in outcome ? outcome.result : undefined);
  const ours = resultOf(outcomes.staffsync);
  const theirs = resultOf(outcomes.baseline);
  const notice = resultOf(outcomes.notice);
  const rows: string[][] = [];
  const verdict = (name: string, pass: boolean) => {
    verdicts.targets.push({ name: `${name} (${count(subscribers)} subscribers)`, pass });
    return pass ? 'PASS' : 'FAIL';
  };
  const mustBeZero = (name: string, value: number | undefined) => {
    if (value === undefined) return '';
    if (value > 0) verdicts.failures.push(`${count(value)} ${name} with ${count(subscribers)} subscribers`);
    return value === 0 ? 'PASS' : 'FAIL';
  };
  const row = comparisonRow(rows, [ours, theirs, notice]);
  const refetchOnly = (r: ScenarioResult, show: () => string) => (r.system === 'baseline' ? 'n/a' : show());

  row('subscribers connected (server holds)', (r) => `${count(r.connected)} (${count(r.held)})`);
  row('time to connect all', (r) => `${r.connectSeconds.toFixed(1)} s`);
  row('writes answered / sent (creates + updates sent)', (r) => {
    const sent = r.writes.creates + r.writes.updates;
    return `${count(r.writes.changes)} / ${count(sent)} (${count(r.writes.creates)} + ${count(r.writes.updates)})`;
  });
  row('failed / timed-out writes', (r) => `${count(r.writes.failed)} / ${count(r.writes.timedOut)}`);
  row('write round trip p50 / p99', (r) => `${ms(r.writes.p50)} / ${ms(r.writes.p99)}`);

  const latencyTarget = subscribers === 1000;
  const p99ok = ours ? (p(ours, 0.99) ?? Infinity) <= 50 : false;
  row('delivery latency p50', (r) => ms(p(r, 0.5) ?? NaN), { value: (r) => p(r, 0.5) });
  row('delivery latency p95', (r) => ms(p(r, 0.95) ?? NaN), { value: (r) => p(r, 0.95) });
  row('delivery latency p99', (r) => ms(p(r, 0.99) ?? NaN), {
    value: (r) => p(r, 0.99),
    target: latencyTarget ? `≤ 50 ms${rate === 50 ? '' : ' (set at 50/s)'}` : '',
    result: latencyTarget && ours ? verdict('p99 ≤ 50 ms', p99ok) : '',
  });
  row('latency from write sent, p50 / p99', (r) => `${ms(r.latencyFromSent.quantile(0.5, r.expected))} / ${ms(r.latencyFromSent.quantile(0.99, r.expected))}`, {
    value: (r) => r.latencyFromSent.quantile(0.99, r.expected),
  });
  row('deliveries per second', (r) => count(r.deliveriesPerSecond), {
    value: (r) => r.deliveriesPerSecond,
    target: `offered ${count(rate * subscribers)}`,
  });
  row('server CPU, first write to last delivery', (r) => `${Number.isNaN(r.serverCpuSeconds) ? 'unknown (server busy)' : `${r.serverCpuSeconds.toFixed(1)} s`} in ${r.windowSeconds.toFixed(1)} s`, {
    value: (r) => r.serverCpuSeconds,
  });
  const perDelivery = cpuPerDelivery(ours);
  const noticePerDelivery = cpuPerDelivery(notice);
  row('server CPU per delivery', (r) => {
    const value = cpuPerDelivery(r);
    return value === undefined ? '—' : `${value.toFixed(1)} µs`;
  }, {
    value: cpuPerDelivery,
    target: '≤ bare notice (1.0×)',
    result: perDelivery !== undefined && noticePerDelivery !== undefined ? verdict('server CPU per delivery ≤ the bare notice\'s', perDelivery <= noticePerDelivery) : '',
  });
  row('subscriber workers\' CPU, same span', (r) => `${r.clientCpuSeconds.toFixed(1)} s`, { value: (r) => r.clientCpuSeconds });
  row('deliveries expected (changes × subscribers)', (r) => count(r.expected));
  const drainNote = (r: ScenarioResult) =>
    r.lost === 0 ? '' : r.drain === 'deadline' ? ` (still arriving when the ${config.drainSeconds} s drain closed)` : ' (none arriving for 5 s)';
  row('lost deliveries', (r) => count(r.lost) + drainNote(r), {
    target: '0',
    result: mustBeZero(`lost deliveries${ours ? drainNote(ours) : ''}`, ours?.lost),
  });
  row('duplicated deliveries (baseline: redundant refetches)', (r) => count(r.duplicates), {
    target: '0',
    result: mustBeZero('duplicated deliveries', ours?.duplicates),
  });
  row('out-of-order deliveries', (r) => refetchOnly(r, () => count(r.outOfOrder)), {
    target: '0',
    result: mustBeZero('out-of-order deliveries', ours?.outOfOrder),
  });
  row('delivered before the write response (clamped to 0)', (r) => count(r.early));
  row('events of no answered write (e.g. timed-out writes)', (r) => refetchOnly(r, () => count(r.unexpected)));
  row('sockets dropped during the run', (r) => count(r.droppedSockets));
  row('subscription errors / failed refetches', (r) => count(r.clientErrors));
  row('server RSS before subscribers', (r) => mb(r.memoryBefore.rss));
  row('server RSS, subscribers idle', (r) => mb(r.memoryIdle.rss));
  row('server memory per idle subscriber (RSS)', (r) => kb(perSubscriber(r, 'rss')), {
    value: (r) => perSubscriber(r, 'rss'),
    target: '≤ 16 KiB',
    result: ours ? verdict('≤ 16 KiB per idle subscriber', perSubscriber(ours, 'rss') <= 16 * 1024) : '',
  });
  row('  of which JS heap', (r) => kb(perSubscriber(r, 'heapUsed')), { value: (r) => perSubscriber(r, 'heapUsed') });
  if (subscribers >= 10_000) {
    const heldAll = ours ? ours.connected === subscribers && ours.held >= subscribers && ours.droppedSockets === 0 : false;
    row('all subscribers held by one instance', (r) => (r.connected === subscribers && r.held >= subscribers && r.droppedSockets === 0 ? 'yes' : 'no'), {
      target: `${count(subscribers)} held`,
      result: ours ? verdict('10,000 subscribers held by one instance', heldAll) : '',
    });
  }

  const systems: SystemName[] = ['staffsync', 'baseline', 'notice'];
  for (const system of systems) {
    const outcome = outcomes[system];
    if (outcome && 'error' in outcome) {
      if (system === 'staffsync') verdicts.failures.push(`the StaffSync run with ${count(subscribers)} subscribers failed: ${outcome.error}`);
      rows.push([`${system} run failed`, ...systems.map((column) => (column === system ? outcome.error : '')), '', '', '', '']);
    }
  }
  for (const result of [ours, theirs, notice]) {
    const busiest = result ? Math.max(...result.loadAverage) : 0;
    if (result && busiest > availableParallelism()) {
      verdicts.warnings.push(
        `the machine was busy with other work during the ${result.system} run with ${count(subscribers)} subscribers (load average up to ${busiest.toFixed(1)} on ${availableParallelism()} CPUs): its latency and throughput figures are pessimistic`,
      );
    }
  }
  if (ours) {
    verdicts.checked += ours.expected;
    if (ours.writes.timedOut > 0) {
      verdicts.warnings.push(
        `${count(ours.writes.timedOut)} of ${count(ours.writes.changes + ours.writes.timedOut + ours.writes.failed)} StaffSync writes with ${count(subscribers)} subscribers got no response within ${config.writeTimeoutSeconds} s: their deliveries could not be checked`,
      );
    }
  }
  const notes = [ours, theirs, notice]
    .filter((result): result is ScenarioResult => result !== undefined)
    .flatMap((result) => [
      result.firstConnectError ? `${result.system}: ${count(result.connectFailed)} sockets failed to open: ${result.firstConnectError}` : '',
      result.writes.firstFailure ? `${result.system}: first failed write: ${result.writes.firstFailure}` : '',
      result.writes.lateSends ? `${result.system}: ${count(result.writes.lateSends)} writes left > 10 ms behind schedule (the driver was starved of CPU)` : '',
      `${result.system}: machine load average (1 min) ${result.loadAverage[0].toFixed(1)} at start, ${result.loadAverage[1].toFixed(1)} at end`,
    ])
    .filter(Boolean);

  const title = `### ${count(subscribers)} subscribers, ${rate} changes/s for ${config.seconds} s`;
  const header = ['', 'StaffSync', 'baseline (notice + refetch)', 'bare notice', 'StaffSync / baseline', 'StaffSync / notice', 'target', ''];
  return [title, '', markdownTable(header, rows), ...notes.map((note) => `- ${note}`)].join('\n');
}

/** What the reader needs to trust (or discount) the numbers. */
export function methodNotes(config: BenchConfig, workers: (subscribers: number) => number): string {
  const placements = config.fanOuts.map(({ subscribers: n }) => `${workers(n)} worker process(es) for ${count(n)}`);
  return [
    'How to read this:',
    '- Latency: from the moment the write\'s HTTP response arrived at the writer to the moment a subscriber had the change;',
    '  one monotonic clock shared by all bench processes. A delivery that never arrived counts as infinitely late in',
    '  the percentiles. Percentiles are from 1 %-wide histogram buckets.',
    '- Memory: server RSS after a forced full GC, before any subscriber and with all subscribers connected and idle;',
    '  per subscriber = difference / subscribers. Each server runs in its own process.',
    ...(placements.length > 0
      ? [`- Subscribers live in ${placements.join(', ')}, on the same`, '  CPUs as the server, so client-side work is part of every latency (for both systems alike).']
      : []),
    '- Baseline: the replaced design (plain `ws` server + REST on node:http + an in-memory Map, no auth, no database).',
    '  After each write it broadcasts a notice; each client then GETs the receipt and has the change when that returns.',
    '  To be fair to it, the notice carries the changed receipt\'s id (the original said only "receipt changed", so',
    '  clients refetched lists), and each client runs one refetch at a time over a set of stale receipts, so several',
    '  notices for one receipt cost one GET. Refetches share a keep-alive pool of 64 connections per worker process.',
    '  A refetch returning version v delivers every version up to v; one returning a version the client already had',
    '  is counted as a duplicate (a redundant refetch).',
    '- Bare notice: the same server and socket, with clients that take the notice itself as the delivery: the',
    '  cheapest push there is (one small message, encoded once, to every socket), and the bar for server CPU per',
    '  delivery. CPU per delivery is the server process\'s own CPU time (process.cpuUsage) over the load window',
    '  divided by deliveries, so it holds up on a shared machine far better than latencies do; compare ratios.',
    '- Warm-up: each system first takes 5 s of the same load, whose deliveries are awaited and not counted, so the',
    '  window measures a server that has compiled its hot code, as one in production has.',
  ].join('\n');
}
