import { count, eq } from 'drizzle-orm';
import { GraphQLError } from 'graphql';
import { entityHistory, type EntityHistoryRow, type StoredFieldChange } from '../db/schema';
import { historyPage, type HistoryAction } from '../domain/history';
import { photoChangeOf, photoChanges, photoField } from '../domain/photo-history';
import { builder } from './builder';
import { HistoryActionEnum } from './enums';
import { connectionType, decodeKeyCursor, encodeKeyCursor, pageSize } from './pagination';
import { NodeInterface, PersonRef } from './refs';

/** A stored value as text: strings as they are, numbers and booleans printed, lists and objects as JSON. */
function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

const FieldChangeRef = builder.objectRef<StoredFieldChange>('FieldChange').implement({
  description: "One field's value before and after (as text; null: no value, or the entity did not exist)",
  fields: (t) => ({
    field: t.exposeString('field', { description: 'As the API names it, e.g. `miles` or `status`' }),
    before: t.string({ nullable: true, resolve: (change) => asText(change.before) }),
    after: t.string({ nullable: true, resolve: (change) => asText(change.after) }),
  }),
});

const PhotoChangeEnum = builder.enumType('PhotoChange', {
  description: "What a change did to a receipt's photo or PDF: ATTACHED (there was none), REPLACED, REMOVED",
  values: photoChanges,
});

const HistoryEntryRef = builder.objectRef<EntityHistoryRow>('HistoryEntry').implement({
  description: 'One thing done to an entity: who, when, what, and the fields it changed. Kept for years, independently of the change log.',
  fields: (t) => ({
    id: t.id({ resolve: (entry) => String(entry.id) }),
    at: t.expose('at', { type: 'DateTime' }),
    action: t.field({ type: HistoryActionEnum, resolve: (entry) => entry.action as HistoryAction }),
    actor: t.field({ type: PersonRef, nullable: true, description: 'Who did it; null for changes made by the system', resolve: (entry) => entry.actorId }),
    reason: t.string({ nullable: true, description: 'The reason given for a rejection or a reopening', resolve: (entry) => entry.reason }),
    changes: t.field({
      type: [FieldChangeRef],
      description: "The fields it changed; a receipt's photo is told by `photoChange`, not by its id",
      resolve: (entry) => entry.changes.filter((change) => change.field !== photoField),
    }),
    photoChange: t.field({
      type: PhotoChangeEnum,
      nullable: true,
      description: "What it did to a receipt's photo; null when it left the photo as it was (and for everything but receipts)",
      resolve: (entry) => photoChangeOf(entry.changes),
    }),
  }),
});

function historyCursor(cursor: string): number {
  const id = Number(decodeKeyCursor(cursor, 1)[0]);
  if (!Number.isSafeInteger(id)) throw new GraphQLError('after is not a cursor from this list', { extensions: { code: 'BAD_USER_INPUT' } });
  return id;
}

const HistoryConnection = connectionType<EntityHistoryRow>('HistoryEntry', HistoryEntryRef);

builder.interfaceField(NodeInterface, 'history', (t) =>
  t.field({
    type: HistoryConnection,
    description: 'Everything done to this entity, newest first. Whoever may see the entity may see its history.',
    args: {
      first: t.arg.int({ required: false, description: 'Page size, 1 to 1000 (default 50)' }),
      after: t.arg.string({ required: false, description: 'endCursor of the previous page' }),
    },
    resolve: async (node, args, context) => {
      const after = args.after ? historyCursor(args.after) : null;
      const page = await historyPage(context.db, node.id, pageSize(args.first), after);
      return {
        ...page,
        cursorOf: (entry: EntityHistoryRow) => encodeKeyCursor([String(entry.id)]),
        totalCount: async () => (await context.db.select({ total: count() }).from(entityHistory).where(eq(entityHistory.entityId, node.id)))[0]?.total ?? 0,
      };
    },
  }),
);
