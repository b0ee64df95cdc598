import { z } from 'zod';
import { ApiError, NetworkError, signedOutCodes, type ApiClient } from './api-client';
import { randomKey } from './random-key';
import type { DurableStorage } from './storage';
import { maxFileBytes, mutationOf, outcomeOf, writeSchema, type Entity, type OutgoingFile, type OutgoingWrite, type TypedWrite, type Write, type WriteOutcome } from './writes';

/** A write waiting in the outbox, with the idempotency key it got when it was queued. */
export interface QueuedWrite {
  localId: string;
  idempotencyKey: string;
  queuedAt: string;
  /** Attempts that got no answer (the write may have reached the server). */
  attempts: number;
  write: Write;
}

/** Why the outbox stopped sending: it resumes with `flush()` once that is over. */
export type OutboxPause = 'offline' | 'signedOut' | 'serverUnavailable';

export interface OutboxOptions {
  api: ApiClient;
  storage: DurableStorage;
  /** The storage key: one outbox per signed-in employee on a device. */
  key: string;
  /** The entity fields an outcome carries (default `id version`; a punch's Shift: `id version`). */
  fields?: Partial<Record<Write['typename'], string>>;
  /**
   * Each write's outcome, in queue order, once it left the queue. A write with a photo that was not
   * carried out comes with its `file`, for an app that lets the user send it again (its bytes are no
   * longer kept by the outbox).
   */
  onOutcome?(write: QueuedWrite, outcome: WriteOutcome, file?: OutgoingFile): void;
  /** Stored data that is not an outbox this kit wrote (corrupted, or another app's): kept aside under `asideKey`, never replayed. */
  onSetAside?(report: { reason: string; asideKey: string }): void;
}

/** Refused before it is queued: the file is over the server's limit, or the storage keeps no files. */
export class FileNotQueuedError extends Error {}

const format = 'staffsync-outbox';
const formatVersion = 1;

/** A queued write as stored (an app that keeps queued writes elsewhere, e.g. refused ones, checks them with it). */
export const queuedWriteSchema = z.object({ localId: z.string(), idempotencyKey: z.string().min(1), queuedAt: z.string(), attempts: z.number().int().min(0), write: writeSchema });

const storedQueue = z.array(queuedWriteSchema);

const storedHeader = z.object({ format: z.literal(format), version: z.literal(formatVersion), writes: z.array(z.unknown()) });

/**
 * Writes made while offline (or while online: everything goes through it), kept in durable storage
 * in order until the server has answered each. A write gets its idempotency key when it is queued,
 * so however often it is sent (after a lost answer, a restart, hours offline) the server carries it
 * out once. Writes are sent one at a time, in order; a write the server refuses ends with its typed
 * outcome and never blocks the ones after it. No answer (offline, a cut connection, the server
 * restarting) keeps the write at the head of the queue for the next `flush()`.
 */
export class Outbox {
  private writes: QueuedWrite[] = [];
  private loaded: Promise<void> | null = null;
  private flushing: Promise<OutboxPause | null> | null = null;

  constructor(private readonly options: OutboxOptions) {}

  /** Reads the stored queue (once); a queue that is not this kit's is set aside and reported. */
  load(): Promise<void> {
    this.loaded ??= this.read();
    return this.loaded;
  }

