import { Button, Group, Loader, Select, Table, Text, UnstyledButton } from '@mantine/core';
import { usePhone } from '../app/use-phone';
import { useState, type ReactNode } from 'react';
import { useQuery } from 'urql';
import type { ListKind, ListOrder } from '../graphql/list-kind';
import { useRecentlyChanged } from '../live/recent-changes';
import { requestErrorMessage } from '../graphql/request-error';

export interface Column<Row, SortField extends string = never> {
  header: string;
  render(row: Row): ReactNode;
  align?: 'left' | 'right';
  /** The API's sort field for this column; its header then sorts the list. */
  sortField?: SortField;
}

/** The sort in effect and how to change it: null is the list's own order, `byDefault`. */
export interface TableSort<SortField extends string> {
  value: ListOrder<SortField> | null;
  byDefault: ListOrder<SortField>;
  onChange(sort: ListOrder<SortField> | null): void;
}

interface TableProps<Data, Row extends { id: string }, Filter, SortField extends string> {
  kind: ListKind<Data, Row, Filter, SortField>;
  filter: Filter | null;
  columns: Column<Row, SortField>[];
  /** Plural, lower case: "receipts". */
  noun: string;
  /** Absent: the headers do not sort. */
  sort?: TableSort<SortField>;
}

const pageSize = 25;

/**
 * A list loaded page by page ("Load more"), each page its own cached query, so the live cache can
 * insert into and remove from exactly the page an entity belongs to. Give it a `key` per filter and
 * sort: a new one starts again at the first page.
 */
