import { z } from 'zod';
import type * as Schema from './schema-types';

/** What the outbox can write: the entities the API creates, updates and deletes. */
const entityTypename = z.enum(['Receipt', 'MileageEntry', 'TimeEntry', 'Employee']);
export type EntityTypename = z.infer<typeof entityTypename>;

/** The time clock's punches (issue 19): each answers with the employee's shift after it. */
const punchKind = z.enum(['clockIn', 'startBreak', 'endBreak', 'clockOut']);
export type PunchKind = z.infer<typeof punchKind>;

const record = z.record(z.string(), z.unknown());
const versioned = { typename: entityTypename, id: z.string(), version: z.number().int() };

/** The largest file the outbox queues: the server's limit, so a queued photo is never refused for its size alone. */
export const maxFileBytes = 10 * 1024 * 1024;

/** A file a write sends (a receipt's photo), as the app hands it over: the bytes and what the device called them. */
export interface OutgoingFile {
  bytes: Blob;
  /** The file's name (the server decides the type from the bytes, not from this). */
  name: string;
  type: string;
}

/** A queued write's file as the queue records it: the bytes are kept apart in storage (outbox.ts). */
const storedFileSchema = z.object({ name: z.string(), type: z.string(), sizeBytes: z.number().int().min(1).max(maxFileBytes) });
export type StoredFile = z.infer<typeof storedFileSchema>;

/**
 * One write as the app asked for it (and as the outbox stores it: a stored write of any other shape was
 * not written by this kit). Updates and deletes carry the version the app last saw; a receipt's create and
 * attachPhoto may carry a photo (only its name, type and size here). A punch carries `at`,
 * the device's time when the employee tapped (ISO 8601), and `timeZone`, its IANA zone: the server
 * accepts device times up to PUNCH_OFFLINE_WINDOW_HOURS old, so punches made offline keep their real time.
 */
export const writeSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('create'), typename: entityTypename, input: record, confirmWarnings: z.array(z.string()).optional(), photo: storedFileSchema.optional() }),
  z.object({ action: z.literal('update'), ...versioned, input: record, confirmWarnings: z.array(z.string()).optional() }),
  z.object({ action: z.literal('delete'), ...versioned }),
  /** A photo for a receipt that exists; `summary` is what the app showed of it (for its own lists), never sent. */
  z.object({ action: z.literal('attachPhoto'), typename: z.literal('Receipt'), id: z.string(), photo: storedFileSchema, summary: record.optional() }),
  z.object({
    action: z.literal('punch'),
    typename: z.literal('Shift'),
    punch: punchKind,
    input: z.object({
      at: z.string(),
      timeZone: z.string(),
      costCenterId: z.string().nullish(),
      note: z.string().nullish(),
      location: z.object({ latitude: z.number(), longitude: z.number() }).nullish(),
    }),
  }),
]);

export type Write = z.infer<typeof writeSchema>;

/** A write as it is queued: its photo, if any, with the bytes (the queue keeps them apart, see outbox.ts). */
export type OutgoingWrite = Write extends infer Each
  ? Each extends { photo: StoredFile }
    ? Omit<Each, 'photo'> & { photo: OutgoingFile }
    : Each extends { action: 'create' }
      ? Omit<Each, 'photo'> & { photo?: OutgoingFile }
      : Each
  : never;

/** Each entity's create and update input, as schema.graphql defines them. */
interface EntityInputs {
  Receipt: { create: Schema.CreateReceiptInput; update: Schema.UpdateReceiptInput };
  MileageEntry: { create: Schema.CreateMileageEntryInput; update: Schema.UpdateMileageEntryInput };
  TimeEntry: { create: Schema.CreateTimeEntryInput; update: Schema.UpdateTimeEntryInput };
  Employee: { create: Schema.CreateEmployeeInput; update: Schema.UpdateEmployeeInput };
}

/**
 * A write as an app queues it, its input typed from schema.graphql (client/schema-types.ts): a field the
 * schema does not have, or a value of the wrong type, fails to compile rather than to replay.
 */
