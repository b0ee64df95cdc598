/** Thrown to the reader when more items piled up than the queue may hold. */
export class QueueOverflowError extends Error {
  override name = 'QueueOverflowError';
}

/**
 * A bounded push/pull queue between a synchronous producer (the change feed) and one async reader
 * (a subscription). Overflow ends the reader with QueueOverflowError instead of growing without bound.
 */
export class AsyncQueue<Item> {
  private readonly items: Item[] = [];
  private waiting: ((result: IteratorResult<Item>) => void) | null = null;
  private failure: Error | null = null;
  private closed = false;

  /** `onOverflow` runs once, synchronously, when a push finds the queue full. */
  constructor(
    private readonly capacity: number,
    private readonly onOverflow: () => void = () => {},
  ) {}

  push(item: Item): void {
    if (this.closed || this.failure) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value: item, done: false });
      return;
    }
    if (this.items.length >= this.capacity) {
      this.failure = new QueueOverflowError(`more than ${this.capacity} undelivered items`);
      this.items.length = 0;
      this.onOverflow();
      return;
    }
    this.items.push(item);
  }

  close(): void {
    this.closed = true;
    this.items.length = 0;
    this.waiting?.({ value: undefined, done: true });
    this.waiting = null;
  }

  get size(): number {
    return this.items.length;
  }

  /** The next item; rejects once the queue overflowed; done once closed. */
  next(): Promise<IteratorResult<Item>> {
    if (this.items.length > 0) return Promise.resolve({ value: this.items.shift() as Item, done: false });
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }
}