export function PagedTable<Data, Row extends { id: string }, Filter, SortField extends string = never>(props: TableProps<Data, Row, Filter, SortField>) {
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  // On a phone each row becomes a card (portal.css .stacked-table): every value and action stays on screen.
  const phone = usePhone();
  return (
    <>
      {/* Cards have no header row to click: a phone sorts with a picker instead. */}
      {phone && props.sort && <SortPicker columns={props.columns} sort={props.sort} />}
      <Table.ScrollContainer minWidth={phone ? 0 : 680}>
        <Table striped highlightOnHover verticalSpacing="xs" className={phone ? 'stacked-table' : undefined}>
          <Table.Thead>
            <Table.Tr>
              {props.columns.map((column) => (
                <HeaderCell key={column.header} column={column} sort={props.sort} />
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {cursors.map((after, index) => (
              <TablePage
                key={after ?? 'first'}
                {...props}
                after={after}
                isLast={index === cursors.length - 1}
                onLoadMore={(cursor) => setCursors((loaded) => [...loaded, cursor])}
              />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}

/** "Amount, ascending": every sort the columns offer, in one picker. */
function SortPicker<Row, SortField extends string>({ columns, sort }: { columns: Column<Row, SortField>[]; sort: TableSort<SortField> }) {
  const current = sort.value ?? sort.byDefault;
  const options = columns.flatMap((column) => {
    const field = column.sortField;
    if (!field) return [];
    return (['ASC', 'DESC'] as const).map((direction) => ({
      value: `${field}:${direction}`,
      label: `${column.header}, ${direction === 'ASC' ? 'ascending' : 'descending'}`,
      order: { field, direction },
    }));
  });
  return (
    <Select
      label="Sort by"
      data={options.map(({ value, label }) => ({ value, label }))}
      value={`${current.field}:${current.direction}`}
      allowDeselect={false}
      onChange={(value) => {
        const next = options.find((option) => option.value === value)?.order;
        if (next) sort.onChange(next.field === sort.byDefault.field && next.direction === sort.byDefault.direction ? null : next);
      }}
    />
  );
}

/** A column's header; a sortable one is a button that sorts by it (ascending first, then flips) and says how it sorts. */
function HeaderCell<Row, SortField extends string>({ column, sort }: { column: Column<Row, SortField>; sort: TableSort<SortField> | undefined }) {
  const field = column.sortField;
  if (!sort || !field) return <Table.Th ta={column.align}>{column.header}</Table.Th>;
  const current = sort.value ?? sort.byDefault;
  const active = current.field === field;
  const choose = () => {
    const next: ListOrder<SortField> = { field, direction: active && current.direction === 'ASC' ? 'DESC' : 'ASC' };
    sort.onChange(next.field === sort.byDefault.field && next.direction === sort.byDefault.direction ? null : next);
  };
  return (
    <Table.Th ta={column.align} aria-sort={active ? (current.direction === 'ASC' ? 'ascending' : 'descending') : undefined}>
      <UnstyledButton onClick={choose} fw={700} fz="sm" style={{ whiteSpace: 'nowrap' }}>
        {column.header}
        <span aria-hidden> {active ? (current.direction === 'ASC' ? '↑' : '↓') : '↕'}</span>
      </UnstyledButton>
    </Table.Th>
  );
}

function TablePage<Data, Row extends { id: string }, Filter, SortField extends string>(
  props: TableProps<Data, Row, Filter, SortField> & { after: string | null; isLast: boolean; onLoadMore(cursor: string): void },
) {
  const { kind, filter, columns, noun, after } = props;
  const orderBy = props.sort?.value;
  const [result, reexecute] = useQuery({ query: kind.pageQuery, variables: { filter, first: pageSize, after, ...(orderBy ? { orderBy } : {}) } });
  const connection = result.data ? kind.connectionOf(result.data) : null;
  const span = columns.length;

  if (!connection) {
    if (result.error) {
      return (
        <StateRow span={span}>
          <Group justify="center" gap="sm">
            <Text c="red" role="alert">
              Could not load {noun}. {requestErrorMessage(result.error, 'loaded')}
            </Text>
            <Button size="xs" variant="light" onClick={() => reexecute({ requestPolicy: 'network-only' })}>
              Try again
            </Button>
          </Group>
        </StateRow>
      );
    }
    return (
      <StateRow span={span}>
        <Group justify="center" gap="xs">
          <Loader size="xs" />
          <Text c="dimmed">Loading {noun}…</Text>
        </Group>
      </StateRow>
    );
  }
  if (after === null && connection.nodes.length === 0) {
    return (
      <StateRow span={span}>
        <Text c="dimmed">{isEmptyFilter(filter) ? `No ${noun} yet.` : `No ${noun} match these filters.`}</Text>
      </StateRow>
    );
  }
  const { hasNextPage, endCursor } = connection.pageInfo;
  return (
    <>
      {connection.nodes.map((row) => (
        <TableRow key={row.id} row={row} columns={columns} />
      ))}
      {props.isLast && (
        <Table.Tr>
          <Table.Td colSpan={span}>
            <Group justify="space-between">
              <Text size="sm" c="dimmed">
                {connection.totalCount} {noun} in total
              </Text>
              {hasNextPage && endCursor && (
                <Button size="xs" variant="light" onClick={() => props.onLoadMore(endCursor)}>
                  Load more
                </Button>
              )}
            </Group>
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}

function TableRow<Row extends { id: string }, SortField extends string>({ row, columns }: { row: Row; columns: Column<Row, SortField>[] }) {
  const changed = useRecentlyChanged(row.id);
  return (
    <Table.Tr className={changed ? 'row-flash' : undefined} data-row-id={row.id}>
      {columns.map((column) => (
        <Table.Td key={column.header} ta={column.align} data-label={column.header}>
          {column.render(row)}
        </Table.Td>
      ))}
    </Table.Tr>
  );
}

function StateRow({ span, children }: { span: number; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Td colSpan={span} ta="center" py="xl">
        {children}
      </Table.Td>
    </Table.Tr>
  );
}

function isEmptyFilter(filter: unknown): boolean {
  return filter === null || (typeof filter === 'object' && Object.values(filter).every((value) => value === null || value === undefined || value === ''));
}
