import type { ExecutionResult } from 'graphql';

/**
 * One event's result for a whole subscription group: executed once, and serialized and encoded at most
 * once, however many subscribers receive it.
 */
export class GroupResult {
  private serialized: string | null = null;
  private encoded: Buffer | null = null;

  constructor(readonly value: ExecutionResult) {}

  /** `value` as JSON, computed on first use and shared by every subscriber after that. */
  get json(): string {
    this.serialized ??= JSON.stringify(this.value);
    return this.serialized;
  }

  /** `json` as UTF-8, encoded on first use and shared by every subscriber after that. */
  get bytes(): Buffer {
    this.encoded ??= Buffer.from(this.json);
    return this.encoded;
  }
}

/**
 * Where one subscriber's results go. Each transport implements it: graphql-ws frames and writes to its
 * socket (http/socket-sink.ts), Server-Sent Events queue for Yoga to stream (http/event-stream-sink.ts).
 * A transport tracks what it has not sent yet itself, so a subscriber that keeps up costs the engine no
 * per-write bookkeeping.
 */
export interface Sink {
  /** False once the transport is gone; nothing more is written to it. */
  readonly open: boolean;
  /** Results handed over that have not yet left for the network (a transport may estimate it). */
  readonly unsent: number;
  /** Hands one result to the transport. */
  write(result: GroupResult): void;
  /** Resolves once everything handed over has left for the network, or the transport is gone. */
  drained(): Promise<void>;
  /** Holds writes until `uncork`, so several results leave in one system call. */
  cork(): void;
  uncork(): void;
}
