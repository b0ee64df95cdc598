import type { ResultOf } from 'gql.tada';
import type { ListKind } from '../graphql/list-kind';
import { entryFilterDecidable, entryMatches, entryPrecedes, type EntryFilter } from '../lists/entry-filter';
import { ReceiptFields } from './receipt-fields';
import { ReceiptsPage_List } from './receipts-page-query';

export const receiptList: ListKind<ResultOf<typeof ReceiptsPage_List>, ResultOf<typeof ReceiptFields>, EntryFilter> = {
  typename: 'Receipt',
  field: 'receipts',
  pageQuery: ReceiptsPage_List,
  fragment: ReceiptFields,
  connectionOf: (data) => data.receipts,
  withConnection: (data, receipts) => ({ ...data, receipts }),
  matches: entryMatches,
  decidable: entryFilterDecidable,
  precedes: entryPrecedes,
};
