import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { DatabaseHandle } from '../db/client';
import type { Metrics } from '../observability/metrics';
import { changeChannel, latestPosition, prunedThrough, readChanges, readDatabaseId, type ChangeEvent } from '../changelog/change-log';
import { encodeCursor, stampOf } from '../changelog/cursor';
import type { ChangeListener, FeedView } from './feed-view';

const heartbeatChannel = 'staffsync_heartbeat';

/** Listeners called per turn of the event loop when dispatching (see `dispatch`). */
const listenersPerTurn = 250;

export interface ChangeFeedOptions {
  /** Events read per query while catching up. Default 500. */
  batchSize?: number;
  /**
   * Safety poll when no notification arrives, in ms (a NOTIFY can be lost while the listening connection
   * reconnects; the log is the source of truth). Default 1000.
   */
  pollIntervalMs?: number;
  /** Newest events kept in memory for replays (at least; up to an eighth more), so resuming clients rarely touch the database. Default 10,000. */
  recentCapacity?: number;
}

/**
 * Tails the change log for this instance: each new event is read from the database once, in position
 * order, and handed to every local listener (the subscriptions of this instance). Woken by NOTIFY after
 * each commit, from any instance.
 */
export class ChangeFeed implements FeedView {
  private readonly listeners = new Set<ChangeListener>();
  private position = 0;
  private reading: Promise<void> | null = null;
  private wakeAgain = false;
  private stopListening: (() => Promise<void>) | null = null;
  private stopHeartbeat: (() => Promise<void>) | null = null;
  private heardAt = 0;
  private pollTimer: NodeJS.Timeout | null = null;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly recentCapacity: number;
  /** Every event after `recentAfter`, in position order: nothing committed in that range is missing. */
  private recent: ChangeEvent[] = [];
  private recentAfter = 0;
  private prunedPosition = 0;
  private identity = '';

  constructor(
    private readonly database: DatabaseHandle,
    private readonly log: Logger,
    private readonly metrics: Metrics,
    options: ChangeFeedOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.recentCapacity = options.recentCapacity ?? 10_000;
  }

  /**
   * The events after `position` that this instance has read, or null when `position` is older than
   * what it keeps in memory (the caller then reads the log). Events after `lastPosition` are not
   * included: they reach subscribers live.
   */
  eventsAfter(position: number): ChangeEvent[] | null {
    if (position < this.recentAfter) return null;
    const first = this.recent.findIndex((event) => event.position > position);
    return first === -1 ? [] : this.recent.slice(first);
  }

  /**
   * The cursor stamp of the change at `position` from memory: null when the log has none there (a gap),
   * undefined when `position` is outside what this instance keeps (the caller then asks the log).
   */
  stampAt(position: number): string | null | undefined {
    if (position <= this.recentAfter || position > this.position) return undefined;
    const event = this.recent.find((candidate) => candidate.position === position);
    return event ? stampOf(event.at) : null;
  }

  /** The last position this instance has read and dispatched. */
  get lastPosition(): number {
    return this.position;
  }

  /**
   * Positions at or below this were pruned by retention (refreshed with every poll): a cursor below it
   * must resync, even where this instance still has the events in memory, so every instance answers alike.
   */
  get horizon(): number {
    return this.prunedPosition;
  }

  /** Re-reads the retention horizon now (retention on this instance calls it after pruning). */
  async refreshHorizon(): Promise<void> {
    this.prunedPosition = await prunedThrough(this.database.db);
  }

