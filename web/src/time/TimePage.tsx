import { useMutation } from 'urql';
import { sideBySide } from '../forms/side-by-side';
import { useNames } from '../forms/use-names';
import { writeOutcome } from '../forms/write-outcome';
import { graphql } from '../graphql/graphql';
import { EntryPage } from '../lists/EntryPage';
import { formatDate, formatHours, humanize } from '../lists/format';
import type { Column } from '../lists/PagedTable';
import { TimeEntryFields } from './time-entry-fields';
import { TimeEntryForm } from './TimeEntryForm';
import { WeeksTable } from './WeeksTable';
import { timeList, type TimeListSortField } from './time-list';
import { describeTime, isTimeEntry, timeValues, type TimeEntry } from './time-values';
import { FilterTotals } from '../lists/FilterTotals';

const TimePage_Delete = graphql(
  `
    mutation TimePage_Delete($id: ID!, $version: Int!, $idempotencyKey: String) {
      deleteTimeEntry(id: $id, version: $version, idempotencyKey: $idempotencyKey) {
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
            ... on TimeEntry {
              ...TimeEntryFields
            }
          }
        }
      }
    }
  `,
  [TimeEntryFields],
);

const describe = (entry: TimeEntry) => `${formatHours(entry.hours)} of ${entry.employee.name} on ${formatDate(entry.date)}`;

const columns: Column<TimeEntry, TimeListSortField>[] = [
  { header: 'Date', sortField: 'DATE', render: (entry) => formatDate(entry.date) },
  { header: 'Employee', sortField: 'EMPLOYEE', render: (entry) => entry.employee.name },
  { header: 'Cost center', render: (entry) => entry.costCenter.code },
  { header: 'Category', sortField: 'CATEGORY', render: (entry) => humanize(entry.timeCategory) },
  { header: 'Notes', render: (entry) => entry.notes },
  { header: 'Hours', align: 'right', sortField: 'HOURS', render: (entry) => formatHours(entry.hours) },
];

export function TimePage() {
  const names = useNames();
  const [, deleteEntry] = useMutation(TimePage_Delete);

  return (
    <EntryPage
      typename="TimeEntry"
      title="Time"
      searchHint="Notes, category or name"
      newLabel="New hours"
      kind={timeList}
      noun="time entries"
      columns={columns}
      describe={describe}
      deleteTitle="Delete hours"
      deleteSummary={describe}
      remove={async (entry, version, idempotencyKey) => {
        const result = await deleteEntry({ id: entry.id, version, idempotencyKey });
        return writeOutcome(result.data?.deleteTimeEntry, result.error, isTimeEntry);
      }}
      compare={(mine, theirs) => sideBySide((values) => describeTime(values, names), timeValues(mine), timeValues(theirs))}
      form={(entry, onClose) => <TimeEntryForm entry={entry} onClose={onClose} />}
      exportKind="TIME_CSV"
      aboveTable={(filter) => (
        <>
          <FilterTotals filter={filter} of="TIME" />
          <WeeksTable filter={filter} />
        </>
      )}
    />
  );
}
