import { Button, Group, Stack, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import type { ComparedField } from '../forms/ConflictDialog';
import { DeleteDialog } from '../forms/DeleteDialog';
import type { WriteOutcome } from '../forms/write-outcome';
import type { ListKind } from '../graphql/list-kind';
import { compactFilter } from './compact-filter';
import type { EntryFilter } from './entry-filter';
import { EntryFilters } from './EntryFilters';
import { PagedTable, type Column } from './PagedTable';
import { RowActions } from './RowActions';

interface EntryPageProps<Data, Entry extends { id: string; version: number }> {
  /** Page heading: "Receipts". */
  title: string;
  /** The create button: "New receipt". */
  newLabel: string;
  kind: ListKind<Data, Entry, EntryFilter>;
  /** Plural, lower case: "receipts". */
  noun: string;
  /** The type's own columns; the row actions column is appended here. */
  columns: Column<Entry>[];
  /** The entry in words, for the row actions' accessible names. */
  describe(entry: Entry): string;
  /** "Delete receipt". */
  deleteTitle: string;
  deleteSummary(entry: Entry): string;
  remove(entry: Entry, version: number): Promise<WriteOutcome<Entry>>;
  compare(mine: Entry, theirs: Entry): ComparedField[];
  /** The type's create (entry null) or edit form. */
  form(entry: Entry | null, onClose: () => void): ReactNode;
}

/** The list page every entry type shares: filters, a paged table, and the create, edit and delete dialogs. */
export function EntryPage<Data, Entry extends { id: string; version: number }>(props: EntryPageProps<Data, Entry>) {
  const [filter, setFilter] = useState<EntryFilter>({});
  const [editing, setEditing] = useState<Entry | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Entry | null>(null);

  const columns: Column<Entry>[] = [
    ...props.columns,
    {
      header: 'Actions',
      align: 'right',
      render: (entry) => <RowActions what={props.describe(entry)} onEdit={() => setEditing(entry)} onDelete={() => setDeleting(entry)} />,
    },
  ];
  const listFilter = compactFilter(filter);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{props.title}</Title>
        <Button onClick={() => setEditing('new')}>{props.newLabel}</Button>
      </Group>
      <EntryFilters value={filter} onChange={setFilter} />
      <PagedTable key={JSON.stringify(listFilter)} kind={props.kind} filter={listFilter} columns={columns} noun={props.noun} />
      {editing && props.form(editing === 'new' ? null : editing, () => setEditing(null))}
      {deleting && (
        <DeleteDialog
          title={props.deleteTitle}
          summary={props.deleteSummary(deleting)}
          version={deleting.version}
          remove={(version) => props.remove(deleting, version)}
          compare={(theirs) => props.compare(deleting, theirs)}
          onClose={() => setDeleting(null)}
        />
      )}
    </Stack>
  );
}
