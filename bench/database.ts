import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

export interface ThrowawayDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Databases made by this run and not yet dropped, so an interrupted bench can still drop them. */
const live = new Set<ThrowawayDatabase>();

/** A fresh, empty database on the PostgreSQL server at `adminUrl`, for one server under test. */
export async function createThrowawayDatabase(adminUrl: string): Promise<ThrowawayDatabase> {
  const name = `staffsync_bench_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database: ThrowawayDatabase = {
    url: url.toString(),
    async drop() {
      live.delete(database);
      const cleanup = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        // `with (force)` ends the server child's connections if it did not close them itself.
        await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
  live.add(database);
  return database;
}

export async function dropLiveDatabases(): Promise<void> {
  await Promise.allSettled([...live].map((database) => database.drop()));
}
