import { Text } from '@mantine/core';
import type { ResultOf } from 'gql.tada';
import { useQuery } from 'urql';
import { graphql } from '../graphql/graphql';
import type { EntryFilter } from './entry-filter';
import { formatAmounts, formatHours, formatMiles } from './format';

const FilterTotals_Totals = graphql(`
  query FilterTotals_Totals($filter: EntryFilter) {
    totals(filter: $filter) {
      miles
      mileageCount
      hours
      timeEntryCount
      receiptCount
      receiptAmounts {
        currency
        amountCents
      }
    }
  }
`);

/** "37 trips", "1 entry": a count with its noun. */
const counted = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** The sentence for one list: what it counts and what it sums. */
function summary(totals: ResultOf<typeof FilterTotals_Totals>['totals'], of: 'MILEAGE' | 'RECEIPTS' | 'TIME'): string {
  switch (of) {
    case 'MILEAGE':
      return `${counted(totals.mileageCount, 'trip', 'trips')}, ${formatMiles(totals.miles)} in all`;
    case 'RECEIPTS':
      return `${counted(totals.receiptCount, 'receipt', 'receipts')}, ${formatAmounts(totals.receiptAmounts)} in all`;
    case 'TIME':
      return `${counted(totals.timeEntryCount, 'entry', 'entries')}, ${formatHours(totals.hours)} in all`;
  }
}

/**
 * "37 trips, 412.5 mi in all", "4 receipts, $120.00 + €8.00 in all" (never added across currencies): the sum over everything the list's filter matches (not only the rows
 * loaded), from the same filter as the list. Live events invalidate totals, so it stays current.
 */
export function FilterTotals({ filter, of }: { filter: EntryFilter | null; of: 'MILEAGE' | 'RECEIPTS' | 'TIME' }) {
  const [{ data }] = useQuery({ query: FilterTotals_Totals, variables: { filter } });
  if (!data) return null;
  return (
    <Text fw={600} data-testid="filter-totals" role="status">
      {summary(data.totals, of)}
    </Text>
  );
}
