import type { ApiClient } from './api-client';
import type { DurableStorage } from './storage';

export type DataType = 'EMPLOYEE' | 'MILEAGE' | 'RECEIPT' | 'TIME_TRACKING' | 'TIME_CLOCK';

export interface Change {
  cursor: string;
  type: DataType;
  action: 'CREATE' | 'UPDATE' | 'DELETE';
  id: string;
  /** LEFT: the entity still exists but the user may no longer see it; drop it like a delete. */
  scopeChange: 'ENTERED' | 'LEFT' | null;
  /** The entity as it is now; null when deleted or LEFT. */
  node: ({ __typename: string; id: string } & Record<string, unknown>) | null;
}

export type ResyncReason = 'PRUNED' | 'AHEAD_OF_LOG' | 'RESTORED' | 'OTHER_DATABASE';

/** The cursor of the last change the app applied, kept in durable storage beside the outbox. */
export class SyncCursor {
  constructor(
    private readonly storage: DurableStorage,
    private readonly key: string,
  ) {}

  read(): Promise<string | null> {
    return this.storage.read(this.key);
  }

  write(cursor: string): Promise<void> {
    return this.storage.write(this.key, cursor);
  }
}

/**
 * Applies every change since the stored cursor, in commit order, a page at a time, storing the cursor
 * after each page: an app killed half-way resumes where it stopped, and applies nothing twice. `nodeFields`
 * selects the entities' fields (e.g. `... on Receipt { id version vendor }`). Returns why the app must
 * refetch its data instead, when the cursor cannot be resumed from.
 */
export async function catchUp(
  api: ApiClient,
  cursor: SyncCursor,
  options: { types: readonly DataType[]; nodeFields: string; apply(change: Change): void | Promise<void> },
): Promise<{ resync: ResyncReason } | null> {
  for (;;) {
    const after = await cursor.read();
    const { data } = await api.request<{
      changes: { __typename: 'ChangePage'; endCursor: string; hasMore: boolean; changes: Change[] } | { __typename: 'ResyncRequiredError'; reason: ResyncReason };
    }>(
      `query KitCatchUp($after: String, $types: [DataType!]) {
        changes(after: $after, types: $types, first: 200) {
          __typename
          ... on ChangePage { endCursor hasMore changes { cursor type action id scopeChange node { __typename ${options.nodeFields} } } }
          ... on ResyncRequiredError { reason }
        }
      }`,
      { after, types: options.types },
    );
    if (data.changes.__typename === 'ResyncRequiredError') return { resync: data.changes.reason };
    for (const change of data.changes.changes) await options.apply(change);
    await cursor.write(data.changes.endCursor);
    if (!data.changes.hasMore) return null;
  }
}
