import { Button, Group, Stack, Title } from '@mantine/core';
import { useState } from 'react';
import { useMutation } from 'urql';
import { DeleteDialog } from '../forms/DeleteDialog';
import { sideBySide } from '../forms/side-by-side';
import { useNames } from '../forms/use-names';
import { writeOutcome } from '../forms/write-outcome';
import { graphql } from '../graphql/graphql';
import { compactFilter } from '../lists/compact-filter';
import type { EntryFilter } from '../lists/entry-filter';
import { EntryFilters } from '../lists/EntryFilters';
import { formatDate, formatHours, humanize } from '../lists/format';
import { PagedTable, type Column } from '../lists/PagedTable';
import { RowActions } from '../lists/RowActions';
import { TimeEntryFields } from './time-entry-fields';
import { TimeEntryForm } from './TimeEntryForm';
import { timeList } from './time-list';
import { describeTime, isTimeEntry, timeValues, type TimeEntry } from './time-values';

const TimePage_Delete = graphql(
  `
    mutation TimePage_Delete($id: ID!, $version: Int!) {
      deleteTimeEntry(id: $id, version: $version) {
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

export function TimePage() {
  const names = useNames();
  const [filter, setFilter] = useState<EntryFilter>({});
  const [editing, setEditing] = useState<TimeEntry | 'new' | null>(null);
  const [deleting, setDeleting] = useState<TimeEntry | null>(null);
  const [, deleteEntry] = useMutation(TimePage_Delete);

  const columns: Column<TimeEntry>[] = [
    { header: 'Date', render: (entry) => formatDate(entry.date) },
    { header: 'Employee', render: (entry) => entry.employee.name },
    { header: 'Cost center', render: (entry) => entry.costCenter.code },
    { header: 'Category', render: (entry) => humanize(entry.timeCategory) },
    { header: 'Notes', render: (entry) => entry.notes },
    { header: 'Hours', align: 'right', render: (entry) => formatHours(entry.hours) },
    {
      header: 'Actions',
      align: 'right',
      render: (entry) => <RowActions what={describe(entry)} onEdit={() => setEditing(entry)} onDelete={() => setDeleting(entry)} />,
    },
  ];
  const listFilter = compactFilter(filter);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Time</Title>
        <Button onClick={() => setEditing('new')}>New hours</Button>
      </Group>
      <EntryFilters value={filter} onChange={setFilter} />
      <PagedTable key={JSON.stringify(listFilter)} kind={timeList} filter={listFilter} columns={columns} noun="time entries" />
      {editing && <TimeEntryForm entry={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {deleting && (
        <DeleteDialog
          title="Delete hours"
          summary={describe(deleting)}
          version={deleting.version}
          remove={async (version) => {
            const result = await deleteEntry({ id: deleting.id, version });
            return writeOutcome(result.data?.deleteTimeEntry, result.error, isTimeEntry);
          }}
          compare={(theirs) => sideBySide((values) => describeTime(values, names), timeValues(deleting), timeValues(theirs))}
          onClose={() => setDeleting(null)}
        />
      )}
    </Stack>
  );
}
