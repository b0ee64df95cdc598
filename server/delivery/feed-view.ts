import type { ChangeEvent } from '../changelog/change-log';
import type { DataType } from '../domain/data-type';

export type ChangeListener = (events: readonly ChangeEvent[]) => void;

/** What the delivery engine needs of the change feed (change-feed.ts); tests give it a fake. */
export interface FeedView {
  /** The last position read and dispatched to listeners. */
  readonly lastPosition: number;
  /** Positions at or below this were pruned: a cursor below it must resync. */
  readonly horizon: number;
  /** The cursor clients are given for a position of this log. */
  cursorOf(position: number, at?: Date): string;
  /** Events after `position` still in memory, or null when `position` is older than memory reaches. */
  eventsAfter(position: number): readonly ChangeEvent[] | null;
  /** Registers a listener for events read from now on; returns the function that removes it. */
  subscribe(listener: ChangeListener): () => void;
}

/** Reads the change log after a position, oldest first (a bounded page). */
export type LogReader = (after: number, limit: number, types: readonly DataType[] | null) => Promise<readonly ChangeEvent[]>;
