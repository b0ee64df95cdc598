import type { ResultOf } from 'gql.tada';
import type { ListKind } from '../graphql/list-kind';
import { MileageEntryFields } from '../mileage/mileage-entry-fields';
import { ReceiptFields } from '../receipts/receipt-fields';
import { ApprovalsPage_Receipts, ApprovalsPage_Trips } from './approval-queries';

interface Queued {
  id: string;
  employeeId: string;
  status: string;
  submittedAt: string | null;
}

/** The server's queue rule: submitted, and not the viewer's own (scope is already in the cache's data). */
const inQueue = (entry: Queued, _filter: unknown, viewerId: string | null) => entry.status === 'SUBMITTED' && entry.employeeId !== viewerId;

/** The longest waiting first: by submission time, then id, as the server's keyset order. */
const waitingLonger = (a: Queued, b: Queued) => (a.submittedAt === b.submittedAt ? a.id < b.id : (a.submittedAt ?? '') < (b.submittedAt ?? ''));

export const tripQueue: ListKind<ResultOf<typeof ApprovalsPage_Trips>, ResultOf<typeof MileageEntryFields>, null> = {
  typename: 'MileageEntry',
  field: 'mileageEntriesToApprove',
  pageQuery: ApprovalsPage_Trips,
  fragment: MileageEntryFields,
  connectionOf: (data) => data.mileageEntriesToApprove,
  withConnection: (data, mileageEntriesToApprove) => ({ ...data, mileageEntriesToApprove }),
  matches: inQueue,
  precedes: waitingLonger,
};

export const receiptQueue: ListKind<ResultOf<typeof ApprovalsPage_Receipts>, ResultOf<typeof ReceiptFields>, null> = {
  typename: 'Receipt',
  field: 'receiptsToApprove',
  pageQuery: ApprovalsPage_Receipts,
  fragment: ReceiptFields,
  connectionOf: (data) => data.receiptsToApprove,
  withConnection: (data, receiptsToApprove) => ({ ...data, receiptsToApprove }),
  matches: inQueue,
  precedes: waitingLonger,
};
