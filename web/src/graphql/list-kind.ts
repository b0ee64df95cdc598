import type { TypedDocumentNode } from '@urql/core';

/** The Relay connection fields every list query of the portal selects, in this shape. */
export interface Connection<Node> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: Node[];
}

/** A sort the list's API offers: one of its fields and a direction. */
export interface ListOrder<SortField extends string> {
  field: SortField;
  direction: 'ASC' | 'DESC';
}

export interface PageVariables<Filter, SortField extends string = never> {
  filter?: Filter | null;
  /** A sort other than the list's own (entry lists only); `precedes` knows only the list's own. */
  orderBy?: ListOrder<SortField> | null;
  first?: number | null;
  after?: string | null;
}

export type EntityTypename = 'Employee' | 'MileageEntry' | 'Receipt' | 'TimeEntry' | 'Shift';

/**
 * What the cache needs to know about one list field to keep its cached pages right when an entity is
 * created, changed or deleted elsewhere: which query reads a page, which filter an entity matches and
 * in which order the server sorts. One per entity type, next to that type's page.
 */
export interface ListKind<Data, Node extends { id: string }, Filter, SortField extends string = never> {
  typename: EntityTypename;
  /** The Query field, e.g. `receipts`. */
  field: 'employees' | 'mileageEntries' | 'receipts' | 'timeEntries' | 'mileageEntriesToApprove' | 'receiptsToApprove';
  /** The page query the portal uses for this list; the cache reads and rewrites pages through it. */
  pageQuery: TypedDocumentNode<Data, PageVariables<Filter, SortField>>;
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

/** A list the server also sorts by other fields: `ownOrder` names the order `precedes` describes. */
export type SortableListKind<Data, Node extends { id: string }, Filter, SortField extends string> = ListKind<Data, Node, Filter, SortField> & {
  ownOrder: ListOrder<SortField>;
};
