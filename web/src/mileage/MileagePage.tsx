import { useMutation } from 'urql';
import { sideBySide } from '../forms/side-by-side';
import { useNames } from '../forms/use-names';
import { writeOutcome } from '../forms/write-outcome';
import { graphql } from '../graphql/graphql';
import { EntryPage } from '../lists/EntryPage';
import { formatDate, formatMiles, formatMoney } from '../lists/format';
import type { Column } from '../lists/PagedTable';
import { MileageEntryFields } from './mileage-entry-fields';
import { mileageList, type MileageListSortField } from './mileage-list';
import { describeMileage, isMileageEntry, mileageValues, type MileageEntry } from './mileage-values';
import { MileageForm } from './MileageForm';
import { MileageLogButton } from './MileageLogButton';
import { FilterTotals } from '../lists/FilterTotals';

const MileagePage_Delete = graphql(
  `
    mutation MileagePage_Delete($id: ID!, $version: Int!, $idempotencyKey: String) {
      deleteMileageEntry(id: $id, version: $version, idempotencyKey: $idempotencyKey) {
        __typename
        ... on DeletedEntity {
          id
        }
        ... on Error {
          message
        }
        ... on VersionConflictError {
          current {
            __typename
            ... on MileageEntry {
              ...MileageEntryFields
            }
          }
        }
      }
    }
  `,
  [MileageEntryFields],
);

const describe = (entry: MileageEntry) => `trip ${entry.startLocation} to ${entry.endLocation}`;

const columns: Column<MileageEntry, MileageListSortField>[] = [
  { header: 'Date', sortField: 'DATE', render: (entry) => formatDate(entry.date) },
  { header: 'Employee', sortField: 'EMPLOYEE', render: (entry) => entry.employee.name },
  { header: 'Cost center', render: (entry) => entry.costCenter.code },
  { header: 'Route', render: (entry) => `${entry.startLocation} → ${entry.endLocation}` },
  { header: 'Purpose', sortField: 'PURPOSE', render: (entry) => entry.purpose },
  { header: 'Miles', align: 'right', sortField: 'MILES', render: (entry) => formatMiles(entry.miles) },
  {
    header: 'Amount',
    align: 'right',
    // Fixed at approval; before that, at the rate in force on the trip's day.
    render: (entry) => (entry.reimbursement ? `${formatMoney(entry.reimbursement.amountCents)}${entry.reimbursement.fixed ? '' : ' (est.)'}` : '—'),
  },
];

export function MileagePage() {
  const names = useNames();
  const [, deleteEntry] = useMutation(MileagePage_Delete);

  return (
    <EntryPage
      typename="MileageEntry"
      aboveTable={(filter) => <FilterTotals filter={filter} of="MILEAGE" />}
      title="Mileage"
      searchHint="Place, purpose or name"
      newLabel="New trip"
      kind={mileageList}
      noun="trips"
      columns={columns}
      describe={describe}
      deleteTitle="Delete trip"
      deleteSummary={(entry) => `the ${describe(entry)} on ${formatDate(entry.date)}`}
      remove={async (entry, version, idempotencyKey) => {
        const result = await deleteEntry({ id: entry.id, version, idempotencyKey });
        return writeOutcome(result.data?.deleteMileageEntry, result.error, isMileageEntry);
      }}
      compare={(mine, theirs) => sideBySide((values) => describeMileage(values, names), mileageValues(mine), mileageValues(theirs))}
      form={(entry, onClose) => <MileageForm entry={entry} onClose={onClose} />}
      reviewTypename="MileageEntry"
      exportKind="MILEAGE_CSV"
      tools={<MileageLogButton />}
    />
  );
}
