import type { ResultOf, VariablesOf } from 'gql.tada';
import type { SortableListKind } from '../graphql/list-kind';
import { entryFilterDecidable, entryMatches, entryPrecedes, type EntryFilter } from '../lists/entry-filter';
import { ReceiptFields } from './receipt-fields';
import { ReceiptsPage_List } from './receipts-page-query';

/** The fields the list sorts by, as the API names them. */
export type ReceiptListSortField = NonNullable<VariablesOf<typeof ReceiptsPage_List>['orderBy']>['field'];

export const receiptList: SortableListKind<ResultOf<typeof ReceiptsPage_List>, ResultOf<typeof ReceiptFields>, EntryFilter, ReceiptListSortField> = {
  typename: 'Receipt',
  field: 'receipts',
  pageQuery: ReceiptsPage_List,
  fragment: ReceiptFields,
  connectionOf: (data) => data.receipts,
  withConnection: (data, receipts) => ({ ...data, receipts }),
  matches: entryMatches,
  decidable: entryFilterDecidable,
  ownOrder: { field: 'DATE', direction: 'DESC' },
  precedes: entryPrecedes,
};
