import { availableParallelism } from 'node:os';
import type { BenchConfig } from './config';
import { count, kb, markdownTable, mb, ms, ratio } from './format';
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

/** One table for one subscriber count: StaffSync and the baseline side by side, ratios and targets. */
export function renderComparison(subscribers: number, outcomes: { staffsync: Outcome; baseline: Outcome }, config: BenchConfig, verdicts: Verdicts): string {
  const ours = outcomes.staffsync && 'result' in outcomes.staffsync ? outcomes.staffsync.result : undefined;
  const theirs = outcomes.baseline && 'result' in outcomes.baseline ? outcomes.baseline.result : undefined;
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
  const row = (metric: string, show: (result: ScenarioResult) => string, extra: { ratio?: string; target?: string; result?: string } = {}) =>
    rows.push([metric, ours ? show(ours) : '', theirs ? show(theirs) : '', extra.ratio ?? '', extra.target ?? '', extra.result ?? '']);

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
  row('delivery latency p50', (r) => ms(p(r, 0.5) ?? NaN), { ratio: ratio(p(ours, 0.5), p(theirs, 0.5)) });
  row('delivery latency p95', (r) => ms(p(r, 0.95) ?? NaN), { ratio: ratio(p(ours, 0.95), p(theirs, 0.95)) });
  row('delivery latency p99', (r) => ms(p(r, 0.99) ?? NaN), {
    ratio: ratio(p(ours, 0.99), p(theirs, 0.99)),
    target: latencyTarget ? `≤ 50 ms${config.rate === 50 ? '' : ' (set at 50/s)'}` : '',
    result: latencyTarget && ours ? verdict('p99 ≤ 50 ms', p99ok) : '',
  });
  row('latency from write sent, p50 / p99', (r) => `${ms(r.latencyFromSent.quantile(0.5, r.expected))} / ${ms(r.latencyFromSent.quantile(0.99, r.expected))}`, {
    ratio: ratio(ours?.latencyFromSent.quantile(0.99, ours.expected), theirs?.latencyFromSent.quantile(0.99, theirs.expected)),
  });
  row('deliveries per second', (r) => count(r.deliveriesPerSecond), {
    ratio: ratio(ours?.deliveriesPerSecond, theirs?.deliveriesPerSecond),
    target: `offered ${count(config.rate * subscribers)}`,
  });
  row('server CPU, first write to last delivery', (r) => `${Number.isNaN(r.serverCpuSeconds) ? 'unknown (server busy)' : `${r.serverCpuSeconds.toFixed(1)} s`} in ${r.windowSeconds.toFixed(1)} s`, {
    ratio: ratio(ours?.serverCpuSeconds, theirs?.serverCpuSeconds),
  });
  const cpuPerDelivery = (r: ScenarioResult | undefined) =>
    r && r.latency.total > 0 && !Number.isNaN(r.serverCpuSeconds) ? (r.serverCpuSeconds * 1e6) / r.latency.total : undefined;
  row('server CPU per delivery', (r) => {
    const value = cpuPerDelivery(r);
    return value === undefined ? '—' : `${value.toFixed(1)} µs`;
  }, { ratio: ratio(cpuPerDelivery(ours), cpuPerDelivery(theirs)) });
  row('subscriber workers\' CPU, same span', (r) => `${r.clientCpuSeconds.toFixed(1)} s`, {
    ratio: ratio(ours?.clientCpuSeconds, theirs?.clientCpuSeconds),
  });
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
  row('out-of-order deliveries', (r) => (r.system === 'baseline' ? 'n/a' : count(r.outOfOrder)), {
    target: '0',
    result: mustBeZero('out-of-order deliveries', ours?.outOfOrder),
  });
  row('delivered before the write response (clamped to 0)', (r) => count(r.early));
  row('events of no answered write (e.g. timed-out writes)', (r) => (r.system === 'baseline' ? 'n/a' : count(r.unexpected)));
  row('sockets dropped during the run', (r) => count(r.droppedSockets));
  row('subscription errors / failed refetches', (r) => count(r.clientErrors));
  row('server RSS before subscribers', (r) => mb(r.memoryBefore.rss));
  row('server RSS, subscribers idle', (r) => mb(r.memoryIdle.rss));
  row('server memory per idle subscriber (RSS)', (r) => kb(perSubscriber(r, 'rss')), {
    ratio: ratio(ours && perSubscriber(ours, 'rss'), theirs && perSubscriber(theirs, 'rss')),
    target: '≤ 20 KB',
    result: ours ? verdict('≤ 20 KB per idle subscriber', perSubscriber(ours, 'rss') <= 20 * 1024) : '',
  });
  row('  of which JS heap', (r) => kb(perSubscriber(r, 'heapUsed')), {
    ratio: ratio(ours && perSubscriber(ours, 'heapUsed'), theirs && perSubscriber(theirs, 'heapUsed')),
  });
  if (subscribers >= 10_000) {
    const heldAll = ours ? ours.connected === subscribers && ours.held >= subscribers && ours.droppedSockets === 0 : false;
    row('all subscribers held by one instance', (r) => (r.connected === subscribers && r.held >= subscribers && r.droppedSockets === 0 ? 'yes' : 'no'), {
      target: `${count(subscribers)} held`,
      result: ours ? verdict('10,000 subscribers held by one instance', heldAll) : '',
    });
  }

  for (const [system, outcome] of Object.entries(outcomes)) {
    if (outcome && 'error' in outcome) {
      if (system === 'staffsync') verdicts.failures.push(`the StaffSync run with ${count(subscribers)} subscribers failed: ${outcome.error}`);
      rows.push([`${system} run failed`, system === 'staffsync' ? outcome.error : '', system === 'baseline' ? outcome.error : '', '', '', '']);
    }
  }
  for (const result of [ours, theirs]) {
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
  const notes = [ours, theirs]
    .filter((result): result is ScenarioResult => result !== undefined)
    .flatMap((result) => [
      result.firstConnectError ? `${result.system}: ${count(result.connectFailed)} sockets failed to open: ${result.firstConnectError}` : '',
      result.writes.firstFailure ? `${result.system}: first failed write: ${result.writes.firstFailure}` : '',
      result.writes.lateSends ? `${result.system}: ${count(result.writes.lateSends)} writes left > 10 ms behind schedule (the driver was starved of CPU)` : '',
      `${result.system}: machine load average (1 min) ${result.loadAverage[0].toFixed(1)} at start, ${result.loadAverage[1].toFixed(1)} at end`,
    ])
    .filter(Boolean);

  const title = `### ${count(subscribers)} subscribers, ${config.rate} changes/s for ${config.seconds} s`;
  return [title, '', markdownTable(['', 'StaffSync', 'baseline', 'StaffSync / baseline', 'target', ''], rows), ...notes.map((note) => `- ${note}`)].join('\n');
}

/** What the reader needs to trust (or discount) the numbers. */
export function methodNotes(config: BenchConfig, workers: (subscribers: number) => number): string {
  return [
    'How to read this:',
    '- Latency: from the moment the write\'s HTTP response arrived at the writer to the moment a subscriber had the change;',
    '  one monotonic clock shared by all bench processes. A delivery that never arrived counts as infinitely late in',
    '  the percentiles. Percentiles are from 1 %-wide histogram buckets.',
    '- Memory: server RSS after a forced full GC, before any subscriber and with all subscribers connected and idle;',
    '  per subscriber = difference / subscribers. Each server runs in its own process.',
    `- Subscribers live in ${config.subscriberCounts.map((n) => `${workers(n)} worker process(es) for ${count(n)}`).join(', ')}, on the same`,
    '  CPUs as the server, so client-side work is part of every latency (for both systems alike).',
    '- Baseline: the replaced design (plain `ws` server + REST on node:http + an in-memory Map, no auth, no database).',
    '  After each write it broadcasts a notice; each client then GETs the receipt and has the change when that returns.',
    '  To be fair to it, the notice carries the changed receipt\'s id (the original said only "receipt changed", so',
    '  clients refetched lists), and each client runs one refetch at a time over a set of stale receipts, so several',
    '  notices for one receipt cost one GET. Refetches share a keep-alive pool of 64 connections per worker process.',
    '  A refetch returning version v delivers every version up to v; one returning a version the client already had',
    '  is counted as a duplicate (a redundant refetch).',
  ].join('\n');
}
