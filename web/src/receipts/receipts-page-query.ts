import { graphql } from '../graphql/graphql';
import { ReceiptFields } from './receipt-fields';

/** One page of receipts, newest first; every cached receipts page has exactly this shape. */
export const ReceiptsPage_List = graphql(
  `
    query ReceiptsPage_List($filter: EntryFilter, $first: Int, $after: String) {
      receipts(filter: $filter, first: $first, after: $after) {
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
