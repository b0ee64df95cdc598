import { createClient } from 'graphql-ws';
import { receiptFields, type Change } from './catch-up';
import { signedOutCodes } from './sign-in';

export interface LiveUpdateHandlers {
  /** The cursor of the last change applied: every (re)subscription resumes after it. */
  cursor(): string;
  apply(change: Change): void;
  /**
   * The cursor cannot be resumed from (older than the server keeps, or the server's database was
   * restored), or the user's access changed: refetch the lists and their cursor, then resolve; live
   * updates resume from the new cursor.
   */
  resync(reason: string): Promise<void>;
  /** The session ended for good (signed out, expired, deactivated): show the sign-in screen. Nothing is retried after this. */
  signedOut(code: string): void;
}

/** What a socket's close or a subscription's error says: the server's close reasons start with a code. */
function codeOf(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'reason' in error && typeof error.reason === 'string') return error.reason.split(':')[0];
  return undefined;
}

/**
 * Keeps one socket open while the app is in the foreground. Each subscription starts after the last
 * cursor applied (never the first one: graphql-ws's own retries would re-send that, so they are off),
 * after a backoff when the connection failed. The server ends a subscription only to say something:
 * RESYNC_REQUIRED (refetch), SLOW_CONSUMER (resume), or a close saying why the session ended.
 */
export function liveUpdates(wsUrl: string, token: string, handlers: LiveUpdateHandlers, webSocketImpl?: unknown): { stop(): Promise<void> } {
  const client = createClient({
    url: wsUrl,
    webSocketImpl,
    lazy: true,
    retryAttempts: 0,
    connectionParams: { authorization: `Bearer ${token}` },
    on: { connected: () => (failures = 0) },
  });
  let stopped = false;
  let failures = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let unsubscribe = () => {};

  const later = (delayMs: number) => {
    if (!stopped) retry = setTimeout(start, delayMs);
  };
  // Exponential backoff with jitter, so a restarted server is not hit by every phone at once.
  const backoff = () => Math.min(30_000, 500 * 2 ** failures++) * (0.5 + Math.random() / 2);
  const resyncThenResume = (reason: string) => {
    handlers.resync(reason).then(
      () => later(0),
      () => later(backoff()),
    );
  };

  function start() {
    let resyncReason: string | null = null;
    unsubscribe = client.subscribe<{ dataChanged: Change }>(
      {
        query: `subscription Live($after: String) {
          dataChanged(type: RECEIPT, after: $after) {
            cursor action id scopeChange node { __typename ... on Receipt { ${receiptFields} } }
          }
        }`,
        variables: { after: handlers.cursor() },
      },
      {
        next: ({ data, errors }) => {
          const error = errors?.[0];
          if (error?.extensions?.code === 'RESYNC_REQUIRED') resyncReason = String(error.extensions.reason);
          if (data) handlers.apply(data.dataChanged);
        },
        complete: () => {
          if (stopped) return;
          if (resyncReason) resyncThenResume(resyncReason);
          else later(backoff());
        },
        error: (error) => {
          const code = codeOf(error);
          if (code && signedOutCodes.has(code)) {
            stopped = true;
            void client.dispose();
            handlers.signedOut(code);
          } else if (code === 'ACCESS_CHANGED') resyncThenResume(code);
          else later(backoff());
        },
      },
    );
  }

  start();
  return {
    async stop() {
      stopped = true;
      clearTimeout(retry);
      unsubscribe();
      await client.dispose();
    },
  };
}
