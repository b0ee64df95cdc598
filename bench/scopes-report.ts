import type { BenchConfig, ScopesRun } from './config';
import { count, markdownTable, ms } from './format';
import { subscriberCount } from './population';
import { comparisonRow, cpuPerDelivery, type Outcome, type Verdicts } from './report';
import type { ScenarioResult } from './scenario';

/** The three runs of one realistic-scopes size: StaffSync with everyone in their own scope, and its two baselines. */
export interface ScopesOutcomes {
  /** Employees, supervisors and admins, each seeing only what their role reaches. */
  scoped: Outcome;
  /** StaffSync with as many subscribers, all signed in as one admin: one group, the fan-out part's case. */
  shared: Outcome;
  /** The bare-notice broadcast to as many subscribers: the bar for CPU per delivery. */
  notice: Outcome;
}

/** p99 targets of issue 12: 50 ms at 50 changes/s (1,000 employees), 250 ms at 10 changes/s (10,000). */
export const scopesLatencyTarget = (run: ScopesRun): number => (run.rate >= 50 ? 50 : 250);

const resultOf = (outcome: Outcome) => (outcome && 'result' in outcome ? outcome.result : undefined);
const p = (result: ScenarioResult, q: number) => result.latency.quantile(q, result.expected);
const cpuPerChange = (r: ScenarioResult) => (Number.isNaN(r.serverCpuSeconds) || r.writes.changes === 0 ? undefined : (r.serverCpuSeconds * 1e3) / r.writes.changes);
/** Subscription groups that executed per change: the work grouping saves shows here (NaN: the server does not say). */
const executionsPerChange = (r: ScenarioResult) => (r.server.events > 0 ? r.server.executions / r.server.events : Number.NaN);
/** Subscription groups that checked each change against their rights: the groups it woke (NaN: the server does not say). */
const checksPerChange = (r: ScenarioResult) => (r.server.events > 0 ? r.server.checks / r.server.events : Number.NaN);

/**
 * The realistic-scopes table: the scoped run beside StaffSync with one shared scope and the bare notice
 * at the same subscriber count, with the targets of issue 12, item 5.
 */
