import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Logger as DrizzleLogger } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema';

/** The one database type the rest of the server sees, whichever engine runs underneath. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
/** Either the database or an open transaction: both run queries. */
export type Queryable = Database | Transaction;

export type Engine = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Database;
  engine: Engine;
  /** Calls `onNotify` with the payload of every NOTIFY on `channel`, from any connection (on PGlite, this process). */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  /** A cheap round trip, for readiness checks. */
  ping(): Promise<void>;
  /**
   * Runs start-up schema work (migrations, demo seeding) while holding a lock that every instance takes
   * for it, so replicas starting together on one PostgreSQL take turns rather than race.
   */
  exclusively<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres:// URL; when absent the embedded engine is used. */
  databaseUrl?: string | undefined;
  /** Embedded data directory, or `memory://` for an in-memory database. */
  dataDir?: string;
  /** Sees every SQL statement (used by tests to count statements). */
  onQuery?: (query: string) => void;
  /** Connection pool size on PostgreSQL. */
  poolSize?: number;
}

const migrationsFolder = new URL('../../drizzle', import.meta.url).pathname;

/** Advisory lock key that serializes start-up schema work (migrations, seeding) across instances. */
const schemaWorkLock = 0x53594e43;

/** Opens the configured engine and applies pending migrations (idempotent on both engines). */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  const logger: DrizzleLogger | undefined = options.onQuery
    ? { logQuery: (query) => options.onQuery?.(query) }
    : undefined;
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10, logger);
  return openPglite(options.dataDir ?? './.data', logger);
}

async function openPostgres(url: string, poolSize: number, logger: DrizzleLogger | undefined): Promise<DatabaseHandle> {
  const client = postgres(url, {
    max: poolSize,
    onnotice: () => {},
    connect_timeout: 10,
    // Retry a lost server quickly: the default backoff grows with every failed attempt of the whole
    // pool (to 20 s), so a three-second restart left requests queued for ten seconds or more.
    backoff: (attempt) => Math.min(0.05 * 2 ** attempt, 0.5),
  });
  const db = drizzlePostgres(client, { schema, logger }) as unknown as Database;
  const exclusively = async <T>(work: () => Promise<T>): Promise<T> => {
    // A session-level advisory lock on a connection of its own (not one of the pool's: with a small pool,
    // holding one would leave the work none), held for the whole of the work.
    const lock = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
    try {
      await lock`select pg_advisory_lock(${schemaWorkLock})`;
      return await work();
    } finally {
      await lock.end({ timeout: 5 });
    }
  };
  await exclusively(() => migratePostgres(drizzlePostgres(client), { migrationsFolder }));
  return {
    db,
    engine: 'postgres',
    exclusively,
    async listen(channel, onNotify) {
      const subscription = await client.listen(channel, (payload) => onNotify(payload));
      return () => subscription.unlisten();
    },
    async ping() {
      await client`select 1`;
    },
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}

async function openPglite(dataDir: string, logger: DrizzleLogger | undefined): Promise<DatabaseHandle> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir);
  const db = drizzlePglite(client, { schema, logger }) as unknown as Database;
  await migratePglite(drizzlePglite(client), { migrationsFolder });
  return {
    db,
    engine: 'pglite',
    // One process owns an embedded database: there is no one to take turns with.
    exclusively: (work) => work(),
    async listen(channel, onNotify) {
      return client.listen(channel, (payload) => onNotify(payload));
    },
    async ping() {
      await client.query('select 1');
    },
    async close() {
      await client.close();
    },
  };
}
