import { connect, createServer, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a server, for real network loss: `cut()` drops every connection and refuses
 * new ones until `restore()`; `dropNextAnswer()` lets the next request reach the server but cuts the
 * connection as the answer starts to come back (the server has committed; the client never hears).
 */
export interface TcpProxy {
  url: string;
  cut(): void;
  restore(): void;
  dropNextAnswer(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const { hostname, port } = new URL(target);
  const open = new Set<Socket>();
  let online = true;
  let dropAnswer = false;
  const server = createServer((client) => {
    if (!online) return client.destroy();
    const upstream = connect(Number(port), hostname);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => {});
    }
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => {
      if (dropAnswer) {
        dropAnswer = false;
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the proxy has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    cut() {
      online = false;
      for (const socket of open) socket.destroy();
    },
    restore() {
      online = true;
    },
    dropNextAnswer() {
      dropAnswer = true;
    },
    close() {
      for (const socket of open) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
