import { createClient, type Client as SocketClient } from 'graphql-ws';
import { backoffDelay } from './backoff';
import type { ConnectionStatus } from './connection-status';

/** The server closes a socket with this code when its session ended (logout, expiry, access changed). */
const sessionEndedCloseCode = 4403;
/** A ping is sent after this much silence… */
const keepAliveMs = 10_000;
/** …and a socket whose pong takes longer than this is taken for dead and replaced. */
const pongTimeoutMs = 5_000;

export interface SocketOptions {
  url: string;
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
  const { status } = options;
  let wakeWaitingRetry: (() => void) | null = null;
  let skipNextWait = false;
  let pongTimer: ReturnType<typeof setTimeout> | undefined;
  let socketOpen = false;

  const client = createClient({
    url: options.url,
    connectionParams: () => ({ authorization: `Bearer ${options.token}` }),
    retryAttempts: Infinity,
    shouldRetry: () => true,
    keepAlive: keepAliveMs,
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
        function wake() {
          clearTimeout(timer);
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
      },
      connected: () => {
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
        socketOpen = false;
        clearTimeout(pongTimer);
        if (closeCode(event) === sessionEndedCloseCode) {
          options.onSessionEnded();
          return;
        }
        status.set(navigator.onLine ? { kind: 'reconnecting', retryAt: null } : { kind: 'offline' });
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
      void client.dispose();
    },
  };
}

function closeCode(event: unknown): number | undefined {
  return typeof event === 'object' && event !== null && 'code' in event && typeof event.code === 'number' ? event.code : undefined;
}
