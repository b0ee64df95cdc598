/**
 * The socket heartbeat (server/http/socket/heartbeat.ts): every socket is pinged once per interval, one
 * that answers stays open for as long as it likes, and one that stops answering (a phone gone out of
 * signal, whose socket the network never closed) is terminated, freeing what it held.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { engines } from '../support/engines';
import { PROTOCOL, rawClient, withTimeout, type RawClient } from '../support/raw-websocket';
import { startTestServer, type TestServer } from '../support/test-server';

const keepAliveMs = 300;

describe('the socket heartbeat', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(engines[0]!, { app: { webSocket: { keepAliveMs } } });
  });
  afterAll(() => server?.stop());

  /** The open sockets the server reports on /metrics. */
  const openSockets = async () => Number(/^staffsync_open_sockets (\d+)$/m.exec(await server.metrics())?.[1]);

  const signIn = async (client: RawClient) => {
    client.send({ type: 'connection_init', payload: { authorization: `Bearer ${server.tokens.employee}` } });
    await client.next('connection_ack');
  };

  it('pings a socket every interval and keeps it open while it answers', async () => {
    const client = await rawClient(server.wsUrl);
    let pings = 0;
    client.socket.on('ping', () => (pings += 1));
    await signIn(client);
    await expect.poll(() => pings, { timeout: 20 * keepAliveMs, interval: 50 }).toBeGreaterThanOrEqual(4);
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
    client.send({ type: 'ping' });
    await client.next('pong');
    client.socket.close();
  });

  it('terminates a socket that stops answering pings, and only that one', async () => {
    const answering = await rawClient(server.wsUrl);
    await signIn(answering);
    const silent = new WebSocket(server.wsUrl, PROTOCOL, { autoPong: false });
    const silentClosed = new Promise<number>((resolve) => silent.once('close', (code) => resolve(code)));
    await new Promise((resolve, reject) => silent.once('open', resolve).once('error', reject));
    silent.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${server.tokens.employee}` } }));
    const openBefore = await openSockets();

    // Cut off without a close frame (1006 on the client's side), within two intervals and a tick.
    expect(await withTimeout(silentClosed, 20 * keepAliveMs, 'the silent socket to be terminated')).toBe(1006);
    await expect.poll(openSockets, { timeout: 5_000 }).toBe(openBefore - 1);
    expect(answering.socket.readyState).toBe(WebSocket.OPEN);
    answering.send({ type: 'ping' });
    await answering.next('pong');
    answering.socket.close();
  });
});
