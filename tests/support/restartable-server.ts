import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import type { EngineUnderTest } from './engines';
import { startTestServer, type TestServer } from './test-server';

/**
 * One server at a fixed address over a database that outlives it: restarted as a deployment does
 * (sockets closed with 1001, the same port again), and restorable from a backup taken while stopped.
 * PGlite keeps its data in a temporary folder; PostgreSQL in a throwaway database, backed up and
 * restored as a template copy.
 */
export interface RestartableServer {
  readonly current: TestServer;
  url: string;
  wsUrl: string;
  restart(): Promise<void>;
  /** Stops the server, copies its database, and starts it again. */
  backUp(): Promise<void>;
  /** Stops the server, puts the last backup in place of its database, and starts it again. */
  restoreBackup(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRestartableServer(engine: EngineUnderTest): Promise<RestartableServer> {
  const database = await engine.createDatabase();
  const folder = await mkdtemp(join(tmpdir(), 'staffsync-restartable-'));
  const dataDir = join(folder, 'data');
  const backupDir = join(folder, 'backup');
  const databaseName = database.databaseUrl ? new URL(database.databaseUrl).pathname.slice(1) : null;
  const backupName = databaseName ? `${databaseName}_backup` : null;
  const admin = database.databaseUrl ? postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} }) : null;

  let port: string | undefined;
  const start = () =>
    startTestServer(engine, {
      databaseUrl: database.databaseUrl,
      env: { ...(database.databaseUrl ? {} : { DATA_DIR: dataDir }), ...(port ? { PORT: port } : {}) },
    });
  let current = await start();
  port = new URL(current.url).port;

  const whileStopped = async (work: () => Promise<void>) => {
    await current.app.stop();
    await work();
    current = await start();
  };

  return {
    get current() {
      return current;
    },
    url: current.url,
    wsUrl: current.wsUrl,
    restart: () => whileStopped(async () => {}),
    backUp: () =>
      whileStopped(async () => {
        if (admin) {
          await admin.unsafe(`drop database if exists ${backupName}`);
          await admin.unsafe(`create database ${backupName} template ${databaseName}`);
        } else {
          await rm(backupDir, { recursive: true, force: true });
          await cp(dataDir, backupDir, { recursive: true });
        }
      }),
    restoreBackup: () =>
      whileStopped(async () => {
        if (admin) {
          await admin.unsafe(`drop database ${databaseName} with (force)`);
          await admin.unsafe(`create database ${databaseName} template ${backupName}`);
        } else {
          await rm(dataDir, { recursive: true, force: true });
          await cp(backupDir, dataDir, { recursive: true });
        }
      }),
    async stop() {
      await current.app.stop();
      if (admin) {
        await admin.unsafe(`drop database if exists ${backupName} with (force)`);
        await admin.end();
      }
      await database.drop();
      await rm(folder, { recursive: true, force: true });
    },
  };
}
