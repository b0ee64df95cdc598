import type { ResultOf, VariablesOf } from 'gql.tada';
import type { SortableListKind } from '../graphql/list-kind';
import { entryFilterDecidable, entryMatches, entryPrecedes, type EntryFilter } from '../lists/entry-filter';
import { MileageEntryFields } from './mileage-entry-fields';
import { MileagePage_List } from './mileage-page-query';

/** The fields the list sorts by, as the API names them. */
export type MileageListSortField = NonNullable<VariablesOf<typeof MileagePage_List>['orderBy']>['field'];

export const mileageList: SortableListKind<ResultOf<typeof MileagePage_List>, ResultOf<typeof MileageEntryFields>, EntryFilter, MileageListSortField> = {
  typename: 'MileageEntry',
  field: 'mileageEntries',
  pageQuery: MileagePage_List,
  fragment: MileageEntryFields,
  connectionOf: (data) => data.mileageEntries,
  withConnection: (data, mileageEntries) => ({ ...data, mileageEntries }),
  matches: entryMatches,
  decidable: entryFilterDecidable,
  ownOrder: { field: 'DATE', direction: 'DESC' },
  precedes: entryPrecedes,
};
