import type { ExecutionResult } from 'graphql';

/**
 * What a transport iterates for one dataChanged subscription (graphql-ws, or Yoga's event stream).
 * `return()` (the client completed, or went away) stops delivery at once; subclasses say what comes next.
 */
export abstract class DeliveryStream implements AsyncIterableIterator<ExecutionResult> {
  abstract next(): Promise<IteratorResult<ExecutionResult>>;

  /** Stops delivery and releases what the stream holds. */
  protected abstract stop(): void;

  async return(): Promise<IteratorResult<ExecutionResult>> {
    this.stop();
    return { value: undefined, done: true };
  }

  async throw(error: unknown): Promise<IteratorResult<ExecutionResult>> {
    this.stop();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
