import { Alert, Badge, Button, Card, Group, Loader, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import dayjs from 'dayjs';
import type { ResultOf } from 'gql.tada';
import { useState } from 'react';
import { useQuery } from 'urql';
import { useViewer } from '../app/viewer-context';
import { formatHours } from '../lists/format';
import { ClockBoard_Query } from './clock-board-query';
import { CorrectShiftDialog } from './CorrectShiftDialog';
import { useNow } from './use-now';
import { formatElapsed, hoursTodayNow, workedMs } from './worked-time';

type Board = ResultOf<typeof ClockBoard_Query>['clockBoard'];
type BoardEntry = Board['entries'][number];

const stateLabels: Record<BoardEntry['state'], { label: string; color: string }> = {
  ON_THE_CLOCK: { label: 'On the clock', color: 'green' },
  ON_BREAK: { label: 'On break', color: 'yellow' },
  CLOCKED_OUT: { label: 'Clocked out', color: 'gray' },
};

/** The live board: who in the viewer's scope is working now, on a break, or clocked out today. */
export function OnTheClockPage() {
  const [{ data, error }] = useQuery({ query: ClockBoard_Query });
  const now = useNow();
  return (
    <Stack>
      <Title order={1} size="h2">
        On the clock
      </Title>
      {error && !data && (
        <Alert color="red" role="alert" title="Could not load the board">
          {error.message}
        </Alert>
      )}
      {!data && !error && (
        <Group justify="center" py="xl">
          <Loader size="sm" />
          <Text c="dimmed">Loading the board…</Text>
        </Group>
      )}
      {data && <BoardTable board={data.clockBoard} now={now} />}
    </Stack>
  );
}

function BoardTable({ board, now }: { board: Board; now: number }) {
  const working = board.entries.filter((entry) => entry.state !== 'CLOCKED_OUT');
  const hoursToday = board.entries.reduce((sum, entry) => sum + hoursTodayNow(entry.hoursToday, entry.state === 'ON_THE_CLOCK', board.asOf, now), 0);
  return (
    <>
      <SimpleGrid cols={{ base: 1, xs: 3 }}>
        <Card withBorder>
          <Text size="sm" c="dimmed">Working now</Text>
          <Text fz={28} fw={700} aria-label="Working now">{working.length}</Text>
        </Card>
        <Card withBorder>
          <Text size="sm" c="dimmed">On break</Text>
          <Text fz={28} fw={700}>{board.entries.filter((entry) => entry.state === 'ON_BREAK').length}</Text>
        </Card>
        <Card withBorder>
          <Text size="sm" c="dimmed">Hours today</Text>
          <Text fz={28} fw={700}>{formatHours(Math.round(hoursToday * 100) / 100)}</Text>
        </Card>
      </SimpleGrid>
      {board.entries.length === 0 ? (
        <Text c="dimmed">Nobody has clocked in today.</Text>
      ) : (
        <Table striped aria-label="On the clock">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Employee</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Clocked in</Table.Th>
              <Table.Th>Clocked out</Table.Th>
              <Table.Th>This shift</Table.Th>
              <Table.Th>Today</Table.Th>
              <Table.Th ta="right">Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {board.entries.map((entry) => (
              <BoardRow key={entry.employee.id} entry={entry} asOf={board.asOf} now={now} />
            ))}
          </Table.Tbody>
        </Table>
      )}
    </>
  );
}

function BoardRow({ entry, asOf, now }: { entry: BoardEntry; asOf: string; now: number }) {
  const { shift } = entry;
  const viewer = useViewer();
  const [correcting, setCorrecting] = useState(false);
  // The server decides (a supervisor of the employee or an admin, never for their own shift); this only hides a button that would be refused.
  const mayCorrect = viewer.role !== 'EMPLOYEE' && entry.employee.id !== viewer.id;
  // The shift is patched in place by live events: its own state is newer than the board's until the board is refetched.
  const state: BoardEntry['state'] = shift.endedAt ? 'CLOCKED_OUT' : shift.state === 'ON_BREAK' ? 'ON_BREAK' : 'ON_THE_CLOCK';
  const { label, color } = stateLabels[state];
  // Flips on the minute the limit passes, without waiting for the next event.
  const forgotten = shift.forgotten || (!shift.endedAt && shift.forgottenAt !== null && now >= Date.parse(shift.forgottenAt));
  const time = (at: string) => dayjs(at).format('h:mm A');
  return (
    <Table.Tr data-employee={entry.employee.name}>
      <Table.Td>{entry.employee.name}</Table.Td>
      <Table.Td>
        <Group gap={6}>
          <Badge color={color} variant="light">{label}</Badge>
          {forgotten && <Badge color="red" variant="light" title="Open for longer than a shift should be; a supervisor can correct it">Forgot to clock out?</Badge>}
        </Group>
      </Table.Td>
      <Table.Td>{time(shift.startedAt)}</Table.Td>
      <Table.Td>{shift.endedAt ? time(shift.endedAt) : '—'}</Table.Td>
      <Table.Td ff="monospace" aria-label={`Time worked by ${entry.employee.name}`}>{formatElapsed(workedMs(shift, now))}</Table.Td>
      <Table.Td>{formatHours(Math.round(hoursTodayNow(entry.hoursToday, state === 'ON_THE_CLOCK' && entry.state === 'ON_THE_CLOCK', asOf, now) * 100) / 100)}</Table.Td>
      <Table.Td ta="right">
        {mayCorrect && (
          <Button size="xs" variant="subtle" aria-label={`Correct ${entry.employee.name}'s shift`} onClick={() => setCorrecting(true)}>
            Correct
          </Button>
        )}
        {correcting && <CorrectShiftDialog shift={shift} onClose={() => setCorrecting(false)} />}
      </Table.Td>
    </Table.Tr>
  );
}
