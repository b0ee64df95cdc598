import { graphql } from '../graphql/graphql';
import { TimeEntryFields } from './time-entry-fields';

/** One page of time entries, newest first unless `orderBy` says otherwise; every cached time page has exactly this shape. */
export const TimePage_List = graphql(
  `
    query TimePage_List($filter: EntryFilter, $orderBy: TimeEntryOrder, $first: Int, $after: String) {
      timeEntries(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...TimeEntryFields
        }
      }
    }
  `,
  [TimeEntryFields],
);
