import type { Logger as DrizzleLogger } from 'drizzle-orm';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { migrationsFolder, type Database, type DatabaseHandle } from './client';
import { CommitGroups, enableCommitGroups } from './commit-groups';
import { preparingStatements } from './prepared-statements';
import * as schema from './schema';

/** Advisory lock key that serializes start-up schema work (migrations, seeding) across instances. */
const schemaWorkLock = 0x53594e43;

/** PostgreSQL through postgres.js: a pool for queries, LISTEN across processes, an advisory lock for start-up work. */
export async function openPostgres(url: string, poolSize: number, logger: DrizzleLogger | undefined): Promise<DatabaseHandle> {
  const client = postgres(url, {
    max: poolSize,
    onnotice: () => {},
    connect_timeout: 10,
    // Retry a lost server quickly: the default backoff grows with every failed attempt of the whole
    // pool (to 20 s), so a three-second restart left requests queued for ten seconds or more.
    backoff: (attempt) => Math.min(0.05 * 2 ** attempt, 0.5),
  });
  const preparing = preparingStatements(client);
  const db = drizzlePostgres(preparing, { schema, logger }) as unknown as Database;
  enableCommitGroups(db, new CommitGroups(preparing, logger));
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
