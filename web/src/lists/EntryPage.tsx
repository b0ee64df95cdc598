import { Button, Group, Stack, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import type { ComparedField } from '../forms/ConflictDialog';
import { DeleteDialog } from '../forms/DeleteDialog';
import { useEntityDelete } from '../forms/use-entity-save';
import type { WriteOutcome } from '../forms/write-outcome';
import type { SortableListKind } from '../graphql/list-kind';
import { ExportButton, type ExportKind } from '../exports/ExportButton';
import { OutboxEntries } from '../offline/OutboxEntries';
import { HistoryButton } from '../review/HistoryDrawer';
import { ReviewButtons } from '../review/ReviewButtons';
import type { ReviewedTypename } from '../review/review-mutations';
import type { Reviewed } from '../review/review-steps';
import { StatusBadge } from '../review/StatusBadge';
import { compactFilter } from './compact-filter';
import type { EntryFilter } from './entry-filter';
import { EntryFilters } from './EntryFilters';
import { PagedTable, type Column } from './PagedTable';
import { RowActions } from './RowActions';
import { useUrlFilter } from './url-filter';
import { useUrlSort } from './url-sort';

/** What every entry row has: an owner and a review state. */
export type ReviewedEntry = Reviewed & { locked: boolean; rejectionReason: string | null };

interface EntryPageProps<Data, Entry extends ReviewedEntry, SortField extends string> {
  /** The entity type the page lists and writes. */
  typename: 'Receipt' | 'MileageEntry' | 'TimeEntry';
  /** Page heading: "Receipts". */
  title: string;
  /** The create button: "New receipt". */
  newLabel: string;
  kind: SortableListKind<Data, Entry, EntryFilter, SortField>;
  /** Plural, lower case: "receipts". */
  noun: string;
  /** The type's own columns (those with a sortField sort the list); status and row actions are appended here. */
  columns: Column<Entry, SortField>[];
  /** The entry in words, for the row actions' accessible names. */
  describe(entry: Entry): string;
  /** "Delete receipt". */
  deleteTitle: string;
  deleteSummary(entry: Entry): string;
  remove(entry: Entry, version: number, idempotencyKey: string): Promise<WriteOutcome<Entry>>;
  compare(mine: Entry, theirs: Entry): ComparedField[];
  /** The type's create (entry null) or edit form. */
  form(entry: Entry | null, onClose: () => void): ReactNode;
  /** The type whose entries are reviewed one by one; absent for hours, which are reviewed by week. */
  reviewTypename?: ReviewedTypename;
  exportKind: ExportKind;
  /** What the search box looks through: "Vendor, description or name". */
  searchHint: string;
  /** More buttons next to "Export CSV" and the create button. */
  tools?: ReactNode;
  /** Shown between the filters and the table, for the same filter (the weeks of hours). */
  aboveTable?(filter: EntryFilter | null): ReactNode;
}

/**
 * The list page every entry type shares: filters, a table paged and sorted by the server (the sort kept in
 * the address bar; every entry list sorts by review status too), and the create, edit and delete dialogs.
 */
export function EntryPage<Data, Entry extends ReviewedEntry, SortField extends string>(props: EntryPageProps<Data, Entry, SortField | 'STATUS'>) {
  const [filter, setFilter] = useUrlFilter();
  const [sort, setSort] = useUrlSort(props.columns.flatMap((column) => (column.sortField ? [column.sortField] : [])));
  const [editing, setEditing] = useState<Entry | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Entry | null>(null);
  const removeOrQueue = useEntityDelete(props.typename, props.remove);

  const reviewTypename = props.reviewTypename;
  const columns: Column<Entry, SortField | 'STATUS'>[] = [
    ...props.columns,
    { header: 'Status', sortField: 'STATUS', render: (entry) => <StatusBadge status={entry.status} rejectionReason={entry.rejectionReason} /> },
    {
      header: 'Actions',
      align: 'right',
      render: (entry) => (
        <Group gap={4} justify="flex-end" wrap="nowrap">
          {reviewTypename && <ReviewButtons typename={reviewTypename} record={entry} what={props.describe(entry)} reimbursable />}
          <RowActions what={props.describe(entry)} locked={entry.locked} onEdit={() => setEditing(entry)} onDelete={() => setDeleting(entry)} />
          <HistoryButton id={entry.id} what={props.describe(entry)} />
        </Group>
      ),
    },
  ];
  const listFilter = compactFilter(filter);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">{props.title}</Title>
        <Group gap="sm">
          {props.tools}
          <ExportButton kind={props.exportKind} filter={listFilter} />
          <Button onClick={() => setEditing('new')}>{props.newLabel}</Button>
        </Group>
      </Group>
      <EntryFilters value={filter} onChange={setFilter} reimbursable={reviewTypename !== undefined} searchHint={props.searchHint} />
      <OutboxEntries typename={props.typename} noun={props.noun} />
      {props.aboveTable?.(listFilter)}
      <PagedTable
        key={JSON.stringify([listFilter, sort])}
        kind={props.kind}
        filter={listFilter}
        columns={columns}
        noun={props.noun}
        sort={{ value: sort, byDefault: props.kind.ownOrder, onChange: setSort }}
      />
      {editing && props.form(editing === 'new' ? null : editing, () => setEditing(null))}
      {deleting && (
        <DeleteDialog
          title={props.deleteTitle}
          summary={props.deleteSummary(deleting)}
          version={deleting.version}
          remove={(version) => removeOrQueue(deleting, version)}
          compare={(theirs) => props.compare(deleting, theirs)}
          onClose={() => setDeleting(null)}
        />
      )}
    </Stack>
  );
}
