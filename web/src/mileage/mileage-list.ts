import type { ResultOf } from 'gql.tada';
import type { ListKind } from '../graphql/list-kind';
import { entryFilterDecidable, entryMatches, entryPrecedes, type EntryFilter } from '../lists/entry-filter';
import { MileageEntryFields } from './mileage-entry-fields';
import { MileagePage_List } from './mileage-page-query';

export const mileageList: ListKind<ResultOf<typeof MileagePage_List>, ResultOf<typeof MileageEntryFields>, EntryFilter> = {
  typename: 'MileageEntry',
  field: 'mileageEntries',
  pageQuery: MileagePage_List,
  fragment: MileageEntryFields,
  connectionOf: (data) => data.mileageEntries,
  withConnection: (data, mileageEntries) => ({ ...data, mileageEntries }),
  matches: entryMatches,
  decidable: entryFilterDecidable,
  precedes: entryPrecedes,
};
