import { sql } from 'drizzle-orm';
import { changeEvents } from '../db/schema';
import type { Transaction } from '../db/client';
import type { NewChange } from '../changelog/change-log';
import { historyInsert, recordHistory, type HistoryEvent } from './history';

/**
 * Appends change events and records history lines in the writer's transaction, in one statement (a
 * data-modifying WITH): every statement a write sends costs a round trip and the driver's work on both
 * sides, which is most of what a write costs the server.
 *
 * The events' positions are provisional, in the order given: a deferred trigger gives them their final,
 * commit-ordered positions as the transaction commits and wakes the change feeds
 * (drizzle/0001_commit_ordered_positions.sql), so a rolled-back write leaves no event and wakes no one.
 */
export async function recordChanges(tx: Transaction, changes: readonly NewChange[], history: readonly HistoryEvent[]): Promise<void> {
  if (changes.length === 0) return recordHistory(tx, history);
  const appended = tx.insert(changeEvents).values([...changes]);
  if (history.length === 0) {
    await appended;
    return;
  }
  await tx.execute(sql`with appended_changes as (${appended.getSQL()}) ${historyInsert(tx, history).getSQL()}`);
}
