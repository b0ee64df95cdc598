import { BarChart } from '@mantine/charts';
import { Alert, Button, Card, Group, Loader, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import dayjs from 'dayjs';
import type { ResultOf } from 'gql.tada';
import { useState } from 'react';
import { useQuery } from 'urql';
import { HoursTodayCard } from '../clock/HoursTodayCard';
import { graphql } from '../graphql/graphql';
import { CostCenterSelect } from '../lists/CostCenterSelect';
import { requestErrorMessage } from '../graphql/request-error';
import { formatAmounts, formatHours, formatMiles, formatMoney } from '../lists/format';

const weeksShown = 8;

/** Totals for the viewer's scope; live events invalidate exactly this field, so it refetches after each change. */
const DashboardPage_Totals = graphql(`
  query DashboardPage_Totals($filter: EntryFilter, $weeks: Int!) {
    totals(filter: $filter) {
      miles
      receiptAmounts {
        currency
        amountCents
      }
      hours
      mileageCount
      receiptCount
      timeEntryCount
      mileageAmount {
        currency
        amountCents
      }
      reimbursable {
        currency
        amountCents
      }
      reimbursed {
        currency
        amountCents
      }
      byCostCenter {
        costCenter {
          id
          code
          name
        }
        miles
        receiptAmounts {
          currency
          amountCents
        }
        hours
        mileageCount
        receiptCount
        timeEntryCount
      }
      byWeek(weeks: $weeks) {
        weekStart
        miles
        receiptAmounts {
          currency
          amountCents
        }
        hours
      }
    }
  }
`);

export function DashboardPage() {
  const [costCenterId, setCostCenterId] = useState<string | null>(null);
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: DashboardPage_Totals,
    variables: { filter: costCenterId ? { costCenterId } : null, weeks: weeksShown },
  });

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1} size="h2">Dashboard</Title>
        <CostCenterSelect label="Cost center" placeholder="All cost centers" clearable w={240} value={costCenterId} onChange={setCostCenterId} />
      </Group>
      {error && !data && (
        <Alert color="red" role="alert" title="Could not load the totals">
          <Group justify="space-between">
            <Text size="sm">{requestErrorMessage(error, 'loaded')}</Text>
            <Button size="xs" variant="light" onClick={() => reexecute({ requestPolicy: 'network-only' })}>
              Try again
            </Button>
          </Group>
        </Alert>
      )}
      {!data && fetching && (
        <Group justify="center" py="xl">
          <Loader size="sm" />
          <Text c="dimmed">Loading totals…</Text>
        </Group>
      )}
      <HoursTodayCard />
      {data && <Totals totals={data.totals} />}
    </Stack>
  );
}

type DashboardTotals = ResultOf<typeof DashboardPage_Totals>['totals'];
/** A chart row: the week's label and one number per series (Miles, Hours, and one per receipt currency). */
type WeekRow = Record<string, string | number> & { week: string };

/** Colors for receipt currencies, in the order they are listed; the first is the usual one. */
const currencyColors = ['blue.6', 'grape.6', 'cyan.7', 'indigo.6', 'pink.6'];

function Totals({ totals }: { totals: DashboardTotals }) {
  const currencies = [...new Set(totals.byWeek.flatMap((week) => week.receiptAmounts.map((amount) => amount.currency)))];
  const weeks: WeekRow[] = totals.byWeek.map((week) => ({
    week: dayjs(week.weekStart).format('MMM D'),
    Miles: Math.round(week.miles),
    Hours: week.hours,
    ...Object.fromEntries(week.receiptAmounts.map((amount) => [amount.currency, Math.round(amount.amountCents) / 100])),
  }));
  const receiptSeries = (currencies.length > 0 ? currencies : ['USD']).map((currency, index) => ({
    name: currency,
    color: currencyColors[index % currencyColors.length]!,
  }));
  return (
    <>
      <SimpleGrid cols={{ base: 1, xs: 3 }}>
        <Stat label="Miles driven" value={formatMiles(totals.miles)} detail={`${totals.mileageCount} trips`} />
        <Stat label="Receipts" value={formatAmounts(totals.receiptAmounts)} detail={`${totals.receiptCount} receipts`} />
        <Stat label="Hours worked" value={formatHours(totals.hours)} detail={`${totals.timeEntryCount} time entries`} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, xs: 3 }}>
        <Stat
          label="Mileage value"
          value={formatMoney(totals.mileageAmount.amountCents, totals.mileageAmount.currency)}
          detail="miles at the rate of each trip's day"
        />
        <Stat label="To reimburse" value={formatAmounts(totals.reimbursable)} detail="approved trips and receipts, not paid yet" />
        <Stat label="Reimbursed" value={formatAmounts(totals.reimbursed)} detail="trips and receipts paid out" />
      </SimpleGrid>
      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          Recent weeks
        </Title>
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          <WeekChart title="Miles" data={weeks} series={[{ name: 'Miles', color: 'teal.6' }]} />
          <WeekChart title={`Receipts (${receiptSeries.map((series) => series.name).join(', ')})`} data={weeks} series={receiptSeries} />
          <WeekChart title="Hours" data={weeks} series={[{ name: 'Hours', color: 'orange.6' }]} />
        </SimpleGrid>
      </Card>
      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          By cost center
        </Title>
        {totals.byCostCenter.length === 0 ? (
          <Text c="dimmed">Nothing logged yet.</Text>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Cost center</Table.Th>
                  <Table.Th ta="right">Trips</Table.Th>
                  <Table.Th ta="right">Miles</Table.Th>
                  <Table.Th ta="right">Receipts</Table.Th>
                  <Table.Th ta="right">Amount</Table.Th>
                  <Table.Th ta="right">Hours</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {totals.byCostCenter.map((row) => (
                  <Table.Tr key={row.costCenter.id}>
                    <Table.Td>
                      {row.costCenter.name} ({row.costCenter.code})
                    </Table.Td>
                    <Table.Td ta="right">{row.mileageCount}</Table.Td>
                    <Table.Td ta="right">{formatMiles(row.miles)}</Table.Td>
                    <Table.Td ta="right">{row.receiptCount}</Table.Td>
                    <Table.Td ta="right">{formatAmounts(row.receiptAmounts)}</Table.Td>
                    <Table.Td ta="right">{formatHours(row.hours)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
    </>
  );
}

function Stat({ label, value, detail }: { label: string; value: string; detail: string }) {
  return (
    <Card withBorder>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fz={28} fw={700}>
        {value}
      </Text>
      <Text size="sm" c="dimmed">
        {detail}
      </Text>
    </Card>
  );
}

function WeekChart({ title, data, series }: { title: string; data: WeekRow[]; series: Array<{ name: string; color: string }> }) {
  return (
    <div>
      <Text size="sm" fw={500} mb={4}>
        {title}
      </Text>
      <BarChart h={180} data={data} dataKey="week" series={series} tickLine="y" gridAxis="y" />
    </div>
  );
}