export type TypedWrite =
  | {
      [Typename in EntityTypename]:
        | ({ action: 'create'; typename: Typename; input: EntityInputs[Typename]['create']; confirmWarnings?: Schema.WarningCode[] } & (Typename extends 'Receipt'
            ? { photo?: OutgoingFile }
            : unknown))
        | { action: 'update'; typename: Typename; id: string; version: number; input: EntityInputs[Typename]['update']; confirmWarnings?: Schema.WarningCode[] }
        | { action: 'delete'; typename: Typename; id: string; version: number };
    }[EntityTypename]
  | { action: 'attachPhoto'; typename: 'Receipt'; id: string; photo: OutgoingFile; summary?: Record<string, unknown> }
  | { action: 'punch'; typename: 'Shift'; punch: PunchKind; input: Schema.PunchInput };

/** An entity as the server returned it (`id`, `version` and the fields asked for), or a deleted one's `id`. */
export type Entity = { __typename: string; id: string } & Record<string, unknown>;

/** How a queued write ended. Every one is final: the write leaves the queue. */
export type WriteOutcome =
  /** Written now. */
  | { status: 'applied'; entity: Entity }
  /** An earlier attempt had written it and its answer was lost; nothing was written twice. */
  | { status: 'alreadyApplied'; entity: Entity }
  /** Someone changed or deleted it since the app's version: nothing was written; `current` is the server's (null if deleted). */
  | { status: 'conflict'; message: string; current: Entity | null }
  /** Bad input: nothing was written; a message per field. */
  | { status: 'rejected'; message: string; fields: Array<{ field: string; message: string }> }
  /** Valid but unusual (dated ahead, miles far from the odometer): nothing was written; queue it again with `confirmWarnings` once the user confirmed. */
  | { status: 'needsConfirmation'; message: string; warnings: Array<{ code: string; field: string; message: string }> }
  /** Approved, reimbursed or in an approved week: nothing was written. */
  | { status: 'locked'; message: string; entryStatus: string; lockedBy: string | null }
  /** Not this user's to write (any more), or gone: nothing was written. */
  | { status: 'forbidden'; message: string };

/** Which typed errors each result union holds (schema.graphql): a fragment on any other would not validate. */
function lockable(write: Write): boolean {
  return write.typename !== 'Employee' && (write.action !== 'create' || write.typename === 'TimeEntry');
}

/** Trips, receipts and hours can ask the user to confirm an unusual input; deletes, photos and employees cannot. */
function confirmable(write: Write): boolean {
  return write.typename !== 'Employee' && write.action !== 'delete' && write.action !== 'punch' && write.action !== 'attachPhoto';
}

/** A receipt's create always declares its photo variable (null without one): one document with or without a photo. */
const createPhoto = { variable: ', $photo: File', argument: ', photo: $photo' };

/**
 * The mutation that carries out `write` with its idempotency key, asking for `fields` of the entity;
 * `fileVariable` names the variable its photo goes into, as a file of a multipart request.
 */
