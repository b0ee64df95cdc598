import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { GroupResult, Sink } from '../../delivery/sink';

/** FIN + text opcode: a whole text message in one frame. */
const finalTextFrame = 0x81;
const closingBrace = 0x7d;
const nothing = Buffer.alloc(0);

/** The header of an unmasked server-to-client frame carrying `length` bytes (RFC 6455, 5.2). */
function writeFrameHeader(frame: Buffer, length: number): number {
  frame[0] = finalTextFrame;
  if (length < 126) {
    frame[1] = length;
    return 2;
  }
  if (length < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
    return 4;
  }
  frame[1] = 127;
  frame.writeBigUInt64BE(BigInt(length), 2);
  return 10;
}

const headerLength = (length: number) => (length < 126 ? 2 : length < 65_536 ? 4 : 10);

/**
 * Writes one graphql-ws subscription's results to its socket as the protocol's `next` messages for this
 * operation id. The result is serialized and encoded once for its whole group; here it is only framed
 * (a WebSocket header, this operation's id, the shared bytes) and written to the TCP socket in one piece.
 * That bypasses `ws`'s sender, which is safe because the server negotiates no extension (no compression):
 * `ws` writes its own frames to the same socket synchronously, so every message keeps its order.
 *
 * Nothing is tracked per write: the results still unsent are estimated from the bytes the socket still
 * buffers (in frames the size of the last one), and never more than were written since it was last seen
 * empty. That is all the slow-consumer rule needs.
 */
export class SocketSink implements Sink {
  /** graphql-ws's `next` message for this operation, up to its payload. */
  private readonly head: Buffer;
  /** Results written since the socket's user-space buffer was last empty. */
  private written = 0;
  private lastFrameLength = 1;
  /**
   * No extension was negotiated, so frames are written here. Read once: the extensions are settled with the
   * handshake, and `ws` lists them anew (an array and a string) at every read.
   */
  private readonly framesItself: boolean;

  constructor(
    private readonly socket: WebSocket,
    private readonly tcp: Socket,
    operationId: string,
  ) {
    this.head = Buffer.from(`{"id":${JSON.stringify(operationId)},"type":"next","payload":`);
    this.framesItself = socket.extensions === '';
  }

  get open(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  get unsent(): number {
    const buffered = this.tcp.writableLength;
    return buffered === 0 ? 0 : Math.min(this.written, Math.ceil(buffered / this.lastFrameLength));
  }

  write(result: GroupResult): void {
    if (!this.framesItself) {
      this.socket.send(`${this.head.toString()}${result.json}}`);
      return;
    }
    if (this.tcp.writableLength === 0) this.written = 0;
    this.written += 1;
    const payload = result.bytes;
    const length = this.head.length + payload.length + 1;
    const frame = Buffer.allocUnsafe(headerLength(length) + length);
    let offset = writeFrameHeader(frame, length);
    offset += this.head.copy(frame, offset);
    offset += payload.copy(frame, offset);
    frame[offset] = closingBrace;
    this.lastFrameLength = frame.length;
    this.tcp.write(frame);
  }

  drained(): Promise<void> {
    if (this.unsent === 0 || this.tcp.destroyed) return Promise.resolve();
    // An empty write's callback runs once everything written before it has left.
    return new Promise((resolve) => this.tcp.write(nothing, () => resolve()));
  }

  cork(): void {
    this.tcp.cork();
  }

  uncork(): void {
    this.tcp.uncork();
  }
}
