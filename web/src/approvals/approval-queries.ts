import { graphql } from '../graphql/graphql';
import { MileageEntryFields } from '../mileage/mileage-entry-fields';
import { ReceiptFields } from '../receipts/receipt-fields';
import { TimesheetFields } from '../time/timesheet-fields';

/** Trips waiting for the viewer's review, the longest waiting first; every cached queue page has this shape. */
export const ApprovalsPage_Trips = graphql(
  `
    query ApprovalsPage_Trips($first: Int, $after: String) {
      mileageEntriesToApprove(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...MileageEntryFields
        }
      }
    }
  `,
  [MileageEntryFields],
);

/** Receipts waiting for the viewer's review, the longest waiting first. */
export const ApprovalsPage_Receipts = graphql(
  `
    query ApprovalsPage_Receipts($first: Int, $after: String) {
      receiptsToApprove(first: $first, after: $after) {
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

/** Weeks waiting for the viewer's review; live events about their hours drop it from the cache, and it is fetched again. */
export const ApprovalsPage_Weeks = graphql(
  `
    query ApprovalsPage_Weeks($first: Int) {
      timesheetsToApprove(first: $first) {
        totalCount
        nodes {
          ...TimesheetFields
        }
      }
    }
  `,
  [TimesheetFields],
);
