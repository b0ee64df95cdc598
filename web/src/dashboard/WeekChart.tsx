import { BarChart } from '@mantine/charts';
import { Table, Text, VisuallyHidden } from '@mantine/core';
import { useId } from 'react';

/** One bar per week: its label ("Nov 23", "This week so far") and its value. */
export interface WeekBar {
  week: string;
  value: number;
}

interface WeekChartProps {
  /** "Miles", "Receipts in USD". */
  title: string;
  weeks: WeekBar[];
  color: string;
  /** The value in words, for the tooltip and the table: "120.5 mi", "$42.10". */
  format(value: number): string;
  /** The value shortened for the axis: "$1.2K". */
  formatTick?(value: number): string;
}

/**
 * A bar chart of weekly sums with its text alternative: a table of the same figures that screen readers
 * read in place of the drawing. The drawing takes no focus, so Tab passes straight over it (recharts'
 * keyboard layer would add a stop per chart that only screen-reader-hidden tooltips answer).
 */
export function WeekChart({ title, weeks, color, format, formatTick }: WeekChartProps) {
  const titleId = useId();
  return (
    <figure aria-labelledby={titleId} style={{ margin: 0 }}>
      <Text id={titleId} component="figcaption" size="sm" fw={500} mb={4}>
        {title}
      </Text>
      <div aria-hidden>
        <BarChart
          h={180}
          data={weeks}
          dataKey="week"
          series={[{ name: 'value', label: title, color }]}
          tickLine="y"
          gridAxis="y"
          valueFormatter={format}
          yAxisProps={formatTick ? { tickFormatter: formatTick } : undefined}
          accessibilityLayer={false}
        />
      </div>
      <VisuallyHidden>
        <Table>
          <caption>{title} per week</caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Week of</Table.Th>
              <Table.Th scope="col">{title}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {weeks.map((week) => (
              <Table.Tr key={week.week}>
                <Table.Th scope="row">{week.week}</Table.Th>
                <Table.Td>{format(week.value)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </VisuallyHidden>
    </figure>
  );
}
