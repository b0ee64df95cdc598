import type { ExecutionResult } from 'graphql';
import type { GroupResult, Sink } from './sink';

/**
 * What members tell their engine: one ended (for any reason), or was cut off as a slow consumer. One object
 * serves every member of an engine, so a member holds no closures of its own.
 */
export interface MemberEngine<Group> {
  /** Results that may wait unsent for one member while its transport is not being read. */
  readonly maxPending: number;
  /** The outcome of a member cut off as a slow consumer, naming the last position it was sent. */
  slowOutcome(lastSent: number): ExecutionResult;
  ended(member: Member<Group>): void;
  cutOff(member: Member<Group>): void;
}

/**
 * One subscriber as its group delivers to it: where it is in the log, whether it has caught up, and how
 * much it has been sent that has not yet left for the network.
 */
export class Member<Group = unknown> {
  /** The position of the last event this subscriber was sent or skipped past. */
  last: number;
  /** Caught up: the group's live writes reach it. */
  live = false;
  /** Resolves once delivery stops, with the last result the transport should send (an error), or null. */
  readonly outcome: Promise<ExecutionResult | null>;
  private settle!: (outcome: ExecutionResult | null) => void;
  private ended = false;

  constructor(
    readonly sink: Sink,
    start: number,
    /** The group delivering to it. */
    readonly group: Group,
    /** The transport's part when it is cut off as a slow consumer (a socket closes with 4413). */
    readonly onSlow: () => void,
    private readonly engine: MemberEngine<Group>,
  ) {
    this.last = start;
    this.outcome = new Promise((resolve) => (this.settle = resolve));
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /**
   * Sends one event's result. A subscriber with more than its allowance unsent is ended as a slow consumer
   * instead: it holds no more memory and resumes from its cursor. Returns whether the result was written.
   */
  send(position: number, result: GroupResult): boolean {
    if (this.ended) return false;
    if (!this.sink.open) {
      // The transport is closing and will end the member; until then it is past this event all the same.
      this.last = position;
      return false;
    }
    if (this.sink.unsent >= this.engine.maxPending) {
      // The error names the last position sent: resuming from there misses nothing.
      this.end(this.engine.slowOutcome(this.last));
      this.engine.cutOff(this);
      return false;
    }
    this.last = position;
    this.sink.write(result);
    return true;
  }

  /** Half its allowance of unsent results is used: a replay should wait for the transport. */
  get backlogged(): boolean {
    return this.sink.unsent >= this.engine.maxPending / 2;
  }

  /** Resolves once everything sent so far has left for the network, or the member ended. */
  flushed(): Promise<void> {
    if (this.ended || this.sink.unsent === 0) return Promise.resolve();
    return Promise.race([this.sink.drained(), this.outcome.then(() => {})]);
  }

  /** Stops delivery; `outcome` is what the transport sends last before it completes the subscription. */
  end(outcome: ExecutionResult | null = null): void {
    if (this.ended) return;
    this.ended = true;
    this.engine.ended(this);
    this.settle(outcome);
  }
}
