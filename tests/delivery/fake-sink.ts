import type { GroupResult, Sink } from '../../server/delivery/sink';

/** A transport that records what it was sent; `holding` keeps results "unsent" until `release()`. */
export class FakeSink implements Sink {
  open = true;
  holding = false;
  readonly written: string[] = [];
  corks = 0;
  private held = 0;
  private emptied: Array<() => void> = [];

  get unsent(): number {
    return this.held;
  }

  write(result: GroupResult): void {
    this.written.push(result.json);
    if (this.holding) this.held += 1;
  }

  drained(): Promise<void> {
    if (this.held === 0) return Promise.resolve();
    return new Promise((resolve) => this.emptied.push(resolve));
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
    this.held = 0;
    for (const resolve of this.emptied.splice(0)) resolve();
  }
}
