import type { ExecutionResult } from 'graphql';

/**
 * One event's result for a whole subscription group: executed once, and serialized at most once, however
 * many subscribers receive it.
 */
export class GroupResult {
  private serialized: string | null = null;

  constructor(readonly value: ExecutionResult) {}

  /** `value` as JSON, computed on first use and shared by every subscriber after that. */
  get json(): string {
    this.serialized ??= JSON.stringify(this.value);
    return this.serialized;
  }
}

/**
 * Where one subscriber's results go. Each transport implements it: graphql-ws frames and writes to its
 * socket (http/socket-sink.ts), Server-Sent Events queue for Yoga to stream (http/event-stream-sink.ts).
 */
export interface Sink {
  /** False once the transport is gone; nothing more is written to it. */
  readonly open: boolean;
  /** Hands one result to the transport; `done` runs once it has left for the network (or was dropped). */
  write(result: GroupResult, done: () => void): void;
  /** Holds writes until `uncork`, so several results leave in one system call. */
  cork(): void;
  uncork(): void;
}
