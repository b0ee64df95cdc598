import { graphql } from '../graphql/graphql';
import { MileageEntryFields } from './mileage-entry-fields';

/** One page of trips, newest first unless `orderBy` says otherwise; every cached mileage page has exactly this shape. */
export const MileagePage_List = graphql(
  `
    query MileagePage_List($filter: EntryFilter, $orderBy: MileageEntryOrder, $first: Int, $after: String) {
      mileageEntries(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
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
