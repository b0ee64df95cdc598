import { GraphQLError } from 'graphql';
import type { ObjectRef } from '@pothos/core';
import { builder } from './builder';

/** One page of a list, and how to count the whole list (only when a client asks). */
export interface Page<Row> {
  rows: Row[];
  hasNextPage: boolean;
  cursorOf(row: Row): string;
  totalCount(): Promise<number>;
}

export const defaultPageSize = 50;
export const maxPageSize = 1_000;

const PageInfoRef = builder.objectRef<{ hasNextPage: boolean; endCursor: string | null }>('PageInfo').implement({
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage'),
    endCursor: t.exposeString('endCursor', { nullable: true }),
  }),
});

/** Defines `<Name>Connection` and `<Name>Edge` for a node type (Relay cursor connections). */
export function connectionType<Row>(name: string, nodeRef: ObjectRef<any, any>) {
  const EdgeRef = builder.objectRef<{ cursor: string; node: Row }>(`${name}Edge`).implement({
    fields: (t) => ({
      cursor: t.exposeString('cursor'),
      node: t.field({ type: nodeRef, resolve: (edge) => edge.node as never }),
    }),
  });
  return builder.objectRef<Page<Row>>(`${name}Connection`).implement({
    fields: (t) => ({
      edges: t.field({
        type: [EdgeRef],
        resolve: (page) => page.rows.map((node) => ({ cursor: page.cursorOf(node), node })),
      }),
      nodes: t.field({ type: [nodeRef], resolve: (page) => page.rows as never }),
      pageInfo: t.field({
        type: PageInfoRef,
        resolve: (page) => {
          const last = page.rows[page.rows.length - 1];
          return { hasNextPage: page.hasNextPage, endCursor: last ? page.cursorOf(last) : null };
        },
      }),
      totalCount: t.int({ description: 'How many items the whole list holds', resolve: (page) => page.totalCount() }),
    }),
  });
}

/** Checks `first` and turns it into a limit. */
export function pageSize(first: number | null | undefined): number {
  const size = first ?? defaultPageSize;
  if (!Number.isInteger(size) || size < 1 || size > maxPageSize) {
    throw new GraphQLError(`first must be between 1 and ${maxPageSize}`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return size;
}

/** Keyset cursors: the sort key of the last row seen, opaque to clients. */
export function encodeKeyCursor(parts: readonly string[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeKeyCursor(cursor: string, length: number): string[] {
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (Array.isArray(parts) && parts.length === length && parts.every((part) => typeof part === 'string')) {
      return parts as string[];
    }
  } catch {
    // fall through to the error below
  }
  throw new GraphQLError('after is not a cursor from this list', { extensions: { code: 'BAD_USER_INPUT' } });
}
