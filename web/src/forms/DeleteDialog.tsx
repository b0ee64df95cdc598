import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useReturnFocus } from './use-return-focus';
import { ConflictDialog, type ComparedField } from './ConflictDialog';
import type { WriteOutcome } from './write-outcome';

interface DeleteDialogProps<Node extends { version: number }> {
  /** "Delete receipt". */
  title: string;
  /** What is deleted, in words: "$42.10 at Staples on Mar 31, 2026". */
  summary: string;
  version: number;
  remove(version: number): Promise<WriteOutcome<Node>>;
  /** The entry as the user saw it against the entry as it is now. */
  compare(theirs: Node): ComparedField[];
  /** A gentler action offered beside Delete (an employee with history is deactivated, not deleted). */
  alternative?: { label: string; explanation: string; done: string; run(): Promise<WriteOutcome<Node>> };
  onClose(): void;
}

/** Confirms a delete; when someone changed the entry meanwhile, shows what changed before deleting anyway. */
export function DeleteDialog<Node extends { version: number }>(props: DeleteDialogProps<Node>) {
  useReturnFocus();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [conflict, setConflict] = useState<{ message: string; theirs: Node } | null>(null);

  const run = async (action: () => Promise<WriteOutcome<Node>>, done: string) => {
    setBusy(true);
    setFailure(null);
    const outcome = await action();
    setBusy(false);
    if (outcome.kind === 'saved') {
      notifications.show({ message: done, color: 'teal', autoClose: 2_500 });
      props.onClose();
    }
    if (outcome.kind === 'queued') {
      notifications.show({ message: `${done} on this device; it is sent when the connection is back`, color: 'blue', autoClose: 4_000 });
      props.onClose();
    }
    return outcome;
  };

  const remove = async (version: number) => {
    const outcome = await run(() => props.remove(version), `${props.summary}: deleted`);
    if (outcome.kind === 'saved' || outcome.kind === 'queued') return;
    if (outcome.kind === 'conflict') return setConflict({ message: outcome.message, theirs: outcome.current });
    setConflict(null);
    setFailure(outcome.message);
  };

  return (
    <>
      <Modal opened onClose={props.onClose} title={props.title}>
        <Stack>
          <Text>Delete {props.summary}? This cannot be undone.</Text>
          {props.alternative && <Text size="sm">{props.alternative.explanation}</Text>}
          {failure && (
            <Alert color="red" role="alert">
              {failure}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            {props.alternative && (
              <Button variant="light" loading={busy} onClick={() => run(props.alternative!.run, props.alternative!.done)}>
                {props.alternative.label}
              </Button>
            )}
            <Button color="red" loading={busy} onClick={() => remove(props.version)}>
              Delete
            </Button>
          </Group>
        </Stack>
      </Modal>
      {conflict && (
        <ConflictDialog
          opened
          message={conflict.message}
          fields={props.compare(conflict.theirs)}
          mineLabel="Delete anyway"
          theirsLabel="Keep it"
          busy={busy}
          onTakeMine={() => remove(conflict.theirs.version)}
          onKeepTheirs={() => {
            setConflict(null);
            props.onClose();
          }}
        />
      )}
    </>
  );
}
