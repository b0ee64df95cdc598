import { useRef } from 'react';
import { randomKey } from '../../../client/random-key';
import type { EntityTypename, OutgoingFile, OutgoingWrite } from '../../../client/writes';
import { usePortal } from '../app/portal-context';
import type { ConnectionStatus } from '../graphql/connection-status';
import type { WarningCode, WriteOutcome } from './write-outcome';

/** The type's own create and update mutations, each read into a WriteOutcome. */
export interface EntityWrites<Input, Node> {
  create(input: Input, idempotencyKey: string, confirmWarnings: WarningCode[]): Promise<WriteOutcome<Node>>;
  /** `input` holds only the fields this user changed, so a save never puts back someone else's edits. */
  update(id: string, version: number, input: Partial<Input>, idempotencyKey: string, confirmWarnings: WarningCode[]): Promise<WriteOutcome<Node>>;
}

/** One save from a form: the values, the version and values they were edited from, and the warnings confirmed. */
export interface SaveRequest<Values> {
  values: Values;
  /** The version being edited, or null when creating. */
  version: number | null;
  /** The values as they were at `version`; only fields that differ from them are sent. */
  base: Values | null;
  confirmWarnings: WarningCode[];
}

/** The fields of `input` that differ from `base`. */
function changedFields<Input extends object>(input: Input, base: Input): Partial<Input> {
  return Object.fromEntries(
    Object.entries(input).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify((base as Record<string, unknown>)[key])),
  ) as Partial<Input>;
}

/** The browser knows it has no network, or the live socket found none. */
function isOffline(connection: ConnectionStatus): boolean {
  return !navigator.onLine || connection.get().kind === 'offline';
}

/** A file as it tells one file from another in a write's identity (its bytes are not read for that). */
function fileIdentity(_key: string, value: unknown): unknown {
  if (!(value instanceof Blob)) return value;
  const file = value as Partial<File>;
  return { size: value.size, type: value.type, name: file.name, lastModified: file.lastModified };
}

/**
 * The idempotency key of a write: the same as last time for the same write (Save pressed again after a
 * lost answer, or the write queued after a try that got none, lands once), a new one for a changed write.
 */
function useIdempotencyKeys(): (write: OutgoingWrite) => string {
  const last = useRef<{ write: string; key: string } | null>(null);
  return (write) => {
    const text = JSON.stringify(write, fileIdentity);
    if (last.current?.write !== text) last.current = { write: text, key: randomKey() };
    return last.current.key;
  };
}

/**
 * Sends a write at once through `send`, or keeps it in the outbox with the same idempotency key: without
 * a network, or when the try got no answer. The outbox sends it when the server can be reached.
 */
export function useSendOrQueue(): <Node>(write: OutgoingWrite, send: (idempotencyKey: string) => Promise<WriteOutcome<Node>>) => Promise<WriteOutcome<Node>> {
  const { outbox, connection } = usePortal();
  const keyOf = useIdempotencyKeys();
  return async (write, send) => {
    const key = keyOf(write);
    if (!isOffline(connection)) {
      const outcome = await send(key);
      if (outcome.kind !== 'failed' || !outcome.unreachable) return outcome;
    }
    await outbox.queue(write, key);
    return { kind: 'queued' };
  };
}

/**
 * The `save` an EntityFormModal calls: updates the entity being edited with the fields changed, or
 * creates one, sent at once or kept in the outbox (useSendOrQueue). `photo` goes with a create (a
 * receipt's): `writes.create` sends it, and the outbox keeps it with the write.
 */
export function useEntitySave<Values, Input extends object, Node>(
  typename: EntityTypename,
  existing: { id: string } | null,
  toInput: (values: Values) => Input,
  writes: EntityWrites<Input, Node>,
  photo: OutgoingFile | null = null,
): (request: SaveRequest<Values>) => Promise<WriteOutcome<Node>> {
  const sendOrQueue = useSendOrQueue();
  return async ({ values, version, base, confirmWarnings }) => {
    const full = toInput(values);
    const confirm = confirmWarnings.length > 0 ? { confirmWarnings } : {};
    if (existing && version !== null) {
      const input = base ? changedFields(full, toInput(base)) : full;
      const write: OutgoingWrite = { action: 'update', typename, id: existing.id, version, input: input as Record<string, unknown>, ...confirm };
      return sendOrQueue(write, (key) => writes.update(existing.id, version, input, key, confirmWarnings));
    }
    const write: OutgoingWrite = { action: 'create', typename, input: full as Record<string, unknown>, ...confirm, ...(photo ? { photo } : {}) };
    return sendOrQueue(write, (key) => writes.create(full, key, confirmWarnings));
  };
}

/** The delete a DeleteDialog runs, sent at once or kept in the outbox (useSendOrQueue). */
export function useEntityDelete<Target extends { id: string }, Node>(
  typename: EntityTypename,
  remove: (target: Target, version: number, idempotencyKey: string) => Promise<WriteOutcome<Node>>,
): (target: Target, version: number) => Promise<WriteOutcome<Node>> {
  const sendOrQueue = useSendOrQueue();
  return (target, version) => sendOrQueue({ action: 'delete', typename, id: target.id, version }, (key) => remove(target, version, key));
}
