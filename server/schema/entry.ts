import type { InputObjectRef, ObjectRef } from '@pothos/core';
import type { SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { EntityKind } from '../domain/entity-kind';
import type { Context } from '../context';
import { createEntity, deleteEntity, updateEntity, type Attachment, type Writer } from '../domain/entity-writer';
import type { EntryRow } from '../domain/entry-kind';
import type { PhotoRejectedError } from '../domain/errors';
import { countEntries, entryConditions, listEntryPage, type EntryTable } from '../domain/entry-queries';
import { checkIdempotencyKey } from '../domain/idempotency';
import { builder } from './builder';
import { entryOrderInput } from './entry-order';
import { DeletedEntityRef } from './deleted-entity';
import { entryCreateErrors, entryUpdateErrors, entryWriteErrors, lockableEntryCreateErrors, WarningCodeEnum } from './errors';
import { connectionType, decodeKeyCursor, encodeKeyCursor, pageSize } from './pagination';
import { EntryStatusEnum } from './enums';
import { CostCenterRef, EmployeeRef, EntryInterface, NodeInterface, ReviewableInterface } from './refs';
import { withoutNulls, writerOf } from './writer';

EntryInterface.implement({
  description: 'What mileage entries, receipts and time entries share: an owner, a cost center, a day and a review status',
  interfaces: [NodeInterface, ReviewableInterface],
  fields: (t) => ({
    date: t.expose('date', { type: 'Date' }),
    employeeId: t.exposeID('employeeId'),
    employee: t.field({ type: EmployeeRef, resolve: (entry) => entry.employeeId }),
    costCenterId: t.exposeID('costCenterId'),
    costCenter: t.field({ type: CostCenterRef, resolve: (entry) => entry.costCenterId }),
  }),
});

export const EntryFilterInput = builder.inputType('EntryFilter', {
  description: 'Narrows a list or totals; every field is optional and they combine with AND',
  fields: (t) => ({
    employeeId: t.id({ required: false }),
    costCenterId: t.id({ required: false }),
    from: t.field({ type: 'Date', required: false, description: 'First day included' }),
    to: t.field({ type: 'Date', required: false, description: 'Last day included' }),
    status: t.field({ type: [EntryStatusEnum], required: false, description: 'Any of these review states; empty or absent: all' }),
    search: t.field({
      type: 'SearchText',
      required: false,
      description: "Every word appears, in any case, in the entry's text (route and purpose, vendor, category and description, or notes) or its employee's name",
    }),
  }),
});

export const idempotencyKeyDescription =
  'A client-chosen unique key (e.g. a UUID made when the user tapped Save), kept for the change-log retention window (at least 7 days). Sending the same request with the same key again writes nothing new: a create answers with the entity it made, an update with the entity as it is now, a delete as the first did. The same key with a different request gets IdempotencyKeyReusedError.';

const confirmWarningsDescription = 'Warnings the user saw and confirmed (from a ConfirmationRequiredError); the write is refused while another remains';

/**
 * The list query and the create, update and delete mutations of one entry type. The three entry types
 * differ in their fields, not in how they are listed, permitted, versioned or logged.
 */
export function defineEntryOperations<Values>(options: {
  typename: string;
  listField: string;
  ref: ObjectRef<any, EntryRow>;
  kind: EntityKind<EntryRow, Values>;
  table: EntryTable;
  createInput: InputObjectRef<any, Record<string, unknown> & { employeeId?: string | null }>;
  updateInput: InputObjectRef<any, Record<string, unknown>>;
  /** Fields where an explicit null clears the value rather than meaning "unchanged". */
  nullableFields?: readonly string[];
  /** Creates can meet a lock (hours in an approved week). */
  lockedOnCreate?: boolean;
  /** The type's own sort keys besides date, employee and status: `{ AMOUNT: receipts.amountCents }`. */
  sortKeys: Record<string, PgColumn | SQL>;
  /**
   * A file create<Type> may take beside its input (a receipt's photo, `photo: File`), written in the
   * create's transaction; `errors` are the typed refusals of the file, added to the create's result.
   */
  createFile?: {
    argument: string;
    description: string;
    errors: readonly (typeof PhotoRejectedError)[];
    attachment(file: Blob, context: Context, writer: Writer): Promise<Attachment<EntryRow>>;
  };
}) {
  const { typename, ref, kind, table } = options;
  const nullable = options.nullableFields ?? [];
  const Connection = connectionType<EntryRow>(typename, ref);
  const { OrderInput, orderOf } = entryOrderInput(typename, table, options.sortKeys);

  builder.queryField(options.listField, (t) =>
    t.field({
      type: Connection,
      description: `${typename}s the viewer may see, newest first unless orderBy says otherwise`,
      args: {
        filter: t.arg({ type: EntryFilterInput, required: false }),
        orderBy: t.arg({ type: OrderInput, required: false, description: 'Default: DATE, DESC (newest first)' }),
        first: t.arg.int({ required: false, description: 'Page size, 1 to 1000 (default 50)' }),
        after: t.arg.string({ required: false, description: 'endCursor of the previous page' }),
      },
      resolve: async (_root, args, context) => {
        const limit = pageSize(args.first);
        const after = args.after ? decodeKeyCursor(args.after, 2) : null;
        const where = entryConditions(table, await context.scope(), args.filter);
        const page = await listEntryPage<EntryRow>(context.db, table, where, limit, after ? { key: after[0]!, id: after[1]! } : null, orderOf(args.orderBy));
        return {
          ...page,
          cursorOf: (row: EntryRow & { sortKey: string }) => encodeKeyCursor([row.sortKey, row.id]),
          totalCount: () => countEntries(context.db, table, where),
        };
      },
    }),
  );

  const { createFile } = options;
  builder.mutationField(`create${typename}`, (t) =>
    t.field({
      type: ref,
      errors: { types: [...(options.lockedOnCreate ? lockableEntryCreateErrors : entryCreateErrors), ...(createFile?.errors ?? [])] },
      args: {
        input: t.arg({ type: options.createInput, required: true }),
        idempotencyKey: t.arg.string({ required: false, description: idempotencyKeyDescription }),
        confirmWarnings: t.arg({ type: [WarningCodeEnum], required: false, description: confirmWarningsDescription }),
        ...(createFile ? { [createFile.argument]: t.arg({ type: 'File', required: false, description: createFile.description }) } : {}),
      },
      resolve: async (_root, args, context) => {
        const { input, idempotencyKey, confirmWarnings } = args;
        const writer = await writerOf(context);
        const key = checkIdempotencyKey(idempotencyKey);
        const values = { ...withoutNulls(input, nullable), employeeId: input.employeeId ?? writer.viewer.employeeId };
        // The File scalar let only an uploaded file through (Yoga's own Blob class, not always the global one).
        const file = createFile ? ((args as Record<string, unknown>)[createFile.argument] as Blob | null | undefined) : null;
        const prepare = createFile && file ? () => createFile.attachment(file, context, writer) : undefined;
        return createEntity(writer, kind, values, key, confirmWarnings ?? [], prepare);
      },
    }),
  );

  builder.mutationField(`update${typename}`, (t) =>
    t.field({
      type: ref,
      errors: { types: entryUpdateErrors },
      args: {
        id: t.arg.id({ required: true }),
        version: t.arg.int({ required: true, description: 'The version the client last saw; a mismatch is a VersionConflictError' }),
        input: t.arg({ type: options.updateInput, required: true }),
        idempotencyKey: t.arg.string({ required: false, description: idempotencyKeyDescription }),
        confirmWarnings: t.arg({ type: [WarningCodeEnum], required: false, description: confirmWarningsDescription }),
      },
      resolve: async (_root, { id, version, input, idempotencyKey, confirmWarnings }, context) =>
        updateEntity(await writerOf(context), kind, String(id), version, withoutNulls(input, nullable), checkIdempotencyKey(idempotencyKey), confirmWarnings ?? []),
    }),
  );

  builder.mutationField(`delete${typename}`, (t) =>
    t.field({
      type: DeletedEntityRef,
      errors: { types: entryWriteErrors },
      args: {
        id: t.arg.id({ required: true }),
        version: t.arg.int({ required: true, description: 'The version the client last saw; a mismatch is a VersionConflictError' }),
        idempotencyKey: t.arg.string({ required: false, description: idempotencyKeyDescription }),
      },
      resolve: async (_root, { id, version, idempotencyKey }, context) => {
        const deleted = await deleteEntity(await writerOf(context), kind, String(id), version, checkIdempotencyKey(idempotencyKey));
        return { id: deleted.id, type: kind.dataType };
      },
    }),
  );
  return Connection;
}
