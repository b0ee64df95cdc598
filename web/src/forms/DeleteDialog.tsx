import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
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
  onClose(): void;
}

/** Confirms a delete; when someone changed the entry meanwhile, shows what changed before deleting anyway. */
export function DeleteDialog<Node extends { version: number }>(props: DeleteDialogProps<Node>) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [conflict, setConflict] = useState<{ message: string; theirs: Node } | null>(null);

  const remove = async (version: number) => {
    setBusy(true);
    setFailure(null);
    const outcome = await props.remove(version);
    setBusy(false);
    if (outcome.kind === 'saved') {
      notifications.show({ message: `${props.title}: done`, color: 'teal', autoClose: 2_500 });
      return props.onClose();
    }
    if (outcome.kind === 'conflict') return setConflict({ message: outcome.message, theirs: outcome.current });
    setConflict(null);
    setFailure(outcome.message);
  };

  return (
    <>
      <Modal opened onClose={props.onClose} title={props.title}>
        <Stack>
          <Text>Delete {props.summary}? This cannot be undone.</Text>
          {failure && (
            <Alert color="red" role="alert">
              {failure}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
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
