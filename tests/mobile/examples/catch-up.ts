import { request } from './sign-in';

export interface Change {
  cursor: string;
  type: 'EMPLOYEE' | 'MILEAGE' | 'RECEIPT' | 'TIME_TRACKING';
  action: 'CREATE' | 'UPDATE' | 'DELETE';
  id: string;
  node: ({ __typename: string; id: string; version: number } & Record<string, unknown>) | null;
}

const changesQuery = `query CatchUp($after: String) {
  changes(after: $after, first: 200) {
    __typename
    ... on ChangePage {
      endCursor
      hasMore
      changes {
        cursor type action id
        node {
          __typename
          ... on Node { id version }
          ... on MileageEntry { date miles purpose }
          ... on Receipt { date amountCents currency vendor }
          ... on TimeEntry { date hours timeCategory }
        }
      }
    }
  }
}`;

type ChangesResult =
  | { __typename: 'ChangePage'; endCursor: string; hasMore: boolean; changes: Change[] }
  | { __typename: 'ResyncRequiredError' };

/**
 * Brings a device that slept for hours up to date without a socket: pages through everything since
 * its last cursor. Returns the cursor to store, or null when the device must refetch its lists
 * (its cursor is older than the server keeps) and then store `syncCursor`.
 */
export async function catchUp(api: string, token: string, cursor: string, apply: (change: Change) => void): Promise<string | null> {
  let after = cursor;
  for (;;) {
    const { changes } = await request<{ changes: ChangesResult }>(api, changesQuery, { after }, token);
    if (changes.__typename === 'ResyncRequiredError') return null;
    changes.changes.forEach(apply);
    after = changes.endCursor;
    if (!changes.hasMore) return after;
  }
}