export function mutationOf(write: Write, fields: string): { query: string; variables: Record<string, unknown>; fileVariable?: string } {
  const { typename } = write;
  const confirm = confirmable(write) ? { variable: ', $confirm: [WarningCode!]', argument: ', confirmWarnings: $confirm' } : { variable: '', argument: '' };
  const errors = [
    '... on ValidationError { message fields { field message } }',
    confirmable(write) ? '... on ConfirmationRequiredError { message warnings { code field message } }' : '',
    write.action === 'create' || write.action === 'punch' || write.action === 'attachPhoto' ? '' : `... on VersionConflictError { message current { __typename ... on ${typename} { ${fields} } } }`,
    lockable(write) ? '... on LockedError { message status lockedBy { name } }' : '',
    '... on Error { message }',
  ].join(' ');
  const entity = write.action === 'delete' ? '... on DeletedEntity { id }' : `... on ${typename} { ${fields} }`;
  const selection = `{ __typename ${entity} ${errors} }`;
  switch (write.action) {
    case 'punch':
      return {
        query: `mutation OutboxPunch($input: PunchInput!, $key: String) { result: ${write.punch}(input: $input, idempotencyKey: $key) ${selection} }`,
        variables: { input: write.input },
      };
    case 'create': {
      const photo = typename === 'Receipt' ? createPhoto : { variable: '', argument: '' };
      return {
        query: `mutation OutboxCreate${typename}($input: Create${typename}Input!, $key: String${confirm.variable}${photo.variable}) { result: create${typename}(input: $input, idempotencyKey: $key${confirm.argument}${photo.argument}) ${selection} }`,
        variables: { input: write.input, confirm: write.confirmWarnings ?? null },
        ...(write.photo ? { fileVariable: 'photo' } : {}),
      };
    }
    case 'attachPhoto':
      return {
        query: `mutation OutboxAttachReceiptPhoto($id: ID!, $file: File!, $key: String) { result: attachReceiptPhoto(id: $id, file: $file, idempotencyKey: $key) ${selection} }`,
        variables: { id: write.id },
        fileVariable: 'file',
      };
    case 'update':
      return {
        query: `mutation OutboxUpdate${typename}($id: ID!, $version: Int!, $input: Update${typename}Input!, $key: String${confirm.variable}) { result: update${typename}(id: $id, version: $version, input: $input, idempotencyKey: $key${confirm.argument}) ${selection} }`,
        variables: { id: write.id, version: write.version, input: write.input, confirm: write.confirmWarnings ?? null },
      };
    case 'delete':
      return {
        query: `mutation OutboxDelete${typename}($id: ID!, $version: Int!, $key: String) { result: delete${typename}(id: $id, version: $version, idempotencyKey: $key) ${selection} }`,
        variables: { id: write.id, version: write.version },
      };
  }
}

type TypedResult = Entity & {
  message?: string;
  fields?: Array<{ field: string; message: string }>;
  warnings?: Array<{ code: string; field: string; message: string }>;
  current?: Entity | null;
  status?: string;
  lockedBy?: { name: string } | null;
};

/** Reads a mutation's typed result for `write` as an outcome; `replayed` when the server says the key was used before. */
export function outcomeOf(write: Write, result: TypedResult, replayed: boolean): WriteOutcome {
  if (result.__typename === write.typename || result.__typename === 'DeletedEntity') return { status: replayed ? 'alreadyApplied' : 'applied', entity: result };
  switch (result.__typename) {
    case 'ConfirmationRequiredError':
      return { status: 'needsConfirmation', message: result.message ?? '', warnings: result.warnings ?? [] };
    case 'ValidationError':
    case 'IdempotencyKeyReusedError':
      return { status: 'rejected', message: result.message ?? '', fields: result.fields ?? [] };
    case 'VersionConflictError':
      return { status: 'conflict', message: result.message ?? '', current: result.current ?? null };
    case 'LockedError':
      return { status: 'locked', message: result.message ?? '', entryStatus: result.status ?? '', lockedBy: result.lockedBy?.name ?? null };
    case 'ForbiddenError':
    case 'NotFoundError':
      return { status: 'forbidden', message: result.message ?? '' };
    default:
      // Any other refusal (a protected account, an employee with entries): nothing was written.
      return { status: 'rejected', message: result.message ?? result.__typename, fields: [] };
  }
}

/**
 * Every mutation text the outbox can send when it asks for `fields` of each type: for a build that lists
 * the documents a server running only trusted documents accepts (the portal's does).
 */
export function writeDocuments(fields: Partial<Record<Write['typename'], string>> = {}): string[] {
  const fieldsOf = (typename: Write['typename']) => fields[typename] ?? 'id version';
  const writes: Write[] = [
    ...entityTypename.options.flatMap((typename): Write[] => [
      { action: 'create', typename, input: {} },
      { action: 'update', typename, id: '', version: 0, input: {} },
      { action: 'delete', typename, id: '', version: 0 },
    ]),
    { action: 'attachPhoto', typename: 'Receipt', id: '', photo: { name: '', type: '', sizeBytes: 1 } },
    ...punchKind.options.map((punch): Write => ({ action: 'punch', typename: 'Shift', punch, input: { at: '', timeZone: '' } })),
  ];
  return writes.map((write) => mutationOf(write, fieldsOf(write.typename)).query);
}
