import type { Population } from './population';

/**
 * The IPC messages between the bench driver and its child processes. Server children (StaffSync and the
 * baseline) speak the same small protocol, so the driver measures both the same way.
 */

/**
 * `baseline`: the notify-then-refetch design StaffSync replaces; `notice`: the same server with clients that
 * take the bare notice itself as the delivery (the cheapest push there is: one small message, no payload).
 */
export type SystemName = 'staffsync' | 'baseline' | 'notice';

/** Server child → driver. */
export type ServerReport =
  | { kind: 'ready'; url: string; population?: Population }
  | { kind: 'failed'; message: string }
  | {
      kind: 'memory';
      /** Resident set size after a full GC, in bytes. */
      rss: number;
      heapUsed: number;
      /** CPU time (user + system) the process has used so far, read before the GC, in ms: where a load window ends. */
      cpuMs: number;
      /** Subscriptions the server holds right now (what a subscriber waits for before the load starts). */
      subscriptions: number;
    } & DeliveryCounts
  /** CPU time (user + system) the process has used so far, in ms, and the delivery counts, read without a GC. */
  | ({ kind: 'counters'; cpuMs: number } & DeliveryCounts)
  | { kind: 'profiled'; file: string | null };

/** What a StaffSync server says about its delivery engine (all 0 for the baseline server). */
export interface DeliveryCounts {
  /** Subscription groups held: subscribers with equal operations and scopes share one. */
  groups: number;
  /** Change events read from the log so far. */
  events: number;
  /** Times a group executed an event for its members (once per event and group that received it). */
  executions: number;
  /** Times a group checked an event against its rights (once per event and group it was offered to). */
  checks: number;
}

/** Driver → server child. */
export type ServerCommand =
  | { kind: 'memory' }
  /**
   * CPU time and delivery counts without `memory`'s forced GCs: three full GCs in a row age every function's
   * bytecode, so V8 drops code that was idle through them and compiles it again under the next load, on its
   * compiler threads, and a load window that starts there measures that recompiling too.
   */
  | { kind: 'counters' }
  | { kind: 'stop' }
  /** Start a V8 CPU profile of the server's main thread (the load window only, not start-up). */
  | { kind: 'profile-start' }
  /** Stop it and write it to `file` (a .cpuprofile, opens in Chrome DevTools or speedscope). */
  | { kind: 'profile-stop'; file: string };

/** One mutation the driver made and whose response arrived: what every subscriber should receive. */
export interface ExpectedChange {
  /** `<entity id>:<version>`: unique per change, since every write bumps the version. */
  key: string;
  /** When the write was sent (nowMs()). */
  sentAt: number;
  /** When the HTTP response arrived (nowMs()). */
  respondedAt: number;
  /** Subscribers (indexes among all of them) whose scope reaches the change; absent: every subscriber. */
  audience?: readonly number[];
}

/** Driver → subscriber worker. */
export type WorkerCommand =
  | {
      kind: 'open';
      system: SystemName;
      /** http://host:port of the server. */
      url: string;
      /** Whom the subscribers sign in as: one token for all, or one per subscriber of this worker. */
      tokens: readonly string[];
      /** Index of this worker's first subscriber among all of them (the audience of a change counts from 0). */
      first: number;
      count: number;
      concurrency: number;
    }
  /** The measured load starts now: CPU time and deliveries are counted from here (the warm-up's are forgotten). */
  | { kind: 'mark' }
  | { kind: 'expect'; changes: ExpectedChange[] }
  | { kind: 'score' };

/** What one worker measured, merged by the driver. */
export interface WorkerScore {
  subscribers: number;
  /** (subscriber, change) pairs delivered. */
  delivered: number;
  lost: number;
  /** Same subscriber received the same change (same cursor) again. */
  duplicates: number;
  /** A change arrived before an earlier version of the same entity. */
  outOfOrder: number;
  /** Deliveries that arrived before the mutation's HTTP response (latency clamped to 0). */
  early: number;
  /** Events that match no mutation of this run. */
  unexpected: number;
  /** Deliveries of a change to a subscriber outside its audience (a scope leak). */
  outOfScope: number;
  /** Sockets that closed or errored while they should have been open. */
  droppedSockets: number;
  /** Subscription errors (StaffSync) or failed refetches (baseline). */
  clientErrors: number;
  /** Latency from the write's response, [bucket, count] pairs (see stats.ts). */
  histogram: Array<[number, number]>;
  /** Latency from the moment the write was sent: what a user watching both screens waits. */
  histogramFromSent: Array<[number, number]>;
  /** nowMs() of the last delivery; 0 when there was none. */
  lastDeliveryAt: number;
  /** CPU time this worker used since the load started, in ms. */
  cpuMs: number;
}

/** Subscriber worker → driver. */
export type WorkerReport =
  | { kind: 'opened'; opened: number; failed: number; firstError: string | null }
  | { kind: 'progress'; delivered: number }
  | { kind: 'score'; score: WorkerScore };
