import { Card, Text } from '@mantine/core';
import { useQuery } from 'urql';
import { formatHours } from '../lists/format';
import { ClockBoard_Query } from './clock-board-query';
import { useNow } from './use-now';
import { hoursTodayNow } from './worked-time';

/** The dashboard's card of today's hours so far, from the same live board as the "On the clock" page. */
export function HoursTodayCard() {
  const [{ data }] = useQuery({ query: ClockBoard_Query });
  const now = useNow();
  const board = data?.clockBoard;
  const hours = board ? board.entries.reduce((sum, entry) => sum + hoursTodayNow(entry.hoursToday, entry.state === 'ON_THE_CLOCK', board.asOf, now), 0) : null;
  return (
    <Card withBorder aria-label="Hours today">
      <Text size="sm" c="dimmed">
        Hours today so far
      </Text>
      <Text fz={28} fw={700}>
        {hours === null ? '…' : formatHours(Math.round(hours * 100) / 100)}
      </Text>
      <Text size="sm" c="dimmed">
        {board ? `${board.onTheClock} on the clock now` : 'Loading…'}
      </Text>
    </Card>
  );
}
