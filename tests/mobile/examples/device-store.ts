import { receiptFields, type Change, type Receipt } from './catch-up';
import { request } from './sign-in';

/**
 * The receipts this device shows, and the cursor of the last change they include. Persist both
 * together (one transaction of the app's database), so a restarted app resumes exactly where it was.
 */
export class DeviceStore {
  readonly receipts = new Map<string, Receipt>();
  cursor = '';

  /** Applies one change, in order: a deleted receipt, or one the user may no longer see, is dropped. */
  apply(change: Change): void {
    if (change.node) this.receipts.set(change.id, change.node);
    else this.receipts.delete(change.id);
    this.cursor = change.cursor;
  }

  /**
   * Starts over from the server: a first install, or a resync. Reads the cursor *before* the lists, so
   * a change made while they load is applied again afterwards rather than missed.
   */
  async refetch(api: string, token: string): Promise<void> {
    const { syncCursor } = await request<{ syncCursor: string }>(api, '{ syncCursor }', {}, token);
    const receipts = new Map<string, Receipt>();
    let after: string | null = null;
    do {
      const page: { receipts: { nodes: Receipt[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await request(
        api,
        `query Receipts($after: String) {
          receipts(first: 500, after: $after) { nodes { __typename ${receiptFields} } pageInfo { hasNextPage endCursor } }
        }`,
        { after },
        token,
      );
      for (const receipt of page.receipts.nodes) receipts.set(receipt.id, receipt);
      after = page.receipts.pageInfo.hasNextPage ? page.receipts.pageInfo.endCursor : null;
    } while (after);
    this.receipts.clear();
    for (const [id, receipt] of receipts) this.receipts.set(id, receipt);
    this.cursor = syncCursor;
  }
}
