import { startApp } from './app';
import { ConfigError, readConfig } from './config';
import { demoAccounts, demoPassword } from './db/seed-demo';
import { createLogger } from './logger';

async function main(): Promise<void> {
  let config;
  try {
    config = readConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger(config);
  const app = await startApp({ config, log }).catch((error: unknown) => {
    console.error(`StaffSync could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
  console.log(`\nStaffSync is running on ${app.url}`);
  console.log(`  portal    ${app.url}/`);
  console.log(`  GraphiQL  ${app.url}/graphql`);
  if (config.seedDemo) console.log(`  demo sign-in: ${demoAccounts.supervisor} / ${demoPassword} (see README for all demo accounts)\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => process.exit(1), 10_000);
    deadline.unref();
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  // A throw nothing could catch leaves the process in an unknown state: log it and exit, so a supervisor restarts it.
  process.on('uncaughtException', (error) => {
    log.fatal({ err: error }, 'uncaught exception; exiting');
    process.exit(1);
  });
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

void main();
