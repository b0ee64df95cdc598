import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { GroupResult, Sink } from '../../delivery/sink';

/**
 * Writes one graphql-ws subscription's results to its socket: each result (serialized once for its whole
 * group) is framed as the protocol's `next` message for this operation id. The TCP socket under the
 * WebSocket is corked so a burst leaves in one system call.
 */
export class SocketSink implements Sink {
  /** graphql-ws's own framing of a `next` message, with the payload left to append. */
  private readonly head: string;

  constructor(
    private readonly socket: WebSocket,
    private readonly tcp: Socket,
    operationId: string,
  ) {
    this.head = `{"id":${JSON.stringify(operationId)},"type":"next","payload":`;
  }

  get open(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  write(result: GroupResult, done: () => void): void {
    this.socket.send(this.head + result.json + '}', done);
  }

  cork(): void {
    this.tcp.cork();
  }

  uncork(): void {
    this.tcp.uncork();
  }
}
