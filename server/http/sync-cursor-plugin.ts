import { getOperationAST, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context';
import type { ChangeFeed } from '../delivery/change-feed';
import { rootFieldNames } from '../observability/operation-fields';

/** Root fields that read nothing the change log describes. */
const metaFields = new Set(['__typename', '__schema', '__type']);

function readsData(document: DocumentNode, operationName: string | null | undefined): boolean {
  return getOperationAST(document, operationName)?.operation === 'query' && rootFieldNames(document, operationName).some((field) => !metaFields.has(field));
}

/**
 * Puts in a signed-in query's response `extensions.syncCursor`: a cursor at or before everything the
 * query read, taken from the change feed as execution starts (no database read). Changes after it may be
 * missing from the answer; a client that holds them (from `dataChanged`) applies them on top of it, so a
 * live change that arrived while the query was on its way is not lost under the query's older answer.
 * It is the same public, opaque kind of cursor `syncCursor` returns. Signed-out operations, mutations and
 * queries of only `__typename` or introspection get none.
 */
export function syncCursorPlugin(feed: Pick<ChangeFeed, 'lastCursor'>): Plugin<Context> {
  return {
    onExecute({ args }) {
      if (!(args.contextValue as Context).viewer || !readsData(args.document, args.operationName)) return;
      const syncCursor = feed.lastCursor;
      return {
        onExecuteDone({ result, setResult }) {
          if (!('data' in result)) return;
          setResult({ ...result, extensions: { ...result.extensions, syncCursor } });
        },
      };
    },
  };
}
