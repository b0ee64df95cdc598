import { createClient, type Client as SocketClient } from 'graphql-ws';
import { backoffDelay } from './backoff';
import type { ConnectionStatus } from './connection-status';

/** The server closes a socket with this code when its session ended (logout, expiry, access changed). */
const sessionEndedCloseCode = 4403;
/** A ping is sent after this much silence… */
const keepAliveMs = 10_000;
/** …and a socket whose pong takes longer than this is taken for dead and replaced. */
const pongTimeoutMs = 5_000;
/** An attempt that has not been acknowledged by then (a proxy holding the upgrade) is abandoned and retried. */
const connectTimeoutMs = 5_000;
/** While waiting to retry, the server's readiness is probed this often, so Live returns within about a second of it. */
const readyProbeMs = 1_000;

export interface SocketOptions {
  url: string;
  /** The server's readiness endpoint (200 once it can serve). */
  readyUrl: string;
  token: string;
  status: ConnectionStatus;
  /** Called when the server ends the session; the caller signs out. */
  onSessionEnded(): void;
}

export interface LiveSocket {
  client: SocketClient;
  /** Stops reconnecting, closes the socket and removes the window listeners. */
  dispose(): void;
}

/**
 * graphql-ws that never gives up: every close is retried (capped exponential backoff with jitter),
 * and a waiting retry starts at once when the browser comes back online or the tab becomes visible.
 * A socket that stops answering pings is terminated, so a silently dropped connection is noticed.
 */
export function createLiveSocket(options: SocketOptions): LiveSocket {
  const { status, readyUrl } = options;
  let wakeWaitingRetry: (() => void) | null = null;
  let skipNextWait = false;
  let pongTimer: ReturnType<typeof setTimeout> | undefined;
  let connectTimer: ReturnType<typeof setTimeout> | undefined;
  let socketOpen = false;

  const client = createClient({
    url: options.url,
    connectionParams: () => ({ authorization: `Bearer ${options.token}` }),
    retryAttempts: Infinity,
    shouldRetry: () => true,
    keepAlive: keepAliveMs,
    connectionAckWaitTimeout: connectTimeoutMs,
    retryWait: async (retries) => {
      if (skipNextWait) {
        skipNextWait = false;
        status.set({ kind: 'reconnecting', retryAt: null });
        return;
      }
      const delay = backoffDelay(retries);
      status.set(navigator.onLine ? { kind: 'reconnecting', retryAt: Date.now() + delay } : { kind: 'offline' });
      await new Promise<void>((resolve) => {
        const timer = setTimeout(wake, delay);
        // The backoff spares a struggling server; a server that says it is ready is tried at once.
        const probe = setInterval(() => {
          fetch(readyUrl, { cache: 'no-store' }).then(
            (response) => response.ok && wake(),
            () => {},
          );
        }, readyProbeMs);
        function wake() {
          clearTimeout(timer);
          clearInterval(probe);
          wakeWaitingRetry = null;
          resolve();
        }
        wakeWaitingRetry = wake;
      });
      status.set({ kind: 'reconnecting', retryAt: null });
    },
    on: {
      connecting: (isRetry) => {
        if (!isRetry) status.set({ kind: 'connecting' });
        clearTimeout(connectTimer);
        connectTimer = setTimeout(() => client.terminate(), connectTimeoutMs);
      },
      connected: () => {
        clearTimeout(connectTimer);
        socketOpen = true;
        status.set({ kind: 'live' });
      },
      ping: (received) => {
        if (!received) pongTimer = setTimeout(() => client.terminate(), pongTimeoutMs);
      },
      pong: (received) => {
        if (received) clearTimeout(pongTimer);
      },
      closed: (event) => {
        clearTimeout(connectTimer);
        socketOpen = false;
        clearTimeout(pongTimer);
        if (closeCode(event) === sessionEndedCloseCode) {
          options.onSessionEnded();
          return;
        }
        // A failed attempt closes after graphql-ws already scheduled the next one: keep its countdown.
        if (!navigator.onLine) status.set({ kind: 'offline' });
        else if (status.get().kind !== 'reconnecting') status.set({ kind: 'reconnecting', retryAt: null });
      },
    },
  });

  // Back online: start the waiting retry now, or replace a socket that survived the network change
  // (it may be dead without knowing it yet).
  const onOnline = () => {
    if (wakeWaitingRetry) return wakeWaitingRetry();
    if (socketOpen) {
      skipNextWait = true;
      client.terminate();
    }
  };
  const onOffline = () => status.set({ kind: 'offline' });
  const onVisibilityChange = () => {
    if (document.visibilityState === 'visible') wakeWaitingRetry?.();
  };
  window.addEventListener('online', onOnline);
  window.addEventListener('offline', onOffline);
  document.addEventListener('visibilitychange', onVisibilityChange);

  return {
    client,
    dispose() {
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      document.removeEventListener('visibilitychange', onVisibilityChange);
      clearTimeout(pongTimer);
      clearTimeout(connectTimer);
      void client.dispose();
    },
  };
}

function closeCode(event: unknown): number | undefined {
  return typeof event === 'object' && event !== null && 'code' in event && typeof event.code === 'number' ? event.code : undefined;
}
