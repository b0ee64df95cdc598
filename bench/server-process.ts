import { startApp } from '../server/app';
import { readConfig } from '../server/config';
import { createLogger } from '../server/logger';
import { reportFailure, serveBenchIpc } from './child-ipc';
import { populationFromEnv, seedPopulation } from './population';

/**
 * The StaffSync server under test, in its own process so its memory is measured apart from the bench's
 * clients. Configured by the environment the driver passes (PORT=0, DATA_DIR or DATABASE_URL, ...);
 * BENCH_POPULATION asks it to seed the people of the realistic-scopes scenario first.
 */
async function main(): Promise<void> {
  const config = readConfig(process.env);
  const app = await startApp({ config, log: createLogger(config) });
  const spec = populationFromEnv(process.env);
  const population = spec ? await seedPopulation(app.services.db, spec, config.sessionTtlMs) : undefined;
  const { metrics } = app.services;
  serveBenchIpc({
    url: app.url,
    population,
    subscriptions: () => app.subscriptions().subscribers,
    async deliveryCounts() {
      const [events, executions, checks] = await Promise.all([metrics.eventsRead.get(), metrics.groupExecutions.get(), metrics.groupChecks.get()]);
      const first = (metric: typeof events) => metric.values[0]?.value ?? 0;
      return { groups: app.subscriptions().groups, events: first(events), executions: first(executions), checks: first(checks) };
    },
    stop: () => app.stop(),
  });
}

main().catch(reportFailure);
