import type { Logger } from 'pino';
import type { DatabaseHandle } from '../db/client';
import type { Metrics } from '../observability/metrics';
import { changeChannel, latestPosition, readChanges, type ChangeEvent } from './change-log';

export type ChangeListener = (events: readonly ChangeEvent[]) => void;

export interface ChangeFeedOptions {
  /** Events read per query while catching up. Default 500. */
  batchSize?: number;
  /**
   * Safety poll when no notification arrives, in ms (a NOTIFY can be lost while the listening connection
   * reconnects; the log is the source of truth). Default 1000.
   */
  pollIntervalMs?: number;
}

/**
 * Tails the change log for this instance: each new event is read from the database once, in position
 * order, and handed to every local listener (the subscriptions of this instance). Woken by NOTIFY after
 * each commit, from any instance.
 */
export class ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();
  private position = 0;
  private reading: Promise<void> | null = null;
  private wakeAgain = false;
  private stopListening: (() => Promise<void>) | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;

  constructor(
    private readonly database: DatabaseHandle,
    private readonly log: Logger,
    private readonly metrics: Metrics,
    options: ChangeFeedOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
  }

  /** The last position this instance has read and dispatched. */
  get lastPosition(): number {
    return this.position;
  }

  /** Whether this instance is subscribed to commit notifications (polling covers gaps either way). */
  get listening(): boolean {
    return this.stopListening !== null;
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  async start(): Promise<void> {
    this.position = await latestPosition(this.database.db);
    this.stopListening = await this.database.listen(changeChannel, () => this.wake());
    this.pollTimer = setInterval(() => this.wake(), this.pollIntervalMs);
    this.pollTimer.unref();
  }

  async stop(): Promise<void> {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
    await this.stopListening?.().catch(() => {});
    this.stopListening = null;
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

  private async drain(): Promise<void> {
    for (;;) {
      const events = await readChanges(this.database.db, this.position, this.batchSize);
      if (events.length === 0) return;
      this.position = events[events.length - 1]!.position;
      this.metrics.eventsRead.inc(events.length);
      for (const listener of this.listeners) {
        try {
          listener(events);
        } catch (error) {
          this.log.error({ err: error }, 'change listener failed');
        }
      }
      if (events.length < this.batchSize) return;
    }
  }
}
