import { inArray, lt, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client';
import { signInFailures } from '../db/schema';

/** One budget of failed sign-ins. */
interface Limit {
  /** The row's key for this account and address. */
  key(account: string, address: string): string;
  max: number;
  windowSeconds: number;
}

/**
 * The budgets, as OWASP's guidance on brute force suggests: a tight one per account AT an address (the
 * guesser), so a wrong password typed elsewhere never locks the real user out; a slow one per account
 * from anywhere (a botnet spreading its guesses); one per address across accounts (password spraying),
 * loose enough for an office behind one address.
 */
const limits: Limit[] = [
  { key: (account, address) => `account-at:${account}|${address}`, max: 5, windowSeconds: 15 * 60 },
  { key: (account) => `account:${account}`, max: 50, windowSeconds: 24 * 3600 },
  { key: (_account, address) => `address:${address}`, max: 100, windowSeconds: 15 * 60 },
];

/** An attempt that may go ahead, to be settled with `succeeded` when the password was right. */
export type Attempt = { throttled: false } | { throttled: true; retryAfterSeconds: number };

/**
 * Slows down password guessing with counts kept in the database, so the limits hold across instances
 * and for parallel requests: an attempt counts itself against every budget first, in one statement (each
 * row is updated atomically), and goes ahead only if none is over. A right password then takes its
 * count back.
 */
export class LoginLimiter {
  constructor(private readonly db: Queryable) {}

  async attempt(account: string, address: string): Promise<Attempt> {
    const maxOf = new Map(limits.map((limit) => [limit.key(account, address), limit.max]));
    const rows = await this.db
      .insert(signInFailures)
      .values(limits.map((limit) => ({ key: limit.key(account, address), failures: 1, windowStartedAt: sql`now()`, windowSeconds: limit.windowSeconds })))
      .onConflictDoUpdate({
        target: signInFailures.key,
        set: {
          failures: sql`case when ${signInFailures.windowStartedAt} <= now() - make_interval(secs => excluded.window_seconds) then 1 else ${signInFailures.failures} + 1 end`,
          windowStartedAt: sql`case when ${signInFailures.windowStartedAt} <= now() - make_interval(secs => excluded.window_seconds) then now() else ${signInFailures.windowStartedAt} end`,
          windowSeconds: sql`excluded.window_seconds`,
        },
      })
      .returning({ key: signInFailures.key, failures: signInFailures.failures, windowStartedAt: signInFailures.windowStartedAt, windowSeconds: signInFailures.windowSeconds });
    const now = Date.now();
    const waits = rows
      .filter((row) => row.failures > (maxOf.get(row.key) ?? 0))
      .map((row) => row.windowStartedAt.getTime() + row.windowSeconds * 1000 - now);
    if (waits.length === 0) return { throttled: false };
    return { throttled: true, retryAfterSeconds: Math.max(1, Math.ceil(Math.max(...waits) / 1000)) };
  }

  /** The password was right: this account at this address starts afresh, and the other budgets take the attempt back. */
  async succeeded(account: string, address: string): Promise<void> {
    const [pair, ...others] = limits.map((limit) => limit.key(account, address));
    await this.db.delete(signInFailures).where(inArray(signInFailures.key, [pair!]));
    await this.db
      .update(signInFailures)
      .set({ failures: sql`greatest(${signInFailures.failures} - 1, 0)` })
      .where(inArray(signInFailures.key, others));
  }
}

/** Forgets windows that have closed (retention calls it). */
export async function pruneSignInFailures(db: Queryable): Promise<void> {
  await db.delete(signInFailures).where(lt(signInFailures.windowStartedAt, sql`now() - make_interval(secs => ${signInFailures.windowSeconds})`));
}
