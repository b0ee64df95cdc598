import { parse } from 'graphql';
import { z } from 'zod';
import { indexedDbStorage } from '../../../client/adapters/indexeddb-storage';
import { ApiClient } from '../../../client/api-client';
import { Outbox, queuedWriteSchema, type QueuedWrite } from '../../../client/outbox';
import type { DurableStorage } from '../../../client/storage';
import type { OutgoingFile, OutgoingWrite, TypedWrite, WriteOutcome } from '../../../client/writes';
import type { ConnectionStatus } from '../graphql/connection-status';
import { trustedDocumentHashOf } from '../graphql/trusted-document';
import { outboxFields } from './outbox-fields';

/** A replayed write the server did not carry out: it waits for the user to resolve or dismiss it. */
export interface UnsentWrite {
  queued: QueuedWrite;
  outcome: Exclude<WriteOutcome, { status: 'applied' | 'alreadyApplied' }>;
}

/** What the header's badge and the pending panels show. */
export interface OutboxState {
  /** Writes waiting to be sent, oldest first. */
  waiting: readonly QueuedWrite[];
  /** Replayed writes the server refused, newest last. */
  unsent: readonly UnsentWrite[];
  /** Whether the queue is being sent now. */
  sending: boolean;
}

export interface PortalOutbox {
  get(): OutboxState;
  subscribe(listener: () => void): () => void;
  /**
   * Keeps the write (and its photo's bytes) on this device and sends it as soon as the server can be
   * reached; a photo over 10 MB is refused (FileNotQueuedError) and nothing is queued.
   */
  queue(write: OutgoingWrite, idempotencyKey?: string): Promise<void>;
  /** The photo of a refused write, kept for sending it again (null when it had none). */
  fileOf(localId: string): Promise<OutgoingFile | null>;
  /** Forgets a refused write (the user resolved it, or chose to drop it). */
  dismiss(localId: string): void;
  /** Deletes everything kept for this employee on this device (signing out). */
  discard(): Promise<void>;
  dispose(): void;
}

/** Refused writes as stored: a queued write and the outcome the server gave it. */
const storedUnsent = z.array(z.object({ queued: queuedWriteSchema, outcome: z.object({ status: z.string(), message: z.string() }).passthrough() }));

/** How long waiting writes wait for another try when nothing (the socket, the browser) says the network is back. */
const retryDelayMs = 20_000;

/** The database the portal keeps an employee's outbox in. */
export const outboxDatabaseOf = (employeeId: string) => `staffsync-outbox-${employeeId}`;

/**
 * The portal's outbox: the client kit's Outbox in IndexedDB, one per employee on this browser, sending
 * through the API by trusted-document hash. It replays whenever the live socket comes back (and when
 * the browser says it is online again); each outcome the server did not carry out is kept for the user.
 */
export function createPortalOutbox(options: { token: string; employeeId: string; connection: ConnectionStatus }): PortalOutbox {
  const storage: DurableStorage = indexedDbStorage(outboxDatabaseOf(options.employeeId));
  const unsentKey = 'unsent';
  const api = new ApiClient(window.location.origin, options.token, 15_000, (query) => trustedDocumentHashOf(parse(query)));
  let state: OutboxState = { waiting: [], unsent: [], sending: false };
  const listeners = new Set<() => void>();
  const update = (next: Partial<OutboxState>) => {
    state = { ...state, ...next };
    for (const listener of listeners) listener();
  };
  const saveUnsent = () => storage.write(unsentKey, JSON.stringify(state.unsent));
  /** A refused write's photo is kept beside the refused writes, until it is sent again or dismissed. */
  const unsentFileKey = (localId: string) => `${unsentKey}.file.${localId}`;

  const outbox = new Outbox({
    api,
    storage,
    key: 'writes',
    fields: outboxFields,
    onOutcome(queued, outcome, file) {
      update({ waiting: state.waiting.filter((write) => write.localId !== queued.localId) });
      if (outcome.status === 'applied' || outcome.status === 'alreadyApplied') return;
      update({ unsent: [...state.unsent, { queued, outcome }] });
      if (file) void storage.files?.write(unsentFileKey(queued.localId), file.bytes);
      void saveUnsent();
    },
  });

  let disposed = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const flush = async () => {
    if (disposed || state.sending) return;
    clearTimeout(retry);
    update({ sending: true });
    try {
      await outbox.flush();
    } finally {
      update({ sending: false, waiting: await outbox.pending() });
    }
    // A server that answered 5xx, or a network the browser thinks is up, gets asked again now and then.
    if (!disposed && state.waiting.length > 0) retry = setTimeout(() => void flush(), retryDelayMs);
  };

  /** Refused writes kept from before a reload; anything unreadable there is dropped, never replayed. */
  const readUnsent = async (): Promise<UnsentWrite[]> => {
    const stored = await storage.read(unsentKey);
    if (stored === null) return [];
    try {
      const parsed = storedUnsent.safeParse(JSON.parse(stored));
      return parsed.success ? (parsed.data as UnsentWrite[]) : [];
    } catch {
      return [];
    }
  };

  void (async () => {
    update({ waiting: await outbox.pending(), unsent: await readUnsent() });
    void flush();
  })();
  const stopWatching = options.connection.subscribe(() => {
    if (options.connection.get().kind === 'live') void flush();
  });
  const onOnline = () => void flush();
  window.addEventListener('online', onOnline);

  return {
    get: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async queue(write, idempotencyKey) {
      // The forms build a write from their own typed values through code shared by every type, which
      // the compiler cannot follow per type: the server checks the input, as it does every request's.
      await outbox.queue(write as TypedWrite, idempotencyKey);
      update({ waiting: await outbox.pending() });
      void flush();
    },
    async fileOf(localId) {
      const unsent = state.unsent.find((item) => item.queued.localId === localId);
      const photo = unsent && 'photo' in unsent.queued.write ? unsent.queued.write.photo : undefined;
      const bytes = photo ? await storage.files?.read(unsentFileKey(localId)) : null;
      return photo && bytes ? { bytes, name: photo.name, type: photo.type } : null;
    },
    dismiss(localId) {
      update({ unsent: state.unsent.filter((unsent) => unsent.queued.localId !== localId) });
      void storage.files?.remove(unsentFileKey(localId));
      void saveUnsent();
    },
    async discard() {
      disposed = true;
      const files = state.unsent.map((unsent) => storage.files?.remove(unsentFileKey(unsent.queued.localId)));
      await Promise.all([outbox.clear(), storage.remove(unsentKey), ...files]);
    },
    dispose() {
      disposed = true;
      clearTimeout(retry);
      stopWatching();
      window.removeEventListener('online', onOnline);
    },
  };
}
