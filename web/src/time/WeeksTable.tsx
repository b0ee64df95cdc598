import { Group, Loader, Table, Text, Title } from '@mantine/core';
import dayjs from 'dayjs';
import { useQuery } from 'urql';
import { graphql } from '../graphql/graphql';
import type { EntryFilter } from '../lists/entry-filter';
import { formatHours } from '../lists/format';
import { HistoryButton } from '../review/HistoryDrawer';
import { ReviewButtons } from '../review/ReviewButtons';
import { StatusBadge } from '../review/StatusBadge';
import { TimesheetFields } from './timesheet-fields';
import { requestErrorMessage } from '../graphql/request-error';

/** The newest weeks; live events about their hours drop this list from the cache, and it is fetched again. */
export const WeeksTable_Timesheets = graphql(
  `
    query WeeksTable_Timesheets($filter: TimesheetFilter, $first: Int) {
      timesheets(filter: $filter, first: $first) {
        totalCount
        nodes {
          ...TimesheetFields
        }
      }
    }
  `,
  [TimesheetFields],
);

export const weekName = (weekStart: string) => `week of ${dayjs(weekStart).format('MMM D, YYYY')}`;

/** Hours are reviewed by week: each employee's week with its total, status and review steps. */
export function WeeksTable({ filter }: { filter: EntryFilter | null }) {
  const variables = { filter: filter ? { employeeId: filter.employeeId, from: filter.from, to: filter.to, status: filter.status } : null, first: 12 };
  const [{ data, fetching, error }] = useQuery({ query: WeeksTable_Timesheets, variables });
  const weeks = data?.timesheets.nodes ?? [];
  return (
    <div>
      <Title order={2} size="h4" mb="xs">
        Weeks
      </Title>
      {error && <Text c="red" role="alert">Could not load the weeks. {requestErrorMessage(error, 'loaded')}</Text>}
      {!data && fetching && <Loader size="xs" role="status" aria-label="Loading weeks" />}
      {data && weeks.length === 0 && <Text c="dimmed">No weeks with hours match.</Text>}
      {weeks.length > 0 && (
        <Table.ScrollContainer minWidth={680}>
          <Table striped verticalSpacing="xs" aria-label="Weeks">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Week</Table.Th>
                <Table.Th>Employee</Table.Th>
                <Table.Th ta="right">Hours</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th ta="right">Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {weeks.map((week) => {
                const what = `${weekName(week.weekStart)} of ${week.employee.name}`;
                return (
                  <Table.Tr key={week.id} data-row-id={week.id}>
                    <Table.Td>{weekName(week.weekStart)}</Table.Td>
                    <Table.Td>{week.employee.name}</Table.Td>
                    <Table.Td ta="right">
                      {formatHours(week.hours)}
                      {week.overtime.overtimeHours > 0 && (
                        <Text size="xs" c="orange.8">
                          {formatHours(week.overtime.overtimeHours)} overtime
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge status={week.status} rejectionReason={week.rejectionReason} />
                    </Table.Td>
                    <Table.Td>
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
        </Table.ScrollContainer>
      )}
    </div>
  );
}
