import { availableParallelism } from 'node:os';
import { cleanUpChildrenOnExit } from './children';
import { clientWorkerCount, readBenchConfig } from './config';
import { dropLiveDatabases } from './database';
import { descriptorProblem, openFileLimit } from './limits';
import type { SystemName } from './protocol';
import { methodNotes, renderComparison, type Outcome, type Verdicts } from './report';
import { subscriberCount } from './population';
import { runScenario, type ScenarioOptions } from './scenario';
import { renderScopes, type ScopesOutcomes } from './scopes-report';
import { canPinToOneCpu } from './server-child';
import { benchStartup } from './startup';
import { benchWritePath } from './write-path';

/**
 * `npm run bench`: for each subscriber count, puts the same write load on StaffSync and on the baseline
 * (the notify-then-refetch design it replaces), each server in its own process, and prints both side by
 * side. Missed performance targets are printed; lost, duplicated or reordered deliveries fail the run.
 */
async function main(): Promise<number> {
  const config = readBenchConfig();
  cleanUpChildrenOnExit(dropLiveDatabases);
  const workersFor = (subscribers: number) => clientWorkerCount(config, subscribers);
  const engine = config.databaseUrl ? 'PostgreSQL (a throwaway database, dropped after)' : 'PGlite in memory';
  const limit = openFileLimit();

  console.log(`## StaffSync bench — ${engine}; ${availableParallelism()} CPUs, Node ${process.versions.node}, ulimit -n ${limit ?? 'unknown'}\n`);
  const verdicts: Verdicts = { failures: [], targets: [], warnings: [], checked: 0 };
  if (config.startup) console.log(`${await benchStartup(config.databaseUrl, verdicts)}\n`);
  if (config.writePath) console.log(`${await benchWritePath(config, verdicts)}\n`);
  const attempt = async (system: SystemName, subscribers: number, options?: ScenarioOptions): Promise<Outcome> => {
    try {
      return { result: await runScenario(system, subscribers, config, options) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`[${system} × ${subscribers}] failed: ${message}`);
      return { error: message.split('\n')[0] ?? message };
    }
  };
  for (const { subscribers, rate } of config.fanOuts) {
    const outcomes: Record<SystemName, Outcome> = { staffsync: undefined, baseline: undefined, notice: undefined };
    const problem = descriptorProblem(subscribers, limit);
    for (const system of config.systems) {
      if (problem) {
        console.error(problem);
        outcomes[system] = { error: `skipped: ${problem}` };
        continue;
      }
      outcomes[system] = await attempt(system, subscribers, { rate });
    }
    // Print each table as soon as it is complete, so an interrupted run still shows what it measured.
    console.log(`${renderComparison({ subscribers, rate }, outcomes, config, verdicts)}\n`);
  }

  const pinToOneCpu = canPinToOneCpu();
  for (const run of config.scopes) {
    const subscribers = subscriberCount(run.population);
    const problem = descriptorProblem(subscribers, limit);
    const skipped = problem ? { error: `skipped: ${problem}` } : undefined;
    const options = { rate: run.rate, pinToOneCpu };
    // The same subscriber count and rate three ways: everyone in their own scope, everyone in one, and the bare notice.
    const outcomes: ScopesOutcomes = {
      scoped: skipped ?? (await attempt('staffsync', subscribers, { ...options, population: run.population })),
      shared: skipped ?? (await attempt('staffsync', subscribers, options)),
      notice: skipped ?? (await attempt('notice', subscribers, options)),
    };
    console.log(`${renderScopes(run, outcomes, config, verdicts, pinToOneCpu)}\n`);
  }

  console.log(methodNotes(config, workersFor));
  console.log('\nTargets (printed, never fail the run):');
  for (const target of verdicts.targets) console.log(`  ${target.pass ? 'PASS' : 'FAIL'}  ${target.name}`);
  for (const warning of verdicts.warnings) console.log(`\nWARNING: ${warning}`);
  if (verdicts.failures.length > 0) {
    console.log('\nFAILED — deliveries must be exactly once and in order:');
    for (const failure of verdicts.failures) console.log(`  - ${failure}`);
    return 1;
  }
  if (verdicts.checked > 0) {
    console.log(`\nNo lost, duplicated or reordered deliveries among the ${verdicts.checked.toLocaleString('en-US')} StaffSync deliveries checked.`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    console.error(error);
    await dropLiveDatabases();
    process.exit(1);
  },
);
