import { GraphQLError } from 'graphql';
import { notSignedInError } from '../auth/authentication-errors';
import type { Viewer } from '../auth/viewer';
import { headOfLog, latestPosition, prunedThrough, readChanges, stampAt, type ChangeEvent } from '../changelog/change-log';
import { readCursor, resyncReason, type ResyncReason } from '../changelog/cursor';
import { rowFromSnapshot } from '../changelog/snapshot';
import type { Context } from '../context';
import { dataTypes, type DataType } from '../domain/data-type';
import { resyncRequiredError } from '../delivery/delivery-errors';
import { viewOf } from '../delivery/event-visibility';
import { builder } from './builder';
import { ChangeActionEnum, DataTypeEnum } from './enums';
import { ErrorInterface } from './errors';
import { PersonRef, SyncNodeUnion } from './refs';

const ScopeChangeEnum = builder.enumType('ScopeChange', {
  description:
    'How a change moved an entity for you. ENTERED: you may see it from now on (it was given to someone you see, or its employee joined a cost center you supervise); add it. LEFT: you may not see it any more (it still exists); drop it, and for an EMPLOYEE also every entry of theirs.',
  values: ['ENTERED', 'LEFT'] as const,
});

const DataChangeRef = builder.objectRef<ChangeEvent>('DataChange').implement({
  description:
    'One committed change. Apply `node` to a normalized cache by __typename and id; on DELETE, or when `scopeChange` is LEFT, remove `id`.',
  fields: (t) => ({
    cursor: t.string({
      description: 'Opaque and commit-ordered: resume with `after` set to the last cursor you processed',
      resolve: (event, _args, context) => context.feed.cursorOf(event.position, event.at),
    }),
    type: t.field({ type: DataTypeEnum, resolve: (event) => event.type }),
    action: t.field({ type: ChangeActionEnum, resolve: (event) => event.action }),
    id: t.id({ description: "The entity's id", resolve: (event) => event.entityId }),
    employeeId: t.id({
      nullable: true,
      description: 'The employee who owns the entity (on LEFT: the owner you knew, not the new one)',
      resolve: (event) => event.employeeId,
    }),
    at: t.field({ type: 'DateTime', resolve: (event) => event.at }),
    actor: t.field({
      type: PersonRef,
      nullable: true,
      description: 'Who made the change (null for changes made by the system)',
      resolve: (event) => event.actorId,
    }),
    changedFields: t.stringList({
      nullable: true,
      description: 'On UPDATE, the fields the change set to new values (e.g. ["miles"]); null on CREATE, DELETE and LEFT',
      resolve: (event) => event.changedFields,
    }),
    scopeChange: t.field({
      type: ScopeChangeEnum,
      nullable: true,
      description: 'Set when the change brought the entity into what you may see, or took it out; null otherwise',
      resolve: (event) => event.scopeChange ?? null,
    }),
    node: t.field({
      type: SyncNodeUnion,
      nullable: true,
      description: 'The entity after the change, with every field; null on DELETE and LEFT',
      resolve: (event) => (event.snapshot ? (rowFromSnapshot(event.snapshot) as never) : null),
    }),
  }),
});

function signedIn(context: Context): Viewer {
  if (!context.viewer) throw notSignedInError();
  return context.viewer;
}

/** The stamp of the change at `position`: a reconnecting client's cursor is usually among the events this instance keeps, so no query then. */
async function stampOfPosition(context: Context, position: number): Promise<string | null> {
  const remembered = context.feed.stampAt(position);
  return remembered !== undefined ? remembered : stampAt(context.db, position);
}

/**
 * Where a client's cursor says to resume, or why it cannot: RESYNC_REQUIRED when it is from another
 * database, older than the log keeps, or ahead of the log (a restored database); BAD_CURSOR when malformed.
 */
async function resumePosition(context: Context, cursor: string, horizon: number): Promise<{ position: number } | { resync: ResyncReason }> {
  const read = readCursor(cursor);
  const { feed } = context;
  // This instance may not have read the newest events yet: only a cursor past them asks the database.
  const head = read.position > feed.lastPosition ? await latestPosition(context.db) : feed.lastPosition;
  const stampAtPosition = read.stamp !== null && read.position <= head ? await stampOfPosition(context, read.position) : null;
  const reason = resyncReason(read, { databaseId: feed.databaseId, horizon, head, stampAtPosition });
  return reason ? { resync: reason } : { position: read.position };
}

/**
 * What one dataChanged subscription asked for. The delivery engine serves it (http/delivery-plugin.ts
 * hands it over, whatever the transport); it is an async iterable only because graphql-js requires a
 * subscription source to be one, and iterating it is a wiring mistake.
 */
