import type { ExecutionResult } from 'graphql';
import type { Member } from '../delivery/member';
import { DeliveryStream } from './delivery-stream';

/**
 * What graphql-ws iterates for a dataChanged subscription. The delivery engine writes results straight to
 * the socket, so this stream yields only how delivery ended (an error such as RESYNC_REQUIRED, if any)
 * and then completes.
 */
export class OutcomeStream extends DeliveryStream {
  private finished = false;

  constructor(private readonly member: Member) {
    super();
  }

  async next(): Promise<IteratorResult<ExecutionResult>> {
    if (this.finished) return this.done();
    const outcome = await this.member.outcome;
    this.finished = true;
    return outcome ? { value: outcome, done: false } : this.done();
  }

  private done(): IteratorResult<ExecutionResult> {
    this.ended();
    return { value: undefined, done: true };
  }

  protected stop(): void {
    this.finished = true;
    this.member.end();
  }
}
