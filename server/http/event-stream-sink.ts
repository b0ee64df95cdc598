import type { ExecutionResult } from 'graphql';
import type { Member } from '../delivery/member';
import type { GroupResult, Sink } from '../delivery/sink';
import { DeliveryStream } from './delivery-stream';

/**
 * A dataChanged subscription over Server-Sent Events: the engine's results queue here until Yoga pulls
 * them to write to the response, so a result counts as sent once pulled (the engine's slow-consumer rule
 * bounds the queue). After the member ends, what is queued is still streamed, then its outcome.
 */
export class EventStreamSink extends DeliveryStream implements Sink {
  private readonly queued: GroupResult[] = [];
  private emptied: Array<() => void> = [];
  private member: Member | null = null;
  private wake: (() => void) | null = null;
  private closed = false;

  get open(): boolean {
    return !this.closed;
  }

  /** Streams `member`'s results; call once, right after it joined. */
  follow(member: Member): void {
    this.member = member;
    void member.outcome.then(() => this.wakeReader());
  }

  get unsent(): number {
    return this.queued.length;
  }

  write(result: GroupResult): void {
    this.queued.push(result);
    this.wakeReader();
  }

  drained(): Promise<void> {
    if (this.queued.length === 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.emptied.push(resolve));
  }

  cork(): void {}

  uncork(): void {}

  async next(): Promise<IteratorResult<ExecutionResult>> {
    for (;;) {
      const result = this.queued.shift();
      if (result) {
        if (this.queued.length === 0) this.releaseDrainWaiters();
        return { value: result.value, done: false };
      }
      if (this.closed) return this.done();
      if (this.member?.isEnded) {
        this.closed = true;
        const outcome = await this.member.outcome;
        return outcome ? { value: outcome, done: false } : this.done();
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private done(): IteratorResult<ExecutionResult> {
    this.ended();
    return { value: undefined, done: true };
  }

  protected stop(): void {
    this.closed = true;
    this.member?.end();
    this.queued.length = 0;
    this.releaseDrainWaiters();
    this.wakeReader();
  }

  private releaseDrainWaiters(): void {
    for (const resolve of this.emptied.splice(0)) resolve();
  }

  private wakeReader(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
