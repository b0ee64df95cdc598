import type { WebSocket } from 'ws';

/** Sockets are spread over this many turns of one interval, so their pings never come in one burst. */
const slotCount = 12;

/**
 * Pings every socket once per interval and terminates one that has not answered the previous ping: a
 * phone that lost its signal leaves no half-open socket behind. graphql-ws's own keep-alive gives each
 * socket an interval timer for life, and at every ping a timeout and a `pong` listener made for it; here
 * one timer serves all sockets, walking one slot of them per tick, and the listeners are shared functions
 * (an idle server with 10,000 subscribers sends 833 pings a second).
 */
export class Heartbeat {
  private readonly slots: Array<Set<WebSocket>> = Array.from({ length: slotCount }, () => new Set());
  private readonly unanswered = new Set<WebSocket>();
  private readonly timer: NodeJS.Timeout;
  private next = 0;
  // Listeners shared by every socket: an emitter calls them with itself as `this`.
  private readonly answered: (this: WebSocket) => void;
  private readonly closed: (this: WebSocket) => void;

  constructor(intervalMs: number) {
    const { unanswered, slots } = this;
    this.answered = function (this: WebSocket) {
      unanswered.delete(this);
    };
    this.closed = function (this: WebSocket) {
      for (const slot of slots) slot.delete(this);
      unanswered.delete(this);
    };
    this.timer = setInterval(() => this.tick(), Math.max(1, intervalMs / slotCount));
    this.timer.unref();
  }

  /** Starts watching an open socket: its first ping comes one interval from now. */
  watch(socket: WebSocket): void {
    // The slot visited last: the next visit to it is a whole interval away.
    this.slots[(this.next + slotCount - 1) % slotCount]!.add(socket);
    socket.on('pong', this.answered);
    // `on`, not `once`: a socket closes once, and `once` would wrap the listener for each socket.
    socket.on('close', this.closed);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private tick(): void {
    const slot = this.slots[this.next]!;
    this.next = (this.next + 1) % slotCount;
    for (const socket of slot) {
      if (this.unanswered.has(socket)) {
        socket.terminate();
        continue;
      }
      if (socket.readyState !== socket.OPEN) continue;
      this.unanswered.add(socket);
      socket.ping();
    }
  }
}
