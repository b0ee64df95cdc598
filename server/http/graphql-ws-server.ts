import type { IncomingMessage } from 'node:http';
import { CloseCode, handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import type { Logger } from 'pino';
import type { WebSocket, WebSocketServer } from 'ws';

/** What graphql-ws hands our hooks about the socket, as its own `ws` adapter does. */
export interface SocketExtra {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
}

/** Close reasons are limited to 123 bytes by the WebSocket protocol; `ws` throws on longer ones. */
function closeReason(reason: string): string {
  return Buffer.byteLength(reason) <= 123 ? reason : `${Buffer.from(reason).subarray(0, 120).toString().replace(/\uFFFD+$/, '')}...`;
}

/**
 * Failures caused by what a client sent, not by the server: graphql-ws accepts server-only message
 * types (connection_ack, next, error) from a client and then throws, and a deeply nested JSON value
 * parses but overflows the stack when echoed or serialized.
 */
function isClientFault(error: unknown): boolean {
  return error instanceof RangeError || (error instanceof Error && /^Unexpected message of type/.test(error.message));
}

/**
 * graphql-ws on a `ws` server, like graphql-ws's own `useServer` but with our logger: a message the
 * client got wrong closes its socket with 4400 instead of 4500, close reasons are kept within the
 * protocol's limit, and socket-level errors (bad frames, which `ws` already closes with 1002, 1007 or
 * 1009) are logged as JSON rather than printed to stderr.
 */
export function serveGraphQLWs<Extra extends Record<PropertyKey, unknown>>(
  options: ServerOptions<Record<string, unknown> | undefined, SocketExtra & Partial<Extra>>,
  wss: WebSocketServer,
  keepAliveMs: number,
  log: Logger,
): { dispose(): Promise<void> } {
  const server = makeServer(options);
  wss.options.handleProtocols = handleProtocols;
  wss.on('error', (error) => log.error({ err: error }, 'WebSocket server error'));

  wss.on('connection', (socket, request) => {
    const close = (code: number, reason: string) => {
      if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(code, closeReason(reason));
    };
    socket.on('error', (error) => log.info({ err: error }, 'socket error'));

    // A peer that misses a pong within one interval is gone: terminate it.
    let pongWait: NodeJS.Timeout | null = null;
    const pingInterval = setInterval(() => {
      if (socket.readyState !== socket.OPEN) return;
      pongWait = setTimeout(() => socket.terminate(), keepAliveMs);
      socket.once('pong', () => {
        if (pongWait) clearTimeout(pongWait);
        pongWait = null;
      });
      socket.ping();
    }, keepAliveMs);

    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          new Promise<void>((resolve, reject) => {
            if (socket.readyState !== socket.OPEN) return resolve();
            socket.send(data, (error) => (error ? reject(error) : resolve()));
          }),
        close,
        onMessage: (handle) =>
          socket.on('message', async (data) => {
            try {
              await handle(String(data));
            } catch (error) {
              if (isClientFault(error)) return close(CloseCode.BadRequest, 'Bad request');
              log.error({ err: error }, 'graphql-ws message handling failed');
              close(CloseCode.InternalServerError, 'Internal server error');
            }
          }),
      },
      { socket, request } as SocketExtra & Partial<Extra>,
    );

    socket.once('close', (code, reason) => {
      if (pongWait) clearTimeout(pongWait);
      clearInterval(pingInterval);
      void closed(code, String(reason));
    });
  });

  return {
    async dispose() {
      for (const client of wss.clients) client.close(1001, 'Going away');
      wss.removeAllListeners();
      await new Promise<void>((resolve, reject) => wss.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
