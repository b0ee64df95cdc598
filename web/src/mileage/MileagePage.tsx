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
import { formatDate, formatMiles } from '../lists/format';
import { PagedTable, type Column } from '../lists/PagedTable';
import { RowActions } from '../lists/RowActions';
import { MileageEntryFields } from './mileage-entry-fields';
import { mileageList } from './mileage-list';
import { describeMileage, isMileageEntry, mileageValues, type MileageEntry } from './mileage-values';
import { MileageForm } from './MileageForm';

const MileagePage_Delete = graphql(
  `
    mutation MileagePage_Delete($id: ID!, $version: Int!) {
      deleteMileageEntry(id: $id, version: $version) {
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

export function MileagePage() {
  const names = useNames();
  const [filter, setFilter] = useState<EntryFilter>({});
  const [editing, setEditing] = useState<MileageEntry | 'new' | null>(null);
  const [deleting, setDeleting] = useState<MileageEntry | null>(null);
  const [, deleteEntry] = useMutation(MileagePage_Delete);

  const columns: Column<MileageEntry>[] = [
    { header: 'Date', render: (entry) => formatDate(entry.date) },
    { header: 'Employee', render: (entry) => entry.employee.name },
    { header: 'Cost center', render: (entry) => entry.costCenter.code },
    { header: 'Route', render: (entry) => `${entry.startLocation} → ${entry.endLocation}` },
    { header: 'Purpose', render: (entry) => entry.purpose },
    { header: 'Miles', align: 'right', render: (entry) => formatMiles(entry.miles) },
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
        <Title order={2}>Mileage</Title>
        <Button onClick={() => setEditing('new')}>New trip</Button>
      </Group>
      <EntryFilters value={filter} onChange={setFilter} />
      <PagedTable key={JSON.stringify(listFilter)} kind={mileageList} filter={listFilter} columns={columns} noun="trips" />
      {editing && <MileageForm entry={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {deleting && (
        <DeleteDialog
          title="Delete trip"
          summary={`the ${describe(deleting)} on ${formatDate(deleting.date)}`}
          version={deleting.version}
          remove={async (version) => {
            const result = await deleteEntry({ id: deleting.id, version });
            return writeOutcome(result.data?.deleteMileageEntry, result.error, isMileageEntry);
          }}
          compare={(theirs) => sideBySide((values) => describeMileage(values, names), mileageValues(deleting), mileageValues(theirs))}
          onClose={() => setDeleting(null)}
        />
      )}
    </Stack>
  );
}
