import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Logger as DrizzleLogger } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrationsFolder, type Database, type DatabaseHandle } from './client';
import { copyEmbeddedTemplate, readEmbeddedTemplate } from './embedded-template';
import * as schema from './schema';

/**
 * PostgreSQL's default shared buffers (128 MB) are resident memory in the embedded engine, about half of
 * the process; a StaffSync database fits in far less (measured: 282 MB RSS after opening, 175 MB with these).
 */
export const embeddedSettings = 'shared_buffers = 16MB\n';

/** The embedded engine (PGlite), in a data folder or in memory: one process owns it. */
export async function openPglite(dataDir: string, logger: DrizzleLogger | undefined): Promise<DatabaseHandle> {
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const isNew = inMemory || !existsSync(join(dataDir, 'PG_VERSION'));
  // A new data folder on disk starts as a copy of the build's template; in memory, from its tarball.
  const template = isNew && (inMemory || !copyEmbeddedTemplate(dataDir)) ? readEmbeddedTemplate() : null;
  const client = await PGlite.create(dataDir, { postgresqlconf: embeddedSettings, ...(template ? { loadDataDir: template } : {}) });
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
