/**
 * Bounds how many subscriptions read the change log for a replay at once. After a restart thousands of
 * clients reconnect with cursors together; unbounded, their replays would take every pooled connection
 * and starve ordinary requests. Waiters are served in arrival order.
 */
export class ReplayLimiter {
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
