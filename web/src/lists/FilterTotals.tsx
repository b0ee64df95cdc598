import { Text } from '@mantine/core';
import { useQuery } from 'urql';
import { graphql } from '../graphql/graphql';
import type { EntryFilter } from './entry-filter';
import { formatHours, formatMiles } from './format';

const FilterTotals_Totals = graphql(`
  query FilterTotals_Totals($filter: EntryFilter) {
    totals(filter: $filter) {
      miles
      mileageCount
      hours
      timeEntryCount
    }
  }
`);

/**
 * "37 trips, 412.5 mi in all": the sum over everything the list's filter matches (not only the rows
 * loaded), from the same filter as the list. Live events invalidate totals, so it stays current.
 */
export function FilterTotals({ filter, of }: { filter: EntryFilter | null; of: 'MILEAGE' | 'TIME' }) {
  const [{ data }] = useQuery({ query: FilterTotals_Totals, variables: { filter } });
  if (!data) return null;
  const { totals } = data;
  const text =
    of === 'MILEAGE'
      ? `${totals.mileageCount} ${totals.mileageCount === 1 ? 'trip' : 'trips'}, ${formatMiles(totals.miles)} in all`
      : `${totals.timeEntryCount} ${totals.timeEntryCount === 1 ? 'entry' : 'entries'}, ${formatHours(totals.hours)} in all`;
  return (
    <Text fw={600} data-testid="filter-totals" role="status">
      {text}
    </Text>
  );
}
