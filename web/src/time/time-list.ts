import type { ResultOf } from 'gql.tada';
import type { ListKind } from '../graphql/list-kind';
import { entryFilterDecidable, entryMatches, entryPrecedes, type EntryFilter } from '../lists/entry-filter';
import { TimeEntryFields } from './time-entry-fields';
import { TimePage_List } from './time-page-query';

export const timeList: ListKind<ResultOf<typeof TimePage_List>, ResultOf<typeof TimeEntryFields>, EntryFilter> = {
  typename: 'TimeEntry',
  field: 'timeEntries',
  pageQuery: TimePage_List,
  fragment: TimeEntryFields,
  connectionOf: (data) => data.timeEntries,
  withConnection: (data, timeEntries) => ({ ...data, timeEntries }),
  matches: entryMatches,
  decidable: entryFilterDecidable,
  precedes: entryPrecedes,
};
