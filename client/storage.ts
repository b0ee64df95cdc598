/**
 * Where the kit keeps what must survive a restart (the outbox, the sync cursor): strings by key. The
 * kit's core uses nothing else of the platform, so one adapter per platform is all it needs:
 * `adapters/file-storage.ts` for Node, `adapters/indexeddb-storage.ts` for browsers; a React Native
 * app wraps AsyncStorage (`getItem`/`setItem`) or SQLite in the same three methods.
 */
export interface DurableStorage {
  read(key: string): Promise<string | null>;
  /** Replaces the value whole: after a crash a reader sees the old value or the new one, never a mix. */
  write(key: string, value: string): Promise<void>;
  remove(key: string): Promise<void>;
  /** Where files (a queued receipt photo) are kept; absent: this storage keeps none, and the outbox refuses to queue one. */
  files?: FileStorage;
}

/**
 * Bytes by key, apart from the strings: a file is written once when its write is queued, not each time
 * the queue is saved, and is never turned into text.
 */
export interface FileStorage {
  /** Keeps the bytes whole before it resolves: after a crash a reader sees all of them or none. */
  write(key: string, bytes: Blob): Promise<void>;
  read(key: string): Promise<Blob | null>;
  remove(key: string): Promise<void>;
}
