import type { StorageAdapter } from '@urql/exchange-graphcache';
import { makeDefaultStorage } from '@urql/exchange-graphcache/default-storage';
import type { ConnectionStatus } from './connection-status';

/** Every database of cached API data starts so; the employee's id follows. */
const databasePrefix = 'staffsync-cache-';
/** Cached data older than this (days) is dropped when the cache is read back. */
const maxAgeDays = 7;

export interface OfflineCache {
  /** Graphcache's storage: the signed-in employee's own IndexedDB database. */
  storage: StorageAdapter;
  /** Settles once Graphcache loaded what the database kept. */
  hydrated: Promise<void>;
  /** Empties the database and stops writing to it: the employee signed out. */
  forget(): Promise<void>;
}

/**
 * Where Graphcache keeps one employee's data between visits (IndexedDB, through Graphcache's own
 * adapter), so a portal started offline shows the lists it had. Queries that found the server
 * unreachable are asked again once the live socket is back (after the start-up query read the cursor),
 * not on the browser's `online` event, which also misses a server that was down.
 */
export function createOfflineCache(employeeId: string, connection: ConnectionStatus): OfflineCache {
  let loaded: () => void = () => {};
  const hydrated = new Promise<void>((resolve) => (loaded = resolve));
  const database = makeDefaultStorage({ idbName: `${databasePrefix}${employeeId}`, maxAge: maxAgeDays, onCacheHydrated: () => loaded() });
  let forgotten = false;
  const storage: StorageAdapter = {
    ...database,
    writeData: (delta) => (forgotten ? Promise.resolve() : database.writeData(delta)),
    writeMetadata: (requests) => {
      if (!forgotten) database.writeMetadata?.(requests);
    },
    onOnline(retry) {
      connection.subscribe(() => {
        if (connection.get().kind === 'live') retry();
      });
    },
  };
  return {
    storage,
    hydrated,
    forget() {
      forgotten = true;
      return database.clear();
    },
  };
}

/**
 * Deletes the cached data of everyone but `employeeId` (null: of everyone). The tab that signed out
 * emptied its database but cannot delete it while its own connection is open; the next start does.
 */
export async function forgetOtherEmployees(employeeId: string | null): Promise<void> {
  // Firefox before 126 cannot list databases: there the emptied database stays, empty.
  if (typeof indexedDB.databases !== 'function') return;
  const kept = employeeId === null ? null : `${databasePrefix}${employeeId}`;
  const databases = await indexedDB.databases();
  for (const { name } of databases) {
    if (name?.startsWith(databasePrefix) && name !== kept) indexedDB.deleteDatabase(name);
  }
}
