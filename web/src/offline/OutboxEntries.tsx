import { Alert, Button, Group, List, Stack, Text } from '@mantine/core';
import { useState, useSyncExternalStore } from 'react';
import type { Entity, OutgoingWrite, Write } from '../../../client/writes';
import { usePortal } from '../app/portal-context';
import { ConflictDialog } from '../forms/ConflictDialog';
import { fieldLabel } from '../forms/field-label';
import type { UnsentWrite } from './portal-outbox';
import { comparedFields, describeWrite } from './write-description';

/**
 * The page's writes that have not reached the server: those waiting in the outbox, and those the server
 * refused when they were sent, each with its message and what the user can do about it (compare with the
 * server's version and choose, confirm a warning, or dismiss).
 */
export function OutboxEntries({ typename, noun }: { typename: Write['typename']; noun: string }) {
  const { outbox } = usePortal();
  const state = useSyncExternalStore(outbox.subscribe, outbox.get);
  const [comparing, setComparing] = useState<UnsentWrite | null>(null);
  const waiting = state.waiting.filter((queued) => queued.write.typename === typename);
  const unsent = state.unsent.filter((item) => item.queued.write.typename === typename);
  if (waiting.length === 0 && unsent.length === 0) return null;

  /** Queues the write again, with its photo when it had one (kept since it was refused). */
  const sendAgain = async (item: UnsentWrite, write: Write) => {
    const photo = await outbox.fileOf(item.queued.localId);
    const { photo: _stored, ...rest } = write as Write & { photo?: unknown };
    outbox.dismiss(item.queued.localId);
    await outbox.queue((photo ? { ...rest, photo } : rest) as OutgoingWrite);
  };

  return (
    <Stack gap="xs">
      {waiting.length > 0 && (
        <Alert color="blue" title={`Waiting to be sent (${waiting.length})`} data-testid="waiting-writes">
          <Text size="sm" mb={4}>
            {state.sending ? 'Sending now…' : `These ${noun} changes are kept on this device and sent as soon as the server can be reached.`}
          </Text>
          <List size="sm">
            {waiting.map((queued) => (
              <List.Item key={queued.localId}>{describeWrite(queued.write)}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      {unsent.map((item) => {
        const { write } = item.queued;
        const { outcome } = item;
        // A rejection's message per field, or the warnings to confirm.
        const fieldNotes = outcome.status === 'rejected' ? outcome.fields : outcome.status === 'needsConfirmation' ? outcome.warnings : [];
        return (
          <Alert key={item.queued.localId} color="red" title={`Not saved: ${describeWrite(write)}`} data-testid="unsent-write" role="alert">
            <Text size="sm">{outcome.message}</Text>
            {fieldNotes.length > 0 && (
              <List size="sm">
                {fieldNotes.map((note) => (
                  <List.Item key={`${note.field} ${note.message}`}>
                    {fieldLabel(note.field)} {note.message}
                  </List.Item>
                ))}
              </List>
            )}
            <Group gap="xs" mt="xs">
              {outcome.status === 'conflict' && outcome.current && (
                <Button size="compact-sm" onClick={() => setComparing(item)}>
                  Compare versions
                </Button>
              )}
              {outcome.status === 'needsConfirmation' && (write.action === 'create' || write.action === 'update') && (
                <Button size="compact-sm" onClick={() => void sendAgain(item, { ...write, confirmWarnings: outcome.warnings.map((warning) => warning.code) })}>
                  Save anyway
                </Button>
              )}
              <Button size="compact-sm" variant="default" onClick={() => outbox.dismiss(item.queued.localId)}>
                Dismiss
              </Button>
            </Group>
          </Alert>
        );
      })}
      {comparing?.outcome.status === 'conflict' && comparing.outcome.current && (
        <ReplayConflict
          item={comparing}
          current={comparing.outcome.current}
          message={comparing.outcome.message}
          onTakeMine={(write) => {
            setComparing(null);
            void sendAgain(comparing, write);
          }}
          onKeepTheirs={() => {
            setComparing(null);
            outbox.dismiss(comparing.queued.localId);
          }}
        />
      )}
    </Stack>
  );
}

/** The conflict dialog for a write made offline: the user's values beside the server's, and the choice. */
function ReplayConflict(props: {
  item: UnsentWrite;
  current: Entity;
  message: string;
  onTakeMine(write: Write): void;
  onKeepTheirs(): void;
}) {
  const { write } = props.item.queued;
  const version = typeof props.current.version === 'number' ? props.current.version : 0;
  if (write.action === 'update') {
    return (
      <ConflictDialog
        opened
        message={props.message}
        fields={comparedFields(write, props.current)}
        mineLabel="Save mine"
        theirsLabel="Keep theirs"
        busy={false}
        onTakeMine={() => props.onTakeMine({ ...write, version })}
        onKeepTheirs={props.onKeepTheirs}
      />
    );
  }
  return (
    <ConflictDialog
      opened
      message={props.message}
      fields={[]}
      mineLabel="Delete anyway"
      theirsLabel="Keep it"
      busy={false}
      onTakeMine={() => props.onTakeMine(write.action === 'delete' ? { ...write, version } : write)}
      onKeepTheirs={props.onKeepTheirs}
    />
  );
}
