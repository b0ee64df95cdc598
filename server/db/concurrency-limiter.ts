/**
 * Bounds how many tasks of one kind use the database at once, so a burst of them cannot take every
 * pooled connection and starve ordinary requests (after a restart thousands of clients reconnect
 * together: each signs its socket in and replays from its cursor). Waiters are served in arrival order.
 */
export class ConcurrencyLimiter {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly concurrency: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}