export function renderScopes(run: ScopesRun, outcomes: ScopesOutcomes, config: BenchConfig, verdicts: Verdicts, pinned: boolean): string {
  const scoped = resultOf(outcomes.scoped);
  const shared = resultOf(outcomes.shared);
  const notice = resultOf(outcomes.notice);
  const subscribers = subscriberCount(run.population);
  const target = scopesLatencyTarget(run);
  const rows: string[][] = [];
  const row = comparisonRow(rows, [scoped, shared, notice]);
  const label = `realistic scopes, ${count(run.population.employees)} employees at ${run.rate}/s`;
  const verdict = (name: string, pass: boolean) => {
    verdicts.targets.push({ name: `${name} (${label})`, pass });
    return pass ? 'PASS' : 'FAIL';
  };
  const mustBeZero = (name: string, value: number | undefined) => {
    if (value === undefined) return '';
    if (value > 0) verdicts.failures.push(`${count(value)} ${name} (${label})`);
    return value === 0 ? 'PASS' : 'FAIL';
  };
  const staffSyncOnly = (r: ScenarioResult, show: () => string) => (r.system === 'notice' ? 'n/a' : show());

  row('subscribers connected (server holds)', (r) => `${count(r.connected)} (${count(r.held)})`);
  row('subscription groups held', (r) => staffSyncOnly(r, () => count(r.server.groups)));
  row('writes answered / sent', (r) => `${count(r.writes.changes)} / ${count(r.writes.creates + r.writes.updates)}`);
  row('write round trip p50 / p99', (r) => `${ms(r.writes.p50)} / ${ms(r.writes.p99)}`);
  row('deliveries expected', (r) => count(r.expected));
  row('deliveries per change', (r) => (r.writes.changes > 0 ? (r.expected / r.writes.changes).toFixed(1) : '—'));
  row('groups executed per change', (r) => staffSyncOnly(r, () => (Number.isNaN(executionsPerChange(r)) ? '—' : executionsPerChange(r).toFixed(2))), {
    value: (r) => executionsPerChange(r),
  });
  row('groups checking each change', (r) => staffSyncOnly(r, () => (Number.isNaN(checksPerChange(r)) ? '—' : checksPerChange(r).toFixed(2))), {
    value: (r) => checksPerChange(r),
  });
  row('delivery latency p50', (r) => ms(p(r, 0.5)), { value: (r) => p(r, 0.5) });
  row('delivery latency p99', (r) => ms(p(r, 0.99)), {
    value: (r) => p(r, 0.99),
    target: `≤ ${target} ms`,
    result: scoped ? verdict(`p99 ≤ ${target} ms`, p(scoped, 0.99) <= target) : '',
  });
  row('server CPU, first write to last delivery', (r) => (Number.isNaN(r.serverCpuSeconds) ? 'unknown' : `${r.serverCpuSeconds.toFixed(1)} s in ${r.windowSeconds.toFixed(1)} s`), {
    value: (r) => r.serverCpuSeconds,
  });
  row('server CPU per change', (r) => {
    const value = cpuPerChange(r);
    return value === undefined ? '—' : `${value.toFixed(2)} ms`;
  }, { value: cpuPerChange });
  row('server CPU per delivery', (r) => {
    const value = cpuPerDelivery(r);
    return value === undefined ? '—' : `${value.toFixed(1)} µs`;
  }, { value: cpuPerDelivery });
  row('lost deliveries', (r) => count(r.lost), { target: '0', result: mustBeZero('lost deliveries', scoped?.lost) });
  row('duplicated deliveries', (r) => count(r.duplicates), { target: '0', result: mustBeZero('duplicated deliveries', scoped?.duplicates) });
  row('out-of-order deliveries', (r) => count(r.outOfOrder), { target: '0', result: mustBeZero('out-of-order deliveries', scoped?.outOfOrder) });
  row('delivered outside the receiver\'s scope', (r) => count(r.outOfScope), { target: '0', result: mustBeZero('deliveries outside the receiver\'s scope', scoped?.outOfScope) });
  row('sockets dropped / subscription errors', (r) => `${count(r.droppedSockets)} / ${count(r.clientErrors)}`);

  const columns: Array<[string, Outcome]> = [['realistic scopes', outcomes.scoped], ['one shared scope', outcomes.shared], ['bare notice', outcomes.notice]];
  for (const [name, outcome] of columns) {
    if (!outcome || !('error' in outcome)) continue;
    if (outcome === outcomes.scoped) verdicts.failures.push(`the realistic-scopes run failed (${label}): ${outcome.error}`);
    rows.push([`${name} run failed`, outcome.error, '', '', '', '', '', '']);
  }
  if (scoped) verdicts.checked += scoped.expected;

  const notes = columns
    .map(([name, outcome]) => resultOf(outcome) && [name, resultOf(outcome)!] as const)
    .filter((entry): entry is readonly [string, ScenarioResult] => Boolean(entry))
    .map(([name, r]) => `${name}: machine load average (1 min) ${r.loadAverage[0].toFixed(1)} at start, ${r.loadAverage[1].toFixed(1)} at end`);
  const { employees, supervisors, admins } = run.population;
  const title = `### Realistic scopes: ${count(employees)} employees, ${count(supervisors)} supervisors, ${count(admins)} admins (${count(subscribers)} subscribers), ${run.rate} changes/s for ${config.seconds} s`;
  const header = ['', 'StaffSync, realistic scopes', 'StaffSync, one shared scope', 'bare notice', 'scopes / shared', 'scopes / notice', 'target', ''];
  const pinning = pinned ? 'each server pinned to one CPU (taskset); the subscriber workers share both' : 'servers not pinned (taskset not found)';
  return [title, '', markdownTable(header, rows), ...[pinning, ...notes].map((note) => `- ${note}`)].join('\n');
}
