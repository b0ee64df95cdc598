import { useMutation } from 'urql';
import { sideBySide } from '../forms/side-by-side';
import { useNames } from '../forms/use-names';
import { writeOutcome } from '../forms/write-outcome';
import { graphql } from '../graphql/graphql';
import { EntryPage } from '../lists/EntryPage';
import { FilterTotals } from '../lists/FilterTotals';
import { formatDate, formatMoney, humanize } from '../lists/format';
import type { Column } from '../lists/PagedTable';
import { ReceiptFields } from './receipt-fields';
import { receiptList, type ReceiptListSortField } from './receipt-list';
import { describeReceipt, isReceipt, receiptValues, type Receipt } from './receipt-values';
import { ReceiptForm } from './ReceiptForm';
import { ReceiptThumbnail } from './ReceiptThumbnail';

const ReceiptsPage_Delete = graphql(
  `
    mutation ReceiptsPage_Delete($id: ID!, $version: Int!, $idempotencyKey: String) {
      deleteReceipt(id: $id, version: $version, idempotencyKey: $idempotencyKey) {
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

const columns: Column<Receipt, ReceiptListSortField>[] = [
  { header: 'Date', sortField: 'DATE', render: (receipt) => formatDate(receipt.date) },
  { header: 'Employee', sortField: 'EMPLOYEE', render: (receipt) => receipt.employee.name },
  { header: 'Cost center', render: (receipt) => receipt.costCenter.code },
  { header: 'Vendor', sortField: 'VENDOR', render: (receipt) => receipt.vendor },
  { header: 'Category', sortField: 'CATEGORY', render: (receipt) => humanize(receipt.category) },
  { header: 'Amount', align: 'right', sortField: 'AMOUNT', render: (receipt) => formatMoney(receipt.amountCents, receipt.currency) },
  { header: 'Photo', render: (receipt) => <ReceiptThumbnail receipt={receipt} label={describe(receipt)} /> },
];

export function ReceiptsPage() {
  const names = useNames();
  const [, deleteEntry] = useMutation(ReceiptsPage_Delete);

  return (
    <EntryPage
      typename="Receipt"
      title="Receipts"
      searchHint="Vendor, description or name"
      aboveTable={(filter) => <FilterTotals filter={filter} of="RECEIPTS" />}
      newLabel="New receipt"
      kind={receiptList}
      noun="receipts"
      columns={columns}
      describe={describe}
      deleteTitle="Delete receipt"
      deleteSummary={(receipt) => `the ${describe(receipt)} on ${formatDate(receipt.date)}`}
      remove={async (receipt, version, idempotencyKey) => {
        const result = await deleteEntry({ id: receipt.id, version, idempotencyKey });
        return writeOutcome(result.data?.deleteReceipt, result.error, isReceipt);
      }}
      compare={(mine, theirs) => sideBySide((values) => describeReceipt(values, names), receiptValues(mine), receiptValues(theirs))}
      form={(receipt, onClose) => <ReceiptForm receipt={receipt} onClose={onClose} />}
      reviewTypename="Receipt"
      exportKind="RECEIPTS_CSV"
    />
  );
}
