import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState, type ReactNode } from 'react';
import { ConflictDialog, type ComparedField } from './ConflictDialog';
import type { WriteOutcome } from './write-outcome';

interface EntityFormModalProps<Values extends Record<string, unknown>, Node extends { version: number }> {
  title: string;
  onClose(): void;
  form: UseFormReturnType<Values>;
  /** The version being edited, or null when creating. */
  version: number | null;
  /** Creates (version null) or updates the entity at `version`. */
  save(values: Values, version: number | null): Promise<WriteOutcome<Node>>;
  /** The form field showing a server input field's message, where their names differ (amountCents → amount). */
  formFieldOf?(inputField: string): string;
  compare(mine: Values, theirs: Node): ComparedField[];
  children: ReactNode;
}

/**
 * A create/edit form in a modal: the server's field messages appear under their fields, other
 * failures above the buttons, and a version conflict opens the side-by-side conflict dialog.
 */
export function EntityFormModal<Values extends Record<string, unknown>, Node extends { version: number }>(props: EntityFormModalProps<Values, Node>) {
  const { form } = props;
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [conflict, setConflict] = useState<{ message: string; mine: Values; theirs: Node } | null>(null);

  const send = async (values: Values, version: number | null) => {
    setSaving(true);
    setFailure(null);
    const outcome = await props.save(values, version);
    setSaving(false);
    switch (outcome.kind) {
      case 'saved':
        setConflict(null);
        notifications.show({ message: `${props.title}: saved`, color: 'teal', autoClose: 2_500 });
        return props.onClose();
      case 'invalid': {
        setConflict(null);
        const known = new Set(Object.keys(form.values));
        const errors: Record<string, string> = {};
        const others: string[] = [];
        for (const { field, message } of outcome.fields) {
          const formField = props.formFieldOf?.(field) ?? field;
          if (known.has(formField)) errors[formField] = message;
          else others.push(`${field} ${message}`);
        }
        form.setErrors(errors);
        setFailure(others.length > 0 ? `${outcome.message}: ${others.join('; ')}` : null);
        return;
      }
      case 'conflict':
        return setConflict({ message: outcome.message, mine: values, theirs: outcome.current });
      case 'failed':
        setConflict(null);
        return setFailure(outcome.message);
    }
  };

  return (
    <>
      <Modal opened onClose={props.onClose} title={props.title} size="lg">
        <form onSubmit={form.onSubmit((values) => send(values, props.version))}>
          <Stack>
            {props.children}
            {failure && (
              <Alert color="red" role="alert">
                {failure}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={props.onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={saving}>
                Save
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      {conflict && (
        <ConflictDialog
          opened
          message={conflict.message}
          fields={props.compare(conflict.mine, conflict.theirs)}
          mineLabel="Save mine"
          theirsLabel="Keep theirs"
          busy={saving}
          onTakeMine={() => send(conflict.mine, conflict.theirs.version)}
          onKeepTheirs={() => {
            setConflict(null);
            props.onClose();
          }}
        />
      )}
    </>
  );
}
