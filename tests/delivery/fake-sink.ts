import type { GroupResult, Sink } from '../../server/delivery/sink';

/** A transport that records what it was sent; `holding` keeps results "unsent" until `release()`. */
export class FakeSink implements Sink {
  open = true;
  holding = false;
  readonly written: string[] = [];
  corks = 0;
  private readonly held: Array<() => void> = [];

  write(result: GroupResult, done: () => void): void {
    this.written.push(result.json);
    if (this.holding) this.held.push(done);
    else done();
  }

  cork(): void {
    this.corks += 1;
  }

  uncork(): void {}

  /** Entity ids of the results received, in order. */
  get ids(): string[] {
    return this.written.map((json) => (JSON.parse(json) as { data: { id: string } }).data.id);
  }

  release(): void {
    this.holding = false;
    for (const done of this.held.splice(0)) done();
  }
}
