import type { TypedDocumentNode } from '@urql/core';

/** The Relay connection fields every list query of the portal selects, in this shape. */
export interface Connection<Node> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: Node[];
}

export interface PageVariables<Filter> {
  filter?: Filter | null;
  first?: number | null;
  after?: string | null;
}

export type EntityTypename = 'Employee' | 'MileageEntry' | 'Receipt' | 'TimeEntry' | 'Shift';

/**
 * What the cache needs to know about one list field to keep its cached pages right when an entity is
 * created, changed or deleted elsewhere: which query reads a page, which filter an entity matches and
 * in which order the server sorts. One per entity type, next to that type's page.
 */
export interface ListKind<Data, Node extends { id: string }, Filter> {
  typename: EntityTypename;
  /** The Query field, e.g. `receipts`. */
  field: 'employees' | 'mileageEntries' | 'receipts' | 'timeEntries' | 'mileageEntriesToApprove' | 'receiptsToApprove';
  /** The page query the portal uses for this list; the cache reads and rewrites pages through it. */
  pageQuery: TypedDocumentNode<Data, PageVariables<Filter>>;
  /** The entity's fields, to read a cached entity that an event only names by id. */
  fragment: TypedDocumentNode<Node>;
  connectionOf(data: Data): Connection<Node>;
  withConnection(data: Data, connection: Connection<Node>): Data;
  /** Whether the server would list `node` under `filter` for the signed-in employee `viewerId`. */
  matches(node: Node, filter: Filter | null | undefined, viewerId: string | null): boolean;
  /** Whether `matches` and `precedes` decide exactly under `filter`; when not, a change refetches that list. Default: always. */
  decidable?(filter: Filter | null | undefined): boolean;
  /** Whether the server sorts `a` before `b`. */
  precedes(a: Node, b: Node): boolean;
}
