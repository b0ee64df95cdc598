import { Button, Checkbox, Group, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useQuery } from 'urql';
import type { ListKind } from '../graphql/list-kind';
import { formatDate, formatHours, formatMiles, formatMoney } from '../lists/format';
import { usePhone } from '../app/use-phone';
import { PagedTable, type Column } from '../lists/PagedTable';
import { HistoryButton } from '../review/HistoryDrawer';
import { ReviewButtons } from '../review/ReviewButtons';
import type { ReviewedTypename } from '../review/review-mutations';
import type { Reviewed } from '../review/review-steps';
import { useReviewStep } from '../review/use-review-step';
import { weekName } from '../time/WeeksTable';
import { receiptQueue, tripQueue } from './approval-lists';
import { ApprovalsPage_Weeks } from './approval-queries';
import { requestErrorMessage } from '../graphql/request-error';

type Row = Reviewed & { submittedAt: string | null; employee: { name: string } };

const waiting = (row: { submittedAt: string | null }) => (row.submittedAt ? `since ${formatDate(row.submittedAt)}` : '');

/** One queue: rows to tick, "Approve selected", and each row's approve, reject and history. */
function Queue<Data, Entry extends Row>(props: {
  title: string;
  typename: ReviewedTypename;
  kind: ListKind<Data, Entry, null>;
  noun: string;
  columns: Column<Entry>[];
  describe(entry: Entry): string;
}) {
  const [selected, setSelected] = useState<Map<string, Entry>>(new Map());
  const [approving, setApproving] = useState(false);
  const run = useReviewStep();
  const toggle = (entry: Entry, on: boolean) =>
    setSelected((current) => {
      const next = new Map(current);
      if (on) next.set(entry.id, entry);
      else next.delete(entry.id);
      return next;
    });

  const approveSelected = async () => {
    setApproving(true);
    const outcomes = await Promise.all([...selected.values()].map((entry) => run(props.typename, 'APPROVE', entry)));
    setApproving(false);
    setSelected(new Map());
    const failed = outcomes.filter((outcome) => outcome.kind !== 'saved');
    notifications.show(
      failed.length === 0
        ? { message: `Approved ${outcomes.length} ${props.noun}`, color: 'teal' }
        : { title: `${failed.length} of ${outcomes.length} not approved`, message: failed.map((outcome) => ('message' in outcome ? outcome.message : '')).join('; '), color: 'red' },
    );
  };

  const columns: Column<Entry>[] = [
    {
      header: '',
      render: (entry) => (
        <Checkbox aria-label={`Select ${props.describe(entry)}`} checked={selected.has(entry.id)} onChange={(event) => toggle(entry, event.currentTarget.checked)} />
      ),
    },
    ...props.columns,
    { header: 'Waiting', render: waiting },
    {
      header: 'Actions',
      align: 'right',
      render: (entry) => (
        <Group gap={4} justify="flex-end" wrap="nowrap">
          <ReviewButtons typename={props.typename} record={entry} what={props.describe(entry)} reimbursable />
          <HistoryButton id={entry.id} what={props.describe(entry)} />
        </Group>
      ),
    },
  ];
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Title order={2} size="h4">{props.title}</Title>
        <Button size="xs" disabled={selected.size === 0} loading={approving} onClick={approveSelected}>
          Approve selected ({selected.size})
        </Button>
      </Group>
      <PagedTable kind={props.kind} filter={null} columns={columns} noun={`${props.noun} waiting`} />
    </Stack>
  );
}

function WeeksQueue() {
  const [{ data, error }] = useQuery({ query: ApprovalsPage_Weeks, variables: { first: 100 } });
  const weeks = data?.timesheetsToApprove.nodes ?? [];
  // On a phone each week is a card, like the lists (portal.css .stacked-table).
  const phone = usePhone();
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">Weeks of hours</Title>
      {error && <Text c="red" role="alert">{requestErrorMessage(error, 'loaded')}</Text>}
      {data && weeks.length === 0 && <Text c="dimmed">No weeks waiting.</Text>}
      {weeks.length > 0 && (
        <Table striped verticalSpacing="xs" aria-label="Weeks waiting" className={phone ? 'stacked-table' : undefined}>
          <Table.Tbody>
            {weeks.map((week) => {
              const what = `${weekName(week.weekStart)} of ${week.employee.name}`;
              return (
                <Table.Tr key={week.id} data-row-id={week.id}>
                  <Table.Td data-label="Week">{weekName(week.weekStart)}</Table.Td>
                  <Table.Td data-label="Employee">{week.employee.name}</Table.Td>
                  <Table.Td ta="right" data-label="Hours">
                    {formatHours(week.hours)}
                  </Table.Td>
                  <Table.Td data-label="Waiting">{waiting(week)}</Table.Td>
                  <Table.Td data-label="Actions">
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <ReviewButtons typename="Timesheet" record={week} what={what} reimbursable={false} />
                      <HistoryButton id={week.id} what={what} />
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

/** What waits for the viewer's review (their scope, never their own), the longest waiting first. */
export function ApprovalsPage() {
  return (
    <Stack gap="xl">
      <Title order={1} size="h2">Approvals</Title>
      <Queue
        title="Trips"
        typename="MileageEntry"
        kind={tripQueue}
        noun="trips"
        describe={(trip) => `trip ${trip.startLocation} to ${trip.endLocation}`}
        columns={[
          { header: 'Date', render: (trip) => formatDate(trip.date) },
          { header: 'Employee', render: (trip) => trip.employee.name },
          { header: 'Route', render: (trip) => `${trip.startLocation} → ${trip.endLocation}` },
          { header: 'Purpose', render: (trip) => trip.purpose },
          { header: 'Miles', align: 'right', render: (trip) => formatMiles(trip.miles) },
          { header: 'Amount', align: 'right', render: (trip) => (trip.reimbursement ? formatMoney(trip.reimbursement.amountCents) : '—') },
        ]}
      />
      <Queue
        title="Receipts"
        typename="Receipt"
        kind={receiptQueue}
        noun="receipts"
        describe={(receipt) => `receipt ${formatMoney(receipt.amountCents, receipt.currency)} at ${receipt.vendor}`}
        columns={[
          { header: 'Date', render: (receipt) => formatDate(receipt.date) },
          { header: 'Employee', render: (receipt) => receipt.employee.name },
          { header: 'Vendor', render: (receipt) => receipt.vendor },
          { header: 'Amount', align: 'right', render: (receipt) => formatMoney(receipt.amountCents, receipt.currency) },
        ]}
      />
      <WeeksQueue />
    </Stack>
  );
}
