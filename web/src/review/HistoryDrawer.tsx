import { Alert, Button, Drawer, Loader, Stack, Table, Text, Timeline } from '@mantine/core';
import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../graphql/graphql';
import { humanize } from '../lists/format';
import { requestErrorMessage } from '../graphql/request-error';

const HistoryDrawer_History = graphql(`
  query HistoryDrawer_History($id: ID!) {
    node(id: $id) {
      id
      history(first: 200) {
        totalCount
        nodes {
          id
          at
          action
          reason
          photoChange
          actor {
            id
            name
          }
          changes {
            field
            before
            after
          }
        }
      }
    }
  }
`);

/** Fields the history records that say nothing to a person reading it. */
const quietFields = new Set(['statusChangedAt', 'statusChangedById', 'submittedAt', 'reviewedAt', 'reviewedById', 'reimbursedAt', 'reimbursedById', 'employeeId', 'costCenterId']);

const done: Record<string, string> = {
  CREATE: 'created it',
  UPDATE: 'changed it',
  DELETE: 'deleted it',
  SUBMIT: 'submitted it',
  APPROVE: 'approved it',
  REJECT: 'rejected it',
  REIMBURSE: 'marked it reimbursed',
  REOPEN: 'reopened it',
};

/** A receipt's photo as the history tells it, in words rather than the ids of its files. */
const photoWords: Record<string, string> = { ATTACHED: 'Photo attached', REPLACED: 'Photo replaced', REMOVED: 'Photo removed' };

function History({ id }: { id: string }) {
  // Always from the server: the history is not part of the live cache.
  const [{ data, error, fetching }] = useQuery({ query: HistoryDrawer_History, variables: { id }, requestPolicy: 'network-only' });
  if (error) return <Alert color="red" role="alert">{requestErrorMessage(error, 'loaded')}</Alert>;
  if (!data && fetching) return <Loader size="sm" role="status" aria-label="Loading history" />;
  const entries = data?.node?.history.nodes ?? [];
  if (entries.length === 0) return <Text c="dimmed">Nothing recorded yet.</Text>;
  return (
    <Timeline bulletSize={14} lineWidth={2}>
      {entries.map((entry) => {
        const changes = entry.changes.filter((change) => entry.action === 'UPDATE' || !quietFields.has(change.field));
        return (
          <Timeline.Item key={entry.id} title={`${entry.actor?.name ?? 'The system'} ${done[entry.action] ?? humanize(entry.action)}`} data-testid="history-entry">
            <Text size="xs" c="dimmed">
              {new Date(entry.at).toLocaleString('en-US')}
            </Text>
            {entry.reason && <Text size="sm">Reason: {entry.reason}</Text>}
            {entry.photoChange && <Text size="sm">{photoWords[entry.photoChange]}</Text>}
            {entry.action !== 'CREATE' && entry.action !== 'DELETE' && changes.length > 0 && (
              <Table fz="xs" verticalSpacing={2} withRowBorders={false}>
                <Table.Tbody>
                  {changes.map((change) => (
                    <Table.Tr key={change.field}>
                      <Table.Td>{change.field}</Table.Td>
                      <Table.Td c="dimmed">{change.before ?? '—'}</Table.Td>
                      <Table.Td>→ {change.after ?? '—'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}

/** A "History" button for a row, opening who changed what and when in a drawer. */
export function HistoryButton({ id, what }: { id: string; what: string }) {
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button size="compact-xs" variant="subtle" color="gray" aria-label={`History of ${what}`} onClick={() => setOpened(true)}>
        History
      </Button>
      <Drawer opened={opened} onClose={() => setOpened(false)} position="right" title={`History of ${what}`} size="md">
        <Stack>{opened && <History id={id} />}</Stack>
      </Drawer>
    </>
  );
}
