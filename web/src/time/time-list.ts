import type { ResultOf, VariablesOf } from 'gql.tada';
import type { SortableListKind } from '../graphql/list-kind';
import { entryFilterDecidable, entryMatches, entryPrecedes, type EntryFilter } from '../lists/entry-filter';
import { TimeEntryFields } from './time-entry-fields';
import { TimePage_List } from './time-page-query';

/** The fields the list sorts by, as the API names them. */
export type TimeListSortField = NonNullable<VariablesOf<typeof TimePage_List>['orderBy']>['field'];

export const timeList: SortableListKind<ResultOf<typeof TimePage_List>, ResultOf<typeof TimeEntryFields>, EntryFilter, TimeListSortField> = {
  typename: 'TimeEntry',
  field: 'timeEntries',
  pageQuery: TimePage_List,
  fragment: TimeEntryFields,
  connectionOf: (data) => data.timeEntries,
  withConnection: (data, timeEntries) => ({ ...data, timeEntries }),
  matches: entryMatches,
  decidable: entryFilterDecidable,
  ownOrder: { field: 'DATE', direction: 'DESC' },
  precedes: entryPrecedes,
};
