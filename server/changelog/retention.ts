import { and, desc, lte, lt, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database } from '../db/client';
import { changeEvents, changeLogHorizon, idempotencyKeys } from '../db/schema';

export interface RetentionPolicy {
  /** Change events older than this are removed. */
  maxAgeMs: number;
  /** At most this many newest events are kept (unset: no count limit). */
  maxEvents?: number | undefined;
  /** Idempotency keys older than this are forgotten (a retry after that creates anew). */
  idempotencyKeyAgeMs: number;
}

/**
 * Removes change events past the retention window and records the highest removed position, so a
 * cursor at or below it gets "resync required" instead of silently missing events. Positions are
 * commit-ordered, so everything at or below the cut is removed and everything above it is kept.
 * Returns the new horizon (0 when nothing was ever removed).
 */
export async function pruneChangeLog(db: Database, policy: RetentionPolicy, now = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    const cutoff = new Date(now.getTime() - policy.maxAgeMs);
    const [byAge] = await tx.select({ position: sql<string | null>`max(${changeEvents.position})` }).from(changeEvents).where(lt(changeEvents.at, cutoff));
    // Positions have gaps (a rolled-back write, a provisional position), so count rows rather than subtract.
    const [byCount] = policy.maxEvents
      ? await tx.select({ position: changeEvents.position }).from(changeEvents).orderBy(desc(changeEvents.position)).offset(policy.maxEvents).limit(1)
      : [];
    const cut = Math.max(Number(byAge?.position ?? 0), byCount?.position ?? 0);
    if (cut > 0) {
      await tx.delete(changeEvents).where(lte(changeEvents.position, cut));
      await tx
        .insert(changeLogHorizon)
        .values({ id: 1, prunedThrough: cut })
        .onConflictDoUpdate({ target: changeLogHorizon.id, set: { prunedThrough: sql`greatest(${changeLogHorizon.prunedThrough}, ${cut})` } });
    }
    await tx.delete(idempotencyKeys).where(and(lt(idempotencyKeys.createdAt, new Date(now.getTime() - policy.idempotencyKeyAgeMs))));
    const [horizon] = await tx.select().from(changeLogHorizon);
    return horizon?.prunedThrough ?? 0;
  });
}

/**
 * Runs `pruneChangeLog` now and then every `intervalMs`, logging failures; `onPruned` runs after each
 * success (this instance's feed re-reads the horizon; others do within a poll). Returns the stopper.
 */
export function scheduleRetention(
  db: Database,
  policy: RetentionPolicy,
  intervalMs: number,
  log: Logger,
  onPruned: () => Promise<void>,
): () => void {
  const run = () =>
    pruneChangeLog(db, policy).then(
      (horizon) => {
        log.debug({ horizon }, 'change log pruned');
        return onPruned();
      },
      (error: unknown) => log.error({ err: error }, 'change log pruning failed'),
    );
  void run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