  private async read(): Promise<void> {
    const { storage, key } = this.options;
    const stored = await storage.read(key);
    if (stored === null) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(stored);
    } catch {
      return this.setAside(stored, 'not JSON');
    }
    const outbox = storedHeader.safeParse(parsed);
    if (!outbox.success) return this.setAside(stored, `not a ${format} of version ${formatVersion}`);
    const writes = storedQueue.safeParse(outbox.data.writes);
    if (!writes.success) return this.setAside(stored, 'holds an entry that is not a write');
    this.writes = writes.data;
  }

  private async setAside(stored: string, reason: string): Promise<void> {
    const asideKey = `${this.options.key}.set-aside.${Date.now()}`;
    await this.options.storage.write(asideKey, stored);
    await this.options.storage.remove(this.options.key);
    this.options.onSetAside?.({ reason, asideKey });
  }

  private save(): Promise<void> {
    return this.options.storage.write(this.options.key, JSON.stringify({ format, version: formatVersion, writes: this.writes }));
  }

  /** Where the bytes of a queued write's file are kept, beside the queue. */
  private fileKey(localId: string): string {
    return `${this.options.key}.file.${localId}`;
  }

  /**
   * Queues a write (stored before this resolves) and returns it with its idempotency key: a new one, or
   * `idempotencyKey` when the app already sent this same write with it and got no answer. A write's
   * photo is stored first, so a stored queue never names a file it lacks; one over the server's limit
   * (10 MB), or a storage without `files`, is refused with FileNotQueuedError and nothing is queued.
   */
  async queue(write: TypedWrite, idempotencyKey: string = randomKey()): Promise<QueuedWrite> {
    await this.load();
    const localId = randomKey();
    const outgoing = write as OutgoingWrite;
    const photo = 'photo' in outgoing ? outgoing.photo : undefined;
    let stored: Write;
    if (photo) {
      const { bytes, name, type } = photo;
      if (bytes.size > maxFileBytes) throw new FileNotQueuedError(`${name} is ${(bytes.size / 1024 / 1024).toFixed(1)} MB; at most ${maxFileBytes / 1024 / 1024} MB can be sent`);
      if (bytes.size === 0) throw new FileNotQueuedError(`${name} is empty`);
      const files = this.options.storage.files;
      if (!files) throw new FileNotQueuedError('this storage keeps no files (see DurableStorage.files)');
      await files.write(this.fileKey(localId), bytes);
      stored = { ...outgoing, photo: { name, type, sizeBytes: bytes.size } } as Write;
    } else {
      stored = outgoing as Write;
    }
    const queued: QueuedWrite = { localId, idempotencyKey, queuedAt: new Date().toISOString(), attempts: 0, write: stored };
    this.writes.push(queued);
    await this.save();
    return queued;
  }

  /** The photo a queued write sends (null when it has none, or when its bytes are no longer stored). */
  private async fileOf(queued: QueuedWrite): Promise<OutgoingFile | null> {
    const { photo } = queued.write as { photo?: { name: string; type: string } };
    if (!photo) return null;
    const bytes = await this.options.storage.files?.read(this.fileKey(queued.localId));
    return bytes ? { bytes, name: photo.name, type: photo.type } : null;
  }

  /** Deletes every queued write and its files from the storage (signing out). */
  async clear(): Promise<void> {
    await this.load();
    const writes = this.writes;
    this.writes = [];
    await this.options.storage.remove(this.options.key);
    await Promise.all(writes.map((queued) => this.options.storage.files?.remove(this.fileKey(queued.localId))));
  }

  /** The writes not answered yet, oldest first ("3 changes waiting"). */
  async pending(): Promise<readonly QueuedWrite[]> {
    await this.load();
    return [...this.writes];
  }

  /**
   * Sends the queued writes in order until the queue is empty (null) or the server cannot be reached
   * or the session ended (why it paused). One flush at a time: a second call joins the running one.
   */
  flush(): Promise<OutboxPause | null> {
    this.flushing ??= this.sendAll().finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async sendAll(): Promise<OutboxPause | null> {
    await this.load();
    for (;;) {
      const head = this.writes[0];
      if (!head) return null;
      const { query, variables, fileVariable } = mutationOf(head.write, this.options.fields?.[head.write.typename] ?? 'id version');
      const file = fileVariable ? await this.fileOf(head) : null;
      // Counted before sending: if the app dies while the request is out, the next start knows it may have landed.
      head.attempts += 1;
      await this.save();
      let outcome: WriteOutcome;
      try {
        if (fileVariable && !file) throw new FileNotQueuedError('its photo is no longer stored on this device');
        const files = fileVariable && file ? { [fileVariable]: file } : undefined;
        const { data, extensions } = await this.options.api.request<{ result: Entity }>(query, { ...variables, key: head.idempotencyKey }, files);
        if (data.result.__typename === 'NotAuthenticatedError') return 'signedOut';
        const replayed = Array.isArray(extensions.replayedIdempotencyKeys) && extensions.replayedIdempotencyKeys.includes(head.idempotencyKey);
        outcome = outcomeOf(head.write, data.result, replayed);
      } catch (error) {
        if (error instanceof NetworkError) return 'offline';
        if (error instanceof ApiError && signedOutCodes.has(error.code)) return 'signedOut';
        if (error instanceof ApiError && (error.status >= 500 || error.code === 'DATABASE_UNAVAILABLE')) return 'serverUnavailable';
        // The request itself was refused (e.g. malformed input the schema rejects): final, like a rejection.
        outcome = { status: 'rejected', message: error instanceof Error ? error.message : String(error), fields: [] };
      }
      this.writes.shift();
      await this.save();
      if (fileVariable) await this.options.storage.files?.remove(this.fileKey(head.localId));
      const carriedOut = outcome.status === 'applied' || outcome.status === 'alreadyApplied';
      this.options.onOutcome?.(head, outcome, carriedOut ? undefined : (file ?? undefined));
    }
  }
}
