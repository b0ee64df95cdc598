import { createStore, del, get, set } from 'idb-keyval';
import type { DurableStorage } from '../storage';

/**
 * The kit's storage in a browser: one IndexedDB object store (`database`/`values`) through idb-keyval.
 * Each write is one IndexedDB transaction, so a tab closed mid-write leaves the old value or the new one.
 * Files are stored as the Blobs they are (IndexedDB keeps Blobs natively, on disk, not as text).
 */
export function indexedDbStorage(database: string): DurableStorage {
  const store = createStore(database, 'values');
  return {
    read: async (key) => (await get<string>(key, store)) ?? null,
    write: (key, value) => set(key, value, store),
    remove: (key) => del(key, store),
    files: {
      write: (key, bytes) => set(key, bytes, store),
      read: async (key) => (await get<Blob>(key, store)) ?? null,
      remove: (key) => del(key, store),
    },
  };
}
