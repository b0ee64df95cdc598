import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

export interface EngineUnderTest {
  name: 'pglite' | 'postgres';
  /** A fresh, empty database for one server (or a group of servers sharing it); call `drop` after. */
  createDatabase(): Promise<{ databaseUrl: string | undefined; drop(): Promise<void> }>;
}

const pglite: EngineUnderTest = {
  name: 'pglite',
  createDatabase: async () => ({ databaseUrl: undefined, drop: async () => {} }),
};

/** PostgreSQL at TEST_DATABASE_URL: each call makes a throwaway database there, so test files run in parallel. */
function postgresEngine(adminUrl: string): EngineUnderTest {
  return {
    name: 'postgres',
    async createDatabase() {
      const name = `staffsync_test_${randomBytes(6).toString('hex')}`;
      const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${name}`);
      await admin.end();
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return {
        databaseUrl: url.toString(),
        async drop() {
          const cleanup = postgres(adminUrl, { max: 1, onnotice: () => {} });
          await cleanup.unsafe(`drop database if exists ${name} with (force)`);
          await cleanup.end();
        },
      };
    },
  };
}

/** The engines every API suite runs on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set (CI sets it). */
export const engines: EngineUnderTest[] = [
  pglite,
  ...(process.env.TEST_DATABASE_URL ? [postgresEngine(process.env.TEST_DATABASE_URL)] : []),
];

export const postgresOnly: EngineUnderTest[] = engines.filter((engine) => engine.name === 'postgres');
