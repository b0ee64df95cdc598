import { Button, Group, Loader, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState, type ReactNode } from 'react';
import { useQuery } from 'urql';
import type { ListKind } from '../graphql/list-kind';
import { useRecentlyChanged } from '../live/recent-changes';
import { requestErrorMessage } from '../graphql/request-error';

export interface Column<Row> {
  header: string;
  render(row: Row): ReactNode;
  align?: 'left' | 'right';
}

interface TableProps<Data, Row extends { id: string }, Filter> {
  kind: ListKind<Data, Row, Filter>;
  filter: Filter | null;
  columns: Column<Row>[];
  /** Plural, lower case: "receipts". */
  noun: string;
}

const pageSize = 25;

/**
 * A list loaded page by page ("Load more"), each page its own cached query, so the live cache can
 * insert into and remove from exactly the page an entity belongs to. Give it a `key` per filter:
 * a new filter starts again at the first page.
 */
export function PagedTable<Data, Row extends { id: string }, Filter>(props: TableProps<Data, Row, Filter>) {
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  // On a phone each row becomes a card (portal.css .stacked-table): every value and action stays on screen.
  const phone = useMediaQuery('(max-width: 36em)');
  return (
    <Table.ScrollContainer minWidth={phone ? 0 : 680}>
      <Table striped highlightOnHover verticalSpacing="xs" className={phone ? 'stacked-table' : undefined}>
        <Table.Thead>
          <Table.Tr>
            {props.columns.map((column) => (
              <Table.Th key={column.header} ta={column.align}>
                {column.header}
              </Table.Th>
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
  );
}

function TablePage<Data, Row extends { id: string }, Filter>(
  props: TableProps<Data, Row, Filter> & { after: string | null; isLast: boolean; onLoadMore(cursor: string): void },
) {
  const { kind, filter, columns, noun, after } = props;
  const [result, reexecute] = useQuery({ query: kind.pageQuery, variables: { filter, first: pageSize, after } });
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

function TableRow<Row extends { id: string }>({ row, columns }: { row: Row; columns: Column<Row>[] }) {
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
