import type { Logger as DrizzleLogger } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { projectPath } from '../project-root';
import type * as schema from './schema';

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

/** The SQL migrations, applied at start on either engine. */
export const migrationsFolder = projectPath('drizzle');

/**
 * Opens the configured engine and applies pending migrations (idempotent on both engines). Each engine's
 * code is loaded only when it is used: a server on PostgreSQL never loads the embedded database.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  const logger: DrizzleLogger | undefined = options.onQuery
    ? { logQuery: (query) => options.onQuery?.(query) }
    : undefined;
  if (options.databaseUrl) {
    const { openPostgres } = await import('./postgres-engine');
    return openPostgres(options.databaseUrl, options.poolSize ?? 10, logger);
  }
  const { openPglite } = await import('./pglite-engine');
  return openPglite(options.dataDir ?? './.data', logger);
}
