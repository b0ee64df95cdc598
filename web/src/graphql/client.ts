import { Client, fetchExchange, subscriptionExchange, type ExecutionResult } from '@urql/core';
import { offlineExchange } from '@urql/exchange-graphcache';
import { persistedExchange } from '@urql/exchange-persisted';
import { createCacheOptions } from './cache-options';
import { cursorOf } from '../live/change-cursor';
import { createPortalOutbox, type PortalOutbox } from '../offline/portal-outbox';
import { createConnectionStatus, type ConnectionStatus } from './connection-status';
import { createOfflineCache } from './offline-cache';
import { answerFromCache, offlineMissExchange } from './offline-queries';
import { createOwnWrites, type OwnWrites } from './own-writes';
import { createFirstUseRefresh } from './refresh-on-first-use';
import { createRemovedEntities, type RemovedEntities } from './removed-entities';
import { createLiveChangeReplay } from './replay-live-changes';
import { retryOnReconnectExchange } from './retry-on-reconnect';
import { createLiveSocket } from './socket-client';
import { trustedDocumentHashOf } from './trusted-document';

/** Same origin as the page: the server serves the portal and the API on one port (Vite proxies it in development). */
const httpUrl = '/graphql';

function socketUrl(): string {
  return `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/graphql`;
}

/**
 * Sends every operation (queries, mutations, the live subscription) by the hash the portal's build
 * lists it under, so a server that runs only trusted documents runs the portal; a server that does not
 * know the hash (a development build) is sent the text instead.
 */
function byHash() {
  return persistedExchange({
    enableForMutation: true,
    enableForSubscriptions: true,
    generateHash: (_text, document) => trustedDocumentHashOf(document),
  });
}

/** Everything a signed-in tab talks to the API with. */
export interface PortalClient {
  client: Client;
  connection: ConnectionStatus;
  /** Writes made while the server could not be reached, kept on this device until they are sent. */
  outbox: PortalOutbox;
  ownWrites: OwnWrites;
  /** The last state of entities deleted elsewhere, for the toasts that name them. */
  removedEntities: RemovedEntities;
  /** The cursor of the last change this tab processed; subscriptions resume from it. */
  lastCursor(): string | null;
  /** Asks the server again for every list in use (see FirstUseRefresh.refreshAll). */
  refreshLists(): void;
  /** Empties the employee's offline cache (signing out): nothing of theirs stays in the browser. */
  forgetCachedData(): Promise<void>;
  dispose(): void;
}

/**
 * The urql client of a signed-in tab: queries and mutations over HTTP with the bearer token,
 * subscriptions over graphql-ws, all through one normalized Graphcache that live events keep current.
 * The cache is kept in the employee's own IndexedDB database: queries that cannot reach the server
 * are answered from it (mutations never are, nor queued: see offline-queries.ts).
 */
export function createPortalClient(options: { token: string; viewerId: string; onSessionEnded(): void }): PortalClient {
  const connection = createConnectionStatus();
  const ownWrites = createOwnWrites();
  const removedEntities = createRemovedEntities();
  const offlineCache = createOfflineCache(options.viewerId, connection);
  const firstUseRefresh = createFirstUseRefresh(offlineCache.hydrated);
  const replay = createLiveChangeReplay();
  const socket = createLiveSocket({ url: socketUrl(), readyUrl: '/ready', token: options.token, status: connection, onSessionEnded: options.onSessionEnded });
  const outbox = createPortalOutbox({ token: options.token, employeeId: options.viewerId, connection });
  let cursor: string | null = null;

  const client = new Client({
    url: httpUrl,
    fetchOptions: () => ({ headers: { authorization: `Bearer ${options.token}` } }),
    exchanges: [
      retryOnReconnectExchange(connection),
      ownWrites.exchange,
      offlineMissExchange(),
      firstUseRefresh.firstRuns,
      offlineExchange({ ...createCacheOptions(options.viewerId, removedEntities, replay), storage: offlineCache.storage, isOfflineError: answerFromCache }),
      replay.exchange,
      firstUseRefresh.answers,
      byHash(),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const payload = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              const unsubscribe = socket.client.subscribe<ExecutionResult['data']>(payload, {
                next(result) {
                  const seen = cursorOf(result.data);
                  if (seen) {
                    cursor = seen;
                    // graphql-ws sends this same payload again on every reconnect: moving `after` here
                    // makes the resubscription resume right after the last change this tab processed.
                    payload.variables = { ...payload.variables, after: seen };
                  }
                  sink.next(result as ExecutionResult);
                },
                error: (error) => sink.error(error),
                complete: () => sink.complete(),
              });
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });

  return {
    client,
    connection,
    outbox,
    ownWrites,
    removedEntities,
    lastCursor: () => cursor,
    refreshLists: () => firstUseRefresh.refreshAll(),
    forgetCachedData: () => offlineCache.forget(),
    dispose: () => {
      outbox.dispose();
      socket.dispose();
    },
  };
}

/** A client for signing in: no token, no socket, no cache. */
export function createSignInClient(): Client {
  return new Client({ url: httpUrl, exchanges: [byHash(), fetchExchange], requestPolicy: 'network-only' });
}
