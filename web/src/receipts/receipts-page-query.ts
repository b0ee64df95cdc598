import { graphql } from '../graphql/graphql';
import { ReceiptFields } from './receipt-fields';

/** One page of receipts, newest first unless `orderBy` says otherwise; every cached receipts page has exactly this shape. */
export const ReceiptsPage_List = graphql(
  `
    query ReceiptsPage_List($filter: EntryFilter, $orderBy: ReceiptOrder, $first: Int, $after: String) {
      receipts(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...ReceiptFields
        }
      }
    }
  `,
  [ReceiptFields],
);
