import type { ExpectedChange, WorkerScore } from './protocol';
import { Histogram } from './stats';

/**
 * Every delivery of every subscriber held by one worker process: for each change (`id:version`), the time each
 * subscriber received it. Flat typed arrays keep ~10 million (subscriber, change) slots cheap.
 *
 * Two ways a subscriber can hold a change:
 * - `exact` (StaffSync): each event names the change it carries; receiving one twice is a duplicate.
 * - `upTo` (baseline): a refetch returns the entity's current version, which brings the subscriber every
 *   earlier version too (it has the latest state); a refetch that returns a version it already had is
 *   counted as redundant.
 */
export class DeliveryLog {
  private readonly seen = new Map<string, Float64Array>();
  private expected: Set<string> | null = null;
  private delivered = 0;
  private duplicates = 0;
  droppedSockets = 0;
  clientErrors = 0;
  private lastDeliveryAt = 0;

  constructor(
    private readonly subscribers: number,
    /** Index of this log's first subscriber among all of them: audiences count from there. */
    private readonly first: number,
    private readonly mode: 'exact' | 'upTo',
  ) {}

  private slot(key: string): Float64Array {
    let times = this.seen.get(key);
    if (!times) {
      // 0 means "not received": nowMs() is time since boot, never 0 for a real delivery.
      times = new Float64Array(this.subscribers);
      this.seen.set(key, times);
    }
    return times;
  }

  private mark(times: Float64Array, key: string, subscriber: number, at: number): void {
    times[subscriber] = at;
    if (!this.expected || this.expected.has(key)) this.delivered += 1;
    if (at > this.lastDeliveryAt) this.lastDeliveryAt = at;
  }

  /** A StaffSync event carrying version `version` of `id`. */
  exact(subscriber: number, id: string, version: number, at: number): void {
    const key = `${id}:${version}`;
    const times = this.slot(key);
    if (times[subscriber] !== 0) {
      this.duplicates += 1;
      return;
    }
    this.mark(times, key, subscriber, at);
  }

  /** A baseline refetch that returned version `version` of `id`. */
  upTo(subscriber: number, id: string, version: number, at: number): void {
    if (this.slot(`${id}:${version}`)[subscriber] !== 0) {
      this.duplicates += 1;
      return;
    }
    for (let older = version; older >= 1; older--) {
      const key = `${id}:${older}`;
      const times = this.slot(key);
      if (times[subscriber] !== 0) break;
      this.mark(times, key, subscriber, at);
    }
  }

  /** Forgets the deliveries so far (the warm-up's): the measured run starts from here. Dropped sockets and client errors stay counted. */
  restart(): void {
    this.seen.clear();
    this.expected = null;
    this.delivered = 0;
    this.duplicates = 0;
    this.lastDeliveryAt = 0;
  }

  /** From now on, progress counts only these changes (the writes of this run). */
  expect(changes: readonly ExpectedChange[]): void {
    this.expected = new Set(changes.map((change) => change.key));
    this.delivered = 0;
    for (const key of this.expected) {
      const times = this.seen.get(key);
      if (times) for (const at of times) if (at !== 0) this.delivered += 1;
    }
  }

  progress(): { delivered: number } {
    return { delivered: this.delivered };
  }

  /** The change's audience among this log's subscribers; null: all of them. */
  private localAudience(change: ExpectedChange): Set<number> | null {
    if (!change.audience) return null;
    const local = new Set<number>();
    for (const subscriber of change.audience) {
      const index = subscriber - this.first;
      if (index >= 0 && index < this.subscribers) local.add(index);
    }
    return local;
  }

  score(changes: readonly ExpectedChange[]): Omit<WorkerScore, 'cpuMs'> {
    const histogram = new Histogram();
    const fromSent = new Histogram();
    let lost = 0;
    let early = 0;
    let outOfOrder = 0;
    let outOfScope = 0;
    const expected = new Set(changes.map((change) => change.key));
    for (const change of changes) {
      const times = this.seen.get(change.key);
      // Ordering: the previous version of the same entity, when this run wrote it too, must not arrive later.
      const separator = change.key.lastIndexOf(':');
      const previousKey = `${change.key.slice(0, separator)}:${Number(change.key.slice(separator + 1)) - 1}`;
      const previous = this.mode === 'exact' && expected.has(previousKey) ? this.seen.get(previousKey) : undefined;
      const audience = this.localAudience(change);
      for (let subscriber = 0; subscriber < this.subscribers; subscriber++) {
        const at = times?.[subscriber] ?? 0;
        if (audience && !audience.has(subscriber)) {
          if (at !== 0) outOfScope += 1;
          continue;
        }
        if (at === 0) {
          lost += 1;
          continue;
        }
        const before = previous?.[subscriber] ?? 0;
        if (previous && before !== 0 && before > at) outOfOrder += 1;
        const latency = at - change.respondedAt;
        if (latency < 0) early += 1;
        histogram.record(Math.max(0, latency));
        fromSent.record(Math.max(0, at - change.sentAt));
      }
    }
    let unexpected = 0;
    if (this.mode === 'exact') {
      for (const [key, times] of this.seen) if (!expected.has(key)) for (const at of times) if (at !== 0) unexpected += 1;
    }
    return {
      subscribers: this.subscribers,
      delivered: histogram.total,
      lost,
      duplicates: this.duplicates,
      outOfOrder,
      outOfScope,
      early,
      unexpected,
      droppedSockets: this.droppedSockets,
      clientErrors: this.clientErrors,
      histogram: histogram.toPairs(),
      histogramFromSent: fromSent.toPairs(),
      lastDeliveryAt: this.lastDeliveryAt,
    };
  }
}
