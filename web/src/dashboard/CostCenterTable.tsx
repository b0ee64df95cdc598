import { Table } from '@mantine/core';
import { usePhone } from '../app/use-phone';
import { formatAmounts, formatHours, formatMiles } from '../lists/format';

interface CostCenterRow {
  costCenter: { id: string; code: string; name: string };
  mileageCount: number;
  miles: number;
  receiptCount: number;
  receiptAmounts: ReadonlyArray<{ currency: string; amountCents: number }>;
  timeEntryCount: number;
  hours: number;
}

const columns: Array<{ header: string; render(row: CostCenterRow): string }> = [
  { header: 'Trips', render: (row) => String(row.mileageCount) },
  { header: 'Miles', render: (row) => formatMiles(row.miles) },
  { header: 'Receipts', render: (row) => String(row.receiptCount) },
  { header: 'Amount', render: (row) => formatAmounts(row.receiptAmounts) },
  { header: 'Time entries', render: (row) => String(row.timeEntryCount) },
  { header: 'Hours', render: (row) => formatHours(row.hours) },
];

/** The sums per cost center: a table on a wide screen, one card per cost center on a phone (portal.css .stacked-table). */
export function CostCenterTable({ rows }: { rows: readonly CostCenterRow[] }) {
  const phone = usePhone();
  return (
    <Table.ScrollContainer minWidth={phone ? 0 : 640}>
      <Table striped className={phone ? 'stacked-table' : undefined} data-testid="cost-center-totals">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Cost center</Table.Th>
            {columns.map((column) => (
              <Table.Th key={column.header} ta="right">
                {column.header}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.costCenter.id}>
              <Table.Th scope="row" fw={600}>
                {row.costCenter.name} ({row.costCenter.code})
              </Table.Th>
              {columns.map((column) => (
                <Table.Td key={column.header} ta="right" data-label={column.header}>
                  {column.render(row)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
