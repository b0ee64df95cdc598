import { request } from './sign-in';

export interface Receipt {
  __typename: 'Receipt';
  id: string;
  version: number;
  employeeId: string;
  date: string;
  amountCents: number;
  currency: string;
  vendor: string;
}

export interface Change {
  cursor: string;
  action: 'CREATE' | 'UPDATE' | 'DELETE';
  id: string;
  /** LEFT: the receipt still exists but this user may no longer see it (e.g. it was given to someone else). */
  scopeChange: 'ENTERED' | 'LEFT' | null;
  /** The receipt as it is now; null when deleted or LEFT. */
  node: Receipt | null;
}

export type ResyncReason = 'PRUNED' | 'AHEAD_OF_LOG' | 'OTHER_DATABASE';

export const receiptFields = 'id version employeeId date amountCents currency vendor';

const changesQuery = `query CatchUp($after: String) {
  changes(after: $after, types: [RECEIPT], first: 200) {
    __typename
    ... on ChangePage {
      endCursor
      hasMore
      changes { cursor action id scopeChange node { __typename ... on Receipt { ${receiptFields} } } }
    }
    ... on ResyncRequiredError { reason }
  }
}`;

type ChangesResult =
  | { __typename: 'ChangePage'; endCursor: string; hasMore: boolean; changes: Change[] }
  | { __typename: 'ResyncRequiredError'; reason: ResyncReason };

/**
 * Brings a device that slept for hours up to date without a socket: pages through everything since
 * its last cursor, calling `apply` in commit order. Returns the cursor to store next, or why the
 * device must refetch its lists instead: its cursor is older than the server keeps (PRUNED), or the
 * server's database was restored from a backup (AHEAD_OF_LOG, OTHER_DATABASE).
 */
export async function catchUp(
  api: string,
  token: string,
  cursor: string,
  apply: (change: Change) => void,
): Promise<{ cursor: string } | { resync: ResyncReason }> {
  let after = cursor;
  for (;;) {
    const { changes } = await request<{ changes: ChangesResult }>(api, changesQuery, { after }, token);
    if (changes.__typename === 'ResyncRequiredError') return { resync: changes.reason };
    changes.changes.forEach(apply);
    after = changes.endCursor;
    if (!changes.hasMore) return { cursor: after };
  }
}
