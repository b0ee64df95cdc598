import { randomBytes } from 'node:crypto';
import net from 'node:net';
import WebSocket from 'ws';
import { nextWake } from './next-wake';

/**
 * A WebSocket client for tests that break the protocol on purpose: it sends any text or bytes, and
 * reports every message and the close code the server answers with. `rawTcp` goes below `ws` and
 * writes hand-made frames.
 */
export const PROTOCOL = 'graphql-transport-ws';
export const maxPayload = 64 * 1024;

export const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `read` until it returns `expected` or `timeoutMs` pass; returns the last value read. */
export async function waitUntil<T>(read: () => Promise<T>, expected: T, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value === expected || Date.now() > deadline) return value;
    await delay(100);
  }
}

export interface Closed {
  code: number;
  reason: string;
}

/** A raw `ws` client: whatever we send goes on the wire as is; what comes back is collected. */
export interface RawClient {
  socket: WebSocket;
  messages: Array<Record<string, any>>;
  closed: Promise<Closed>;
  errors: Error[];
  send(message: unknown): void;
  /** The next server message of `type` ('*': any), optionally for `id`; fails when the socket closes first. */
  next(type: string, id?: string, timeoutMs?: number): Promise<Record<string, any>>;
}

/** `protocols` null: the handshake offers no subprotocol at all. */
export function rawClient(url: string, protocols: string | string[] | null = PROTOCOL): Promise<RawClient> {
  const socket = protocols === null ? new WebSocket(url) : new WebSocket(url, protocols);
  const messages: Array<Record<string, any>> = [];
  const errors: Error[] = [];
  const waiters = new Set<() => void>();
  let isClosed = false;
  const closed = new Promise<Closed>((resolve) =>
    socket.once('close', (code, reason) => {
      isClosed = true;
      resolve({ code, reason: reason.toString() });
      for (const wake of waiters) wake();
    }),
  );
  socket.on('error', (error) => errors.push(error));
  socket.on('message', (data) => {
    try {
      messages.push(JSON.parse(String(data)));
    } catch {
      messages.push({ type: '<unparseable>', raw: String(data) });
    }
    for (const wake of waiters) wake();
  });
  const client: RawClient = {
    socket,
    messages,
    closed,
    errors,
    send: (message) => socket.send(typeof message === 'string' ? message : JSON.stringify(message)),
    async next(type, id, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      let seen = 0;
      for (;;) {
        for (; seen < messages.length; seen++) {
          const message = messages[seen]!;
          if ((type === '*' || message.type === type) && (id === undefined || message.id === id)) {
            messages.splice(seen, 1);
            return message;
          }
        }
        if (isClosed) throw new Error(`socket closed (${(await closed).code}) before a ${type} message; got ${JSON.stringify(messages)}`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no ${type} message within ${timeoutMs} ms; got ${JSON.stringify(messages)}`);
        await nextWake(waiters, left);
      }
    },
  };
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(client));
    socket.once('close', (code) => reject(Object.assign(new Error(`closed (${code}) before opening: ${errors.map(String).join('; ')}`), { code, errors })));
  });
}

/** One WebSocket frame as a client sends it (masked unless told otherwise). */
export function frame(opcode: number, payload: Buffer, options: { fin?: boolean; rsv1?: boolean; masked?: boolean } = {}): Buffer {
  const { fin = true, rsv1 = false, masked = true } = options;
  const head = [(fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode];
  const length = payload.length;
  let extended = Buffer.alloc(0);
  if (length < 126) head.push((masked ? 0x80 : 0) | length);
  else if (length < 65_536) {
    head.push((masked ? 0x80 : 0) | 126);
    extended = Buffer.alloc(2);
    extended.writeUInt16BE(length);
  } else {
    head.push((masked ? 0x80 : 0) | 127);
    extended = Buffer.alloc(8);
    extended.writeBigUInt64BE(BigInt(length));
  }
  if (!masked) return Buffer.concat([Buffer.from(head), extended, payload]);
  const mask = randomBytes(4);
  const body = Buffer.from(payload);
  for (let index = 0; index < body.length; index++) body[index]! ^= mask[index % 4]!;
  return Buffer.concat([Buffer.from(head), extended, mask, body]);
}

/**
 * Upgrades a plain TCP socket by hand (so nothing in between can tidy up what we send), writes `frames`,
 * and reports the HTTP status line and, when the server closed the WebSocket, its close code.
 */
export async function rawTcp(
  baseUrl: string,
  frames: Buffer[],
  headers: Record<string, string> = { 'Sec-WebSocket-Protocol': PROTOCOL },
): Promise<{ status: string; closeCode: number | null }> {
  const { hostname, port } = new URL(baseUrl);
  const socket = net.connect(Number(port), hostname);
  const lines = [
    'GET /graphql HTTP/1.1',
    `Host: ${hostname}:${port}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
    'Sec-WebSocket-Version: 13',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  let received = Buffer.alloc(0);
  let status = '';
  let closeCode: number | null = null;
  await withTimeout(
    new Promise<void>((resolve) => {
      // Resolved when the server sends a close frame, or drops the connection.
      socket.on('data', (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        if (!status) {
          const end = received.indexOf('\r\n\r\n');
          if (end < 0) return;
          status = received.subarray(0, received.indexOf('\r\n')).toString();
          received = received.subarray(end + 4);
          if (status.includes(' 101 ')) for (const data of frames) socket.write(data);
        }
        // Server frames are unmasked; a close frame is 0x88, a length byte, then the code.
        while (received.length >= 2) {
          const length = received[1]! & 0x7f;
          if (length >= 126 || received.length < 2 + length) break;
          if ((received[0]! & 0x0f) === 0x8 && length >= 2) closeCode = received.readUInt16BE(2);
          received = received.subarray(2 + length);
        }
        // The server has spoken; it would wait for our half of the closing handshake, which we skip.
        if (closeCode !== null) resolve();
      });
      socket.on('error', () => resolve());
      socket.on('close', () => resolve());
    }),
    10_000,
    'raw TCP WebSocket to be closed by the server',
  ).finally(() => socket.destroy());
  return { status, closeCode };
}
