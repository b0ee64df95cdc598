import { count } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/client';
import { employees } from '../../server/db/schema';
import { postgresOnly } from '../support/engines';
import { startServerProcess, type ServerProcess } from '../support/server-process';

// Replicas sharing one database server: PostgreSQL only (TEST_DATABASE_URL).
describe.skipIf(postgresOnly.length === 0)('replicas starting together on a fresh PostgreSQL', () => {
  const engine = postgresOnly[0]!;

  it('take turns at migrating and seeding: all 3 start, twice over, and the demo data is there once', async () => {
    for (let round = 1; round <= 2; round++) {
      const database = await engine.createDatabase();
      const started: ServerProcess[] = [];
      try {
        const outcomes = await Promise.allSettled(
          Array.from({ length: 3 }, () => startServerProcess({ DATABASE_URL: database.databaseUrl!, SEED_DEMO: '1' }).then((instance) => started.push(instance))),
        );
        expect(outcomes.map((outcome) => (outcome.status === 'rejected' ? String(outcome.reason).slice(0, 300) : 'started')), `round ${round}`).toEqual(['started', 'started', 'started']);
        const check = await openDatabase({ databaseUrl: database.databaseUrl, poolSize: 1 });
        try {
          const [row] = await check.db.select({ total: count() }).from(employees);
          expect(row?.total).toBe(10);
        } finally {
          await check.close();
        }
      } finally {
        await Promise.all(started.map((instance) => instance.stop()));
        await database.drop();
      }
    }
  }, 240_000);
});
