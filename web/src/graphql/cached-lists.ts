import { stringifyVariables } from '@urql/core';
import type { Cache, FieldArgs } from '@urql/exchange-graphcache';
import type { Connection, ListKind, PageVariables } from './list-kind';

export type ChangeAction = 'CREATE' | 'UPDATE' | 'DELETE';

/** Applies one change of an entity to every cached page of one list field. */
export type ListUpdater = (cache: Cache, action: ChangeAction, id: string) => void;

interface CachedPage<Node, Filter, SortField extends string> {
  /** The field's arguments as the cache keys them. */
  args: FieldArgs;
  variables: PageVariables<Filter, SortField>;
  connection: Connection<Node>;
}

/**
 * Keeps the cached pages of `kind`'s list field right without asking the server. The entity itself
 * is already normalized when this runs (an UPDATE needs nothing more when it stays where it was).
 * For each cached list (one filter, loaded page by page from the first) it:
 * - CREATE: inserts the entity into the loaded page whose range holds it and adds one to totalCount;
 * - UPDATE: moves it when its sort key changed, drops it when it no longer matches the filter;
 * - DELETE: drops it and subtracts one.
 * When it cannot tell whether the entity was counted before (an UPDATE that moves an entity into a
 * loaded range), whether it matches at all (a filter the client cannot evaluate) or where it sorts
 * (an order other than the list's own), it invalidates exactly that list, which the page then refetches.
 */
export function listUpdater<Data, Node extends { id: string }, Filter, SortField extends string>(kind: ListKind<Data, Node, Filter, SortField>, viewerId: string | null): ListUpdater {
  return (cache, action, id) => {
    const entity = { __typename: kind.typename, id };
    const node = cache.readFragment(kind.fragment, entity);
    // Without all its fields the entity cannot be placed; the lists then stay as the server sent them.
    if (action !== 'DELETE' && !node) return;
    for (const chain of cachedChains(cache, kind)) {
      const pages = changedPages(kind, chain, action, id, node, viewerId);
      if (pages === 'unknown') {
        for (const page of chain) cache.invalidate('Query', kind.field, page.args);
        continue;
      }
      pages.forEach((connection, index) => {
        const page = chain[index];
        if (!page || connection === page.connection) return;
        cache.updateQuery({ query: kind.pageQuery, variables: page.variables }, (data) => data && kind.withConnection(data, connection));
      });
    }
  };
}

/** The cached pages of the list field, grouped per filter, sort and page size, each group ordered from the first page on. */
function cachedChains<Data, Node extends { id: string }, Filter, SortField extends string>(cache: Cache, kind: ListKind<Data, Node, Filter, SortField>): CachedPage<Node, Filter, SortField>[][] {
  const groups = new Map<string, CachedPage<Node, Filter, SortField>[]>();
  for (const field of cache.inspectFields('Query')) {
    if (field.fieldName !== kind.field) continue;
    const variables = (field.arguments ?? {}) as PageVariables<Filter, SortField>;
    const data = cache.readQuery({ query: kind.pageQuery, variables });
    if (!data) continue;
    const group = stringifyVariables({ filter: variables.filter ?? null, orderBy: variables.orderBy ?? null, first: variables.first ?? null });
    const pages = groups.get(group) ?? [];
    pages.push({ args: field.arguments, variables, connection: kind.connectionOf(data) });
    groups.set(group, pages);
  }
  const chains: CachedPage<Node, Filter, SortField>[][] = [];
  for (const pages of groups.values()) {
    const chain: CachedPage<Node, Filter, SortField>[] = [];
    let next = pages.find((page) => !page.variables.after);
    while (next) {
      chain.push(next);
      const cursor = next.connection.pageInfo.hasNextPage ? next.connection.pageInfo.endCursor : null;
      next = cursor ? pages.find((page) => page.variables.after === cursor) : undefined;
    }
    // Pages that do not hang off a cached first page cannot be placed into; they are left alone.
    if (chain.length > 0) chains.push(chain);
  }
  return chains;
}

/** The new connection of every page of `chain` (the same object where nothing changes), or 'unknown'. */
function changedPages<Data, Node extends { id: string }, Filter, SortField extends string>(
  kind: ListKind<Data, Node, Filter, SortField>,
  chain: CachedPage<Node, Filter, SortField>[],
  action: ChangeAction,
  id: string,
  node: Node | null,
  viewerId: string | null,
): Connection<Node>[] | 'unknown' {
  const filter = chain[0]?.variables.filter;
  if ((kind.decidable && !kind.decidable(filter)) || chain[0]?.variables.orderBy) return 'unknown';
  const holder = chain.findIndex((page) => page.connection.nodes.some((item) => item.id === id));
  const listed = action !== 'DELETE' && node !== null && kind.matches(node, filter, viewerId);
  const target = listed && node ? pageFor(kind, chain, node) : -1;

  let countDelta = 0;
  if (holder === -1) {
    if (action === 'CREATE' && listed) countDelta = 1;
    // An UPDATE that lands in a loaded page may have matched before (it was further back) or not: ask the server.
    if (action === 'UPDATE' && target !== -1) return 'unknown';
    // A DELETE of an entity beyond the loaded pages was counted if it matched.
    if (action === 'DELETE' && node && kind.matches(node, filter, viewerId) && pageFor(kind, chain, node) === -1) countDelta = -1;
  } else if (!listed) {
    countDelta = -1;
  } else if (action === 'CREATE') {
    return chain.map((page) => page.connection);
  }

  return chain.map((page, index) => {
    if (countDelta === 0 && index !== holder && index !== target) return page.connection;
    let nodes = page.connection.nodes;
    if (index === holder) nodes = nodes.filter((item) => item.id !== id);
    if (index === target && node) nodes = insertSorted(nodes, node, kind.precedes);
    return { ...page.connection, nodes, totalCount: page.connection.totalCount + countDelta };
  });
}

/** The index of the loaded page whose range holds `node`, or -1 when it sorts after everything loaded. */
function pageFor<Data, Node extends { id: string }, Filter, SortField extends string>(kind: ListKind<Data, Node, Filter, SortField>, chain: CachedPage<Node, Filter, SortField>[], node: Node): number {
  return chain.findIndex((page) => {
    if (!page.connection.pageInfo.hasNextPage) return true;
    const others = page.connection.nodes.filter((item) => item.id !== node.id);
    const last = others[others.length - 1];
    return last !== undefined && !kind.precedes(last, node);
  });
}

function insertSorted<Node>(nodes: Node[], node: Node, precedes: (a: Node, b: Node) => boolean): Node[] {
  const index = nodes.findIndex((item) => precedes(node, item));
  return index === -1 ? [...nodes, node] : [...nodes.slice(0, index), node, ...nodes.slice(index)];
}
