import { startApp } from '../server/app';
import { readConfig } from '../server/config';
import { createLogger } from '../server/logger';
import { reportFailure, serveBenchIpc } from './child-ipc';

/**
 * The StaffSync server under test, in its own process so its memory is measured apart from the bench's
 * clients. Configured by the environment the driver passes (PORT=0, DATA_DIR or DATABASE_URL, ...).
 */
async function main(): Promise<void> {
  const config = readConfig(process.env);
  const app = await startApp({ config, log: createLogger(config) });
  serveBenchIpc({
    url: app.url,
    subscriptions: () => app.subscriptions().subscribers,
    stop: () => app.stop(),
  });
}

main().catch(reportFailure);
