import type { ExecutionResult } from 'graphql';
import type { EndReporting } from '../observability/operation-log';

/**
 * What a transport iterates for one dataChanged subscription (graphql-ws, or Yoga's event stream).
 * `return()` (the client completed, or went away) stops delivery at once; subclasses say what comes next.
 */
export abstract class DeliveryStream implements AsyncIterableIterator<ExecutionResult>, EndReporting {
  private endListener: (() => void) | null = null;

  abstract next(): Promise<IteratorResult<ExecutionResult>>;

  whenEnded(listener: () => void): void {
    this.endListener = listener;
  }

  /** Subclasses call it when they yield their last (done) result; the listener runs once. */
  protected ended(): void {
    const listener = this.endListener;
    this.endListener = null;
    listener?.();
  }

  /** Stops delivery and releases what the stream holds. */
  protected abstract stop(): void;

  async return(): Promise<IteratorResult<ExecutionResult>> {
    this.stop();
    this.ended();
    return { value: undefined, done: true };
  }

  async throw(error: unknown): Promise<IteratorResult<ExecutionResult>> {
    this.stop();
    this.ended();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
