import { Alert, Button, Card, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import dayjs from 'dayjs';
import type { ResultOf } from 'gql.tada';
import { useQuery } from 'urql';
import { HoursTodayCard } from '../clock/HoursTodayCard';
import { graphql } from '../graphql/graphql';
import { requestErrorMessage } from '../graphql/request-error';
import { compactFilter } from '../lists/compact-filter';
import { EntryFilters } from '../lists/EntryFilters';
import { formatAmounts, formatHours, formatMiles, formatMoney } from '../lists/format';
import { useUrlFilter } from '../lists/url-filter';
import { isCurrentWeek, weekLabel, weeksCharted } from './chart-weeks';
import { CostCenterTable } from './CostCenterTable';
import { WeekChart, type WeekBar } from './WeekChart';

/** Totals for the viewer's scope and the filter (the same one as the lists'); live events invalidate exactly this field, so it refetches after each change. */
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
  const [filter, setFilter] = useUrlFilter();
  const today = utcToday();
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: DashboardPage_Totals,
    variables: { filter: compactFilter(filter), weeks: weeksCharted(filter, today) },
  });

  return (
    <Stack>
      <Title order={1} size="h2">
        Dashboard
      </Title>
      <EntryFilters value={filter} onChange={setFilter} />
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
      {data && <Totals totals={data.totals} today={today} />}
    </Stack>
  );
}

/** Today as the API counts weeks: the UTC day. */
function utcToday(): dayjs.Dayjs {
  return dayjs(new Date().toISOString().slice(0, 10));
}

type DashboardTotals = ResultOf<typeof DashboardPage_Totals>['totals'];

/** "1.2K" on a chart's axis, where "1,234.5 mi" would not fit (the chart's title says the unit). */
const compactNumber = new Intl.NumberFormat('en-US', { notation: 'compact' });
const compactTick = (value: number) => compactNumber.format(value);

/** "$1.2K" on a chart's axis, where "$1,234.56" would not fit. */
function compactMoney(currency: string): (value: number) => string {
  const format = new Intl.NumberFormat('en-US', { style: 'currency', currency, notation: 'compact' });
  return (value) => format.format(value);
}

function Totals({ totals, today }: { totals: DashboardTotals; today: dayjs.Dayjs }) {
  const currencies = [...new Set(totals.byWeek.flatMap((week) => week.receiptAmounts.map((amount) => amount.currency)))];
  const bars = (value: (week: DashboardTotals['byWeek'][number]) => number): WeekBar[] =>
    totals.byWeek.map((week) => ({ week: weekLabel(week.weekStart, today), value: value(week) }));
  const partial = totals.byWeek.some((week) => isCurrentWeek(week.weekStart, today));
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
        <Title order={2} size="h4" mb={4}>
          By week
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {partial ? 'Monday to Sunday; the last week is still under way, so it shows only what was logged so far.' : 'Monday to Sunday.'}
        </Text>
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          <WeekChart title="Miles" weeks={bars((week) => week.miles)} color="teal.6" format={formatMiles} formatTick={compactTick} />
          {(currencies.length > 0 ? currencies : ['USD']).map((currency) => (
            <WeekChart
              key={currency}
              title={`Receipts in ${currency}`}
              weeks={bars((week) => (week.receiptAmounts.find((amount) => amount.currency === currency)?.amountCents ?? 0) / 100)}
              color="blue.6"
              format={(value) => formatMoney(Math.round(value * 100), currency)}
              formatTick={compactMoney(currency)}
            />
          ))}
          <WeekChart title="Hours" weeks={bars((week) => week.hours)} color="orange.6" format={formatHours} formatTick={compactTick} />
        </SimpleGrid>
      </Card>
      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          By cost center
        </Title>
        {totals.byCostCenter.length === 0 ? <Text c="dimmed">Nothing logged for this filter.</Text> : <CostCenterTable rows={totals.byCostCenter} />}
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
