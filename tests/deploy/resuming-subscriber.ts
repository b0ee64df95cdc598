import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

const subscription = 'subscription ($after: String) { dataChanged(type: RECEIPT, after: $after) { cursor id } }';

export interface ReceivedChange {
  cursor: string;
  id: string;
}

/**
 * A dataChanged(RECEIPT) subscriber that behaves as the README tells mobile apps to: after any close or
 * error it subscribes again with `after` = the last cursor it processed. (graphql-ws's own retry would
 * re-send the original variables and replay everything since the first cursor.) It keeps every change
 * received, counts cursors received twice, and times each resume: from noticing the drop to the first
 * change on the new subscription.
 */
export class ResumingSubscriber {
  readonly received: ReceivedChange[] = [];
  /** Changes whose cursor had already been received. */
  duplicates = 0;
  /** Close codes (or error descriptions) of every drop. */
  readonly drops: string[] = [];
  /** Milliseconds from each drop to the first change received after it. */
  readonly resumeTimesMs: number[] = [];
  /** GraphQL errors the server sent: any is a failure of the test. */
  readonly errors: unknown[] = [];
  private readonly seen = new Set<string>();
  private lastCursor: string;
  private client: Client | null = null;
  private droppedAt: number | null = null;
  private stopped = false;
  private connection = 0;
  private readonly acknowledged: Promise<void>;
  private acknowledge: () => void = () => {};

  constructor(
    private readonly wsUrl: string,
    private readonly token: string,
    after: string,
  ) {
    this.lastCursor = after;
    this.acknowledged = new Promise((resolve) => (this.acknowledge = resolve));
    this.connect();
  }

  /** Resolves once the first socket is acknowledged. */
  ready(): Promise<void> {
    return this.acknowledged;
  }

  /** Whether the subscriber has received a change since its last drop (or never dropped). */
  get live(): boolean {
    return this.droppedAt === null;
  }

  stop(): void {
    this.stopped = true;
    void this.client?.dispose();
  }

  private connect(): void {
    const connection = ++this.connection;
    const onDrop = (reason: string) => {
      // A close and an error may both report one drop; only the first of the current connection counts.
      if (this.stopped || connection !== this.connection) return;
      this.connection += 1;
      this.drops.push(reason);
      this.droppedAt ??= performance.now();
      void this.client?.dispose();
      // A small random wait spreads a crowd of reconnects, as a real client's backoff does.
      setTimeout(() => this.connect(), Math.random() * 100);
    };
    this.client = createClient({
      url: this.wsUrl,
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      onNonLazyError: () => {},
      connectionParams: { authorization: `Bearer ${this.token}` },
      on: {
        connected: () => this.acknowledge(),
        closed: (event) => onDrop(`closed ${(event as { code?: number }).code ?? 'unknown'}`),
      },
    });
    this.client.subscribe<{ dataChanged: ReceivedChange }>(
      { query: subscription, variables: { after: this.lastCursor } },
      {
        next: (result) => {
          if (connection !== this.connection) return;
          if (result.errors) this.errors.push(...result.errors);
          const change = result.data?.dataChanged;
          if (!change) return;
          if (this.seen.has(change.cursor)) this.duplicates += 1;
          this.seen.add(change.cursor);
          this.received.push(change);
          this.lastCursor = change.cursor;
          if (this.droppedAt !== null) {
            this.resumeTimesMs.push(performance.now() - this.droppedAt);
            this.droppedAt = null;
          }
        },
        error: (error) => onDrop(`error ${error instanceof Error ? error.message : JSON.stringify(error).slice(0, 120)}`),
        complete: () => onDrop('completed'),
      },
    );
  }
}
