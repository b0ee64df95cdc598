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
import { formatDate, formatMoney, humanize } from '../lists/format';
import { PagedTable, type Column } from '../lists/PagedTable';
import { RowActions } from '../lists/RowActions';
import { ReceiptFields } from './receipt-fields';
import { receiptList } from './receipt-list';
import { describeReceipt, isReceipt, receiptValues, type Receipt } from './receipt-values';
import { ReceiptForm } from './ReceiptForm';

const ReceiptsPage_Delete = graphql(
  `
    mutation ReceiptsPage_Delete($id: ID!, $version: Int!) {
      deleteReceipt(id: $id, version: $version) {
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
            ... on Receipt {
              ...ReceiptFields
            }
          }
        }
      }
    }
  `,
  [ReceiptFields],
);

const describe = (receipt: Receipt) => `receipt ${formatMoney(receipt.amountCents, receipt.currency)} at ${receipt.vendor}`;

export function ReceiptsPage() {
  const names = useNames();
  const [filter, setFilter] = useState<EntryFilter>({});
  const [editing, setEditing] = useState<Receipt | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Receipt | null>(null);
  const [, deleteReceipt] = useMutation(ReceiptsPage_Delete);

  const columns: Column<Receipt>[] = [
    { header: 'Date', render: (receipt) => formatDate(receipt.date) },
    { header: 'Employee', render: (receipt) => receipt.employee.name },
    { header: 'Cost center', render: (receipt) => receipt.costCenter.code },
    { header: 'Vendor', render: (receipt) => receipt.vendor },
    { header: 'Category', render: (receipt) => humanize(receipt.category) },
    { header: 'Amount', align: 'right', render: (receipt) => formatMoney(receipt.amountCents, receipt.currency) },
    {
      header: 'Actions',
      align: 'right',
      render: (receipt) => <RowActions what={describe(receipt)} onEdit={() => setEditing(receipt)} onDelete={() => setDeleting(receipt)} />,
    },
  ];
  const listFilter = compactFilter(filter);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Receipts</Title>
        <Button onClick={() => setEditing('new')}>New receipt</Button>
      </Group>
      <EntryFilters value={filter} onChange={setFilter} />
      <PagedTable key={JSON.stringify(listFilter)} kind={receiptList} filter={listFilter} columns={columns} noun="receipts" />
      {editing && <ReceiptForm receipt={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {deleting && (
        <DeleteDialog
          title="Delete receipt"
          summary={`the ${describe(deleting)} on ${formatDate(deleting.date)}`}
          version={deleting.version}
          remove={async (version) => {
            const result = await deleteReceipt({ id: deleting.id, version });
            return writeOutcome(result.data?.deleteReceipt, result.error, isReceipt);
          }}
          compare={(theirs) =>
            sideBySide((values) => describeReceipt(values, names), receiptValues(deleting), receiptValues(theirs))
          }
          onClose={() => setDeleting(null)}
        />
      )}
    </Stack>
  );
}
