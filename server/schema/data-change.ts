import { GraphQLError } from 'graphql';
import { canAccessEmployee } from '../auth/rules';
import type { Viewer } from '../auth/viewer';
import { eventOwner, prunedThrough, latestPosition, readChanges, type ChangeEvent } from '../changelog/change-log';
import { decodeCursor, encodeCursor } from '../changelog/cursor';
import { rowFromSnapshot } from '../changelog/snapshot';
import type { Context } from '../context';
import type { DataType } from '../domain/data-type';
import { builder } from './builder';
import { ChangeActionEnum, DataTypeEnum } from './enums';
import { ErrorInterface } from './errors';
import { SyncNodeUnion } from './refs';

const DataChangeRef = builder.objectRef<ChangeEvent>('DataChange').implement({
  description: 'One committed change. Apply `node` to a normalized cache by __typename and id; on DELETE remove `id`.',
  fields: (t) => ({
    cursor: t.string({
      description: 'Opaque and commit-ordered: resume with `after` set to the last cursor you processed',
      resolve: (event) => encodeCursor(event.position),
    }),
    type: t.field({ type: DataTypeEnum, resolve: (event) => event.type }),
    action: t.field({ type: ChangeActionEnum, resolve: (event) => event.action }),
    id: t.id({ description: "The entity's id", resolve: (event) => event.entityId }),
    employeeId: t.id({ nullable: true, description: 'The employee who owns the entity', resolve: (event) => event.employeeId }),
    at: t.field({ type: 'DateTime', resolve: (event) => event.at }),
    node: t.field({
      type: SyncNodeUnion,
      nullable: true,
      description: 'The entity after the change, with every field; null on DELETE',
      resolve: (event) => (event.snapshot ? (rowFromSnapshot(event.snapshot) as never) : null),
    }),
  }),
});

function signedIn(context: Context): Viewer {
  if (!context.viewer) {
    throw new GraphQLError('Sign in first: send the token from the login mutation', { extensions: { code: 'UNAUTHENTICATED' } });
  }
  return context.viewer;
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
      'Every change the viewer may see, as it commits. With `after`, first replays what was missed since that cursor, then goes live: no gap, no duplicate. A cursor older than the log keeps fails with code RESYNC_REQUIRED.',
    args: {
      type: t.arg({ type: DataTypeEnum, required: false, description: 'Only this type; null for all types' }),
      after: t.arg.string({ required: false, description: 'The last cursor processed' }),
    },
    subscribe: (_root, args, context) => {
      const viewer = signedIn(context);
      return new DataChangeRequest(viewer, args.type ? [args.type] : null, args.after ? decodeCursor(args.after) : null);
    },
    resolve: (event) => event,
  }),
);

/** The cursor is older than the change log keeps: refetch, then continue from `syncCursor`. */
export class ResyncRequiredError extends Error {
  override name = 'ResyncRequiredError';
  constructor() {
    super('The cursor is older than the change log keeps; refetch your data, then continue from syncCursor');
  }
}

builder.objectType(ResyncRequiredError, {
  name: 'ResyncRequiredError',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ResyncRequiredError,
  fields: () => ({}),
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
      return encodeCursor(await latestPosition(context.db));
    },
  }),
  changes: t.field({
    type: ChangePageRef,
    errors: { types: [ResyncRequiredError] },
    description: 'The change log as pages, for a client catching up without a socket. Only changes the viewer may see.',
    args: {
      after: t.arg.string({ required: false, description: 'The last cursor processed; omit to start at the oldest kept change' }),
      types: t.arg({ type: [DataTypeEnum], required: false }),
      first: t.arg.int({ required: false, defaultValue: 100, description: '1 to 1000' }),
    },
    resolve: async (_root, args, context) => {
      const viewer = signedIn(context);
      const first = args.first ?? 100;
      if (first < 1 || first > 1000) throw new GraphQLError('first must be between 1 and 1000', { extensions: { code: 'BAD_USER_INPUT' } });
      const horizon = await prunedThrough(context.db);
      const after = args.after ? decodeCursor(args.after) : horizon;
      if (after < horizon) throw new ResyncRequiredError();
      const scope = await context.scope();
      const types = args.types?.length ? args.types : undefined;
      const changes: ChangeEvent[] = [];
      let last = after;
      // Scan a bounded number of log pages, so a viewer who may see little cannot make one request scan the whole log.
      for (let scanned = 0; changes.length < first && scanned < 10; scanned++) {
        const page = await readChanges(context.db, last, first, types);
        for (const event of page) {
          if (changes.length === first) break;
          last = event.position;
          if (canAccessEmployee(scope, eventOwner(event))) changes.push(event);
        }
        if (page.length < first) break;
      }
      const hasMore = (await readChanges(context.db, last, 1, types)).length > 0;
      return { changes, endCursor: encodeCursor(last), hasMore };
    },
  }),
}));