export class DataChangeRequest implements AsyncIterable<never> {
  constructor(
    readonly viewer: Viewer,
    /** Only these types; null for every type. */
    readonly types: readonly DataType[] | null,
    /** Replay the log after this position first; null to start from now. */
    readonly after: number | null,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<never> {
    throw new Error('dataChanged is delivered by the delivery engine, never iterated directly');
  }
}

builder.subscriptionField('dataChanged', (t) =>
  t.field({
    type: DataChangeRef,
    description:
      'Every change the viewer may see, as it commits. With `after`, first replays what was missed since that cursor, then goes live: no gap, no duplicate. A cursor that cannot be resumed from (older than the log keeps, from another database, ahead of the log) ends the subscription with code RESYNC_REQUIRED; a malformed one with BAD_CURSOR.',
    args: {
      type: t.arg({ type: DataTypeEnum, required: false, description: 'Only this type; null for all types' }),
      after: t.arg.string({ required: false, description: 'The last cursor processed' }),
    },
    subscribe: async (_root, args, context) => {
      const viewer = signedIn(context);
      let after: number | null = null;
      if (args.after) {
        // The feed's horizon: a reconnect storm must not cost a query per resuming subscriber.
        const resume = await resumePosition(context, args.after, context.feed.horizon);
        if ('resync' in resume) throw resyncRequiredError(args.after, resume.resync);
        after = resume.position;
      }
      return new DataChangeRequest(viewer, args.type ? [args.type] : null, after);
    },
    resolve: (event) => event,
  }),
);

/** The cursor cannot be resumed from: refetch, then continue from `syncCursor`. */
export class ResyncRequiredError extends Error {
  override name = 'ResyncRequiredError';
  constructor(readonly reason: ResyncReason) {
    super('This cursor cannot be resumed from; refetch your data, then continue from syncCursor');
  }
}

const ResyncReasonEnum = builder.enumType('ResyncReason', {
  description:
    'PRUNED: older than the change log keeps. OTHER_DATABASE: issued by another database. AHEAD_OF_LOG: beyond the newest change (the database was restored or reset). RESTORED: the log holds another change at this cursor (the database was restored from a backup and has moved on).',
  values: ['PRUNED', 'OTHER_DATABASE', 'AHEAD_OF_LOG', 'RESTORED'] as const,
});

builder.objectType(ResyncRequiredError, {
  name: 'ResyncRequiredError',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ResyncRequiredError,
  fields: (t) => ({ reason: t.field({ type: ResyncReasonEnum, resolve: (error) => error.reason }) }),
});

interface ChangePage {
  changes: ChangeEvent[];
  endCursor: string;
  hasMore: boolean;
}

const ChangePageRef = builder.objectRef<ChangePage>('ChangePage').implement({
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'changes' in value,
  fields: (t) => ({
    changes: t.field({ type: [DataChangeRef], resolve: (page) => page.changes }),
    endCursor: t.exposeString('endCursor', { description: 'Pass as `after` for the next page, or to subscribe from here' }),
    hasMore: t.exposeBoolean('hasMore'),
  }),
});

builder.queryFields((t) => ({
  syncCursor: t.string({
    description: 'The cursor of now. Read it before fetching lists; then `changes(after:)` or `dataChanged(after:)` from it misses nothing.',
    resolve: async (_root, _args, context) => {
      signedIn(context);
      const head = await headOfLog(context.db);
      return context.feed.cursorOf(head.position, head.at ?? undefined);
    },
  }),
  changes: t.field({
    type: ChangePageRef,
    errors: { types: [ResyncRequiredError] },
    description:
      'The change log as pages, for a client catching up without a socket: only changes the viewer may see, with LEFT and ENTERED as in dataChanged. A malformed cursor is refused with BAD_CURSOR.',
    args: {
      after: t.arg.string({ required: false, description: 'The last cursor processed; omit to start at the oldest kept change' }),
      types: t.arg({ type: [DataTypeEnum], required: false, description: `At most ${dataTypes.length} (each type once)` }),
      first: t.arg.int({ required: false, defaultValue: 100, description: '1 to 1000' }),
    },
    resolve: async (_root, args, context) => {
      signedIn(context);
      const first = args.first ?? 100;
      if (first < 1 || first > 1000) throw new GraphQLError('first must be between 1 and 1000', { extensions: { code: 'BAD_USER_INPUT' } });
      const types = args.types?.length ? [...new Set(args.types)] : null;
      const horizon = await prunedThrough(context.db);
      let after = horizon;
      if (args.after) {
        const resume = await resumePosition(context, args.after, horizon);
        if ('resync' in resume) throw new ResyncRequiredError(resume.resync);
        after = resume.position;
      }
      const scope = await context.scope();
      const changes: ChangeEvent[] = [];
      let last = after;
      let lastAt: Date | undefined;
      // Scan a bounded number of log pages, so a viewer who may see little cannot make one request scan the whole log.
      for (let scanned = 0; changes.length < first && scanned < 10; scanned++) {
        const page = await readChanges(context.db, last, first, types ?? undefined);
        for (const event of page) {
          if (changes.length === first) break;
          last = event.position;
          lastAt = event.at;
          const seen = viewOf(scope, types, event);
          if (seen) changes.push(seen);
        }
        if (page.length < first) break;
      }
      const hasMore = (await readChanges(context.db, last, 1, types ?? undefined)).length > 0;
      // A page that read nothing ends where it started: the client's own cursor, stamp included.
      return { changes, endCursor: lastAt ? context.feed.cursorOf(last, lastAt) : (args.after ?? context.feed.cursorOf(last)), hasMore };
    },
  }),
}));