  /**
   * Whether commit notifications reach this instance: a heartbeat sent through the database came back
   * within three poll intervals. Polling covers gaps either way, with up to a poll interval of delay.
   */
  get listening(): boolean {
    return this.stopListening !== null && Date.now() - this.heardAt < 3 * this.pollIntervalMs;
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /** The identity of the database this feed tails (read at start). */
  get databaseId(): string {
    return this.identity;
  }

  /** The cursor of a position; with the time of the change there, so a restored database is recognised. */
  cursorOf(position: number, at?: Date): string {
    return encodeCursor(position, this.identity, at ? stampOf(at) : undefined);
  }

  /**
   * The cursor of `lastPosition`, stamped when its change is still in memory. Everything at or before it
   * is committed, so a read that starts after this call sees all of it.
   */
  get lastCursor(): string {
    const last = this.recent[this.recent.length - 1];
    return this.cursorOf(this.position, last?.position === this.position ? last.at : undefined);
  }

  async start(): Promise<void> {
    this.identity = await readDatabaseId(this.database.db);
    this.position = await latestPosition(this.database.db);
    this.recentAfter = this.position;
    await this.refreshHorizon();
    this.stopListening = await this.database.listen(changeChannel, () => this.wake());
    // The driver reconnects its listening connection silently; a heartbeat through it tells whether it works.
    this.stopHeartbeat = await this.database.listen(heartbeatChannel, () => (this.heardAt = Date.now()));
    this.heardAt = Date.now();
    this.pollTimer = setInterval(() => {
      void this.wake();
      this.refreshHorizon().catch(() => {});
      this.database.db.execute(sql`select pg_notify(${heartbeatChannel}, '')`).catch(() => {});
    }, this.pollIntervalMs);
    this.pollTimer.unref();
  }

  async stop(): Promise<void> {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
    await this.stopListening?.().catch(() => {});
    await this.stopHeartbeat?.().catch(() => {});
    this.stopListening = null;
    this.stopHeartbeat = null;
    await this.reading;
  }

  /** Registers a listener for events read from now on; returns the function that removes it. */
  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Reads and dispatches everything new. Calls that arrive during a read cause one more read after it. */
  wake(): Promise<void> {
    if (this.reading) {
      this.wakeAgain = true;
      return this.reading;
    }
    this.reading = this.drain()
      .catch((error: unknown) => this.log.error({ err: error }, 'change feed read failed; retrying on next wake'))
      .finally(() => {
        this.reading = null;
        if (this.wakeAgain) {
          this.wakeAgain = false;
          void this.wake();
        }
      });
    return this.reading;
  }

  /**
   * Hands events to every listener, a slice of listeners per turn of the event loop: each listener
   * starts a delivery to a socket, and thousands of them in one turn would hold back HTTP requests.
   */
  private async dispatch(events: readonly ChangeEvent[]): Promise<void> {
    const listeners = [...this.listeners];
    for (let start = 0; start < listeners.length; start += listenersPerTurn) {
      if (start > 0) await new Promise((resolve) => setImmediate(resolve));
      for (const listener of listeners.slice(start, start + listenersPerTurn)) {
        // A listener removed while an earlier slice ran (its socket closed) gets nothing more.
        if (!this.listeners.has(listener)) continue;
        try {
          listener(events);
        } catch (error) {
          this.log.error({ err: error }, 'change listener failed');
        }
      }
    }
  }

  private remember(events: readonly ChangeEvent[]): void {
    this.recent.push(...events);
    // Cut an eighth of the capacity at a time, not at every read: each cut copies the whole window (by
    // default 10,000 references: 13 us and 80 KB of garbage, a quarter of the read's own CPU, at every read).
    const excess = this.recent.length - this.recentCapacity;
    if (excess > this.recentCapacity / 8) {
      this.recentAfter = this.recent[excess - 1]!.position;
      this.recent = this.recent.slice(excess);
    }
  }

  private async drain(): Promise<void> {
    for (;;) {
      const events = await readChanges(this.database.db, this.position, this.batchSize);
      if (events.length === 0) return;
      this.position = events[events.length - 1]!.position;
      this.metrics.eventsRead.inc(events.length);
      this.remember(events);
      await this.dispatch(events);
      if (events.length < this.batchSize) return;
    }
  }
}
