import type { DurableStorage } from '../storage';

/** What React Native's AsyncStorage (and any store with its three promise methods) offers. */
export interface AsyncKeyValueStore {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<void>;
  removeItem(key: string): Promise<void>;
}

/**
 * The kit's storage over React Native's AsyncStorage: `asyncStorage(AsyncStorage)`. One `setItem` per
 * write replaces the value whole, as the outbox needs. It keeps no files (AsyncStorage holds strings, a
 * few MB each on Android): an app that queues photos adds `files` over its file system (expo-file-system,
 * react-native-fs) in the same three methods.
 */
export function asyncStorage(store: AsyncKeyValueStore): DurableStorage {
  return {
    read: (key) => store.getItem(key),
    write: (key, value) => store.setItem(key, value),
    remove: (key) => store.removeItem(key),
  };
}
