import { Alert, Button, Group, List, Modal, Stack, Text } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState, type ReactNode } from 'react';
import { fieldLabel } from './field-label';
import { useReturnFocus } from './use-return-focus';
import type { ComparedField } from './ConflictDialog';
import { FieldChoiceDialog, type FieldChoice, type FieldClash } from './FieldChoiceDialog';
import { lastChangedBy, useRemoteChangeSince } from '../live/remote-changes';
import type { SaveRequest } from './use-entity-save';
import type { FieldWarning, WarningCode, WriteOutcome } from './write-outcome';

interface EntityFormModalProps<Values extends Record<string, unknown>, Node extends { version: number }> {
  title: string;
  onClose(): void;
  form: UseFormReturnType<Values>;
  /** The version being edited, or null when creating. */
  version: number | null;
  /** The entity being edited (null when creating), to say when someone else changes or deletes it meanwhile. */
  entityId: string | null;
  /** Creates (version null) or updates the entity at `version` with the fields changed from `base`. */
  save(request: SaveRequest<Values>): Promise<WriteOutcome<Node>>;
  /** The form field showing a server input field's message, where their names differ (amountCents → amount). */
  formFieldOf?(inputField: string): string;
  /** The entity as form values, to merge someone else's edits with this user's. */
  valuesOf(node: Node): Values;
  compare(mine: Values, theirs: Node): ComparedField[];
  children: ReactNode;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);


/**
 * A create/edit form in a modal: the server's field messages appear under their fields, warnings wait
 * for "Save anyway", other failures show above the buttons. Only the fields this user changed are sent;
 * when someone else saved first, edits to different fields are merged without asking, and the conflict
 * dialog asks, field by field, only about the fields both changed. Closing with unsaved edits asks first.
 */
export function EntityFormModal<Values extends Record<string, unknown>, Node extends { version: number }>(props: EntityFormModalProps<Values, Node>) {
  const { form } = props;
  useReturnFocus();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [warnings, setWarnings] = useState<readonly FieldWarning[] | null>(null);
  const [base, setBase] = useState<{ values: Values; version: number | null }>(() => ({ values: form.getInitialValues(), version: props.version }));
  const [conflict, setConflict] = useState<{ otherName: string | null; mine: Values; theirs: Node; theirsValues: Values; clashes: FieldClash[]; othersMerged: boolean } | null>(null);
  const [askingToDiscard, setAskingToDiscard] = useState(false);
  const [openedAt] = useState(Date.now);
  const elsewhere = useRemoteChangeSince(props.entityId, openedAt);
  const deletedElsewhere = elsewhere?.action === 'DELETE';

  /** A clashing field in words, as the compared rows it changes (a form field may show as one row or more). */
  const clashOf = (key: string, mine: Values, theirsValues: Values, theirs: Node): FieldClash => {
    const rows = props.compare(mine, theirs);
    const withTheirs = props.compare({ ...mine, [key]: theirsValues[key] }, theirs);
    const touched = rows.filter((row, index) => row.mine !== withTheirs[index]?.mine);
    if (touched.length === 0) return { key, label: fieldLabel(key), mine: String(mine[key]), theirs: String(theirsValues[key]) };
    const join = (texts: string[]) => texts.join(', ');
    return { key, label: join(touched.map((row) => row.label)), mine: join(touched.map((row) => row.mine)), theirs: join(touched.map((row) => row.theirs)) };
  };

  const close = () => (form.isDirty() ? setAskingToDiscard(true) : props.onClose());

  const send = async (values: Values, from: { values: Values; version: number | null }, confirmWarnings: WarningCode[] = []) => {
    if (from.version !== null && Object.keys(values).every((key) => same(values[key], from.values[key]))) {
      notifications.show({ message: 'Nothing to save: no field was changed', color: 'gray', autoClose: 2_500 });
      return props.onClose();
    }
    setSaving(true);
    setFailure(null);
    const outcome = await props.save({ values, version: from.version, base: from.version === null ? null : from.values, confirmWarnings });
    setSaving(false);
    setWarnings(null);
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
          if (known.has(formField)) errors[formField] = `${message.charAt(0).toUpperCase()}${message.slice(1)}`;
          else others.push(`${fieldLabel(field)} ${message}`);
        }
        form.setErrors(errors);
        setFailure(others.length > 0 ? others.join('. ') : null);
        return;
      }
      case 'confirm':
        return setWarnings(outcome.warnings);
      case 'conflict': {
        const theirsValues = props.valuesOf(outcome.current);
        const keys = Object.keys(values);
        const mine = keys.filter((key) => !same(values[key], from.values[key]));
        const theirs = keys.filter((key) => !same(theirsValues[key], from.values[key]));
        const merged = { ...theirsValues, ...Object.fromEntries(mine.map((key) => [key, values[key]])) } as Values;
        const latest = { values: theirsValues, version: outcome.current.version };
        setBase(latest);
        if (!mine.some((key) => theirs.includes(key) && !same(values[key], theirsValues[key]))) {
          form.setValues(merged);
          notifications.show({ message: 'Someone else saved other fields meanwhile; your changes were added to theirs', color: 'blue', autoClose: 4_000 });
          return send(merged, latest, confirmWarnings);
        }
        const clashing = mine.filter((key) => theirs.includes(key) && !same(values[key], theirsValues[key]));
        return setConflict({
          otherName: props.entityId ? lastChangedBy(props.entityId) : null,
          mine: merged,
          theirs: outcome.current,
          theirsValues,
          clashes: clashing.map((key) => clashOf(key, merged, theirsValues, outcome.current)),
          othersMerged: mine.length + theirs.length > 2 * clashing.length,
        });
      }
      case 'failed':
        setConflict(null);
        return setFailure(outcome.message);
      case 'queued':
        notifications.show({ message: `${props.title}: kept on this device; it is sent when the connection is back`, color: 'blue', autoClose: 4_000 });
        return props.onClose();
    }
  };

  return (
    <>
      <Modal opened onClose={close} title={props.title} size="lg">
        <form noValidate onSubmit={form.onSubmit((values) => send(values, base))}>
          <Stack>
            {elsewhere && (
              <Alert color={deletedElsewhere ? 'red' : 'blue'} role="status" data-testid="changed-elsewhere">
                {deletedElsewhere
                  ? `${elsewhere.actorName ?? 'Someone'} deleted this while you were editing; it can no longer be saved.`
                  : `${elsewhere.actorName ?? 'Someone'} changed this while you were editing${
                      elsewhere.changedFields?.length ? ` (${elsewhere.changedFields.map((field) => fieldLabel(props.formFieldOf?.(field) ?? field).toLowerCase()).join(', ')})` : ''
                    }. Saving keeps their changes to fields you did not touch.`}
              </Alert>
            )}
            {props.children}
            {warnings && (
              <Alert color="yellow" role="alert" title="Please check before saving">
                <List size="sm">
                  {warnings.map((warning) => (
                    <List.Item key={warning.code}>
                      {fieldLabel(props.formFieldOf?.(warning.field) ?? warning.field)} {warning.message}.
                    </List.Item>
                  ))}
                </List>
              </Alert>
            )}
            {failure && (
              <Alert color="red" role="alert">
                {failure}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={props.onClose}>
                Cancel
              </Button>
              {warnings ? (
                <Button loading={saving} onClick={() => send(form.getValues(), base, warnings.map((warning) => warning.code))}>
                  Save anyway
                </Button>
              ) : (
                <Button type="submit" loading={saving} disabled={deletedElsewhere}>
                  Save
                </Button>
              )}
            </Group>
          </Stack>
        </form>
      </Modal>
      <Modal opened={askingToDiscard} onClose={() => setAskingToDiscard(false)} title="Discard your changes?" zIndex={300} size="sm">
        <Stack>
          <Text size="sm">What you changed in this form has not been saved.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setAskingToDiscard(false)}>
              Keep editing
            </Button>
            <Button color="red" onClick={props.onClose}>
              Discard
            </Button>
          </Group>
        </Stack>
      </Modal>
      {conflict && (
        <FieldChoiceDialog
          key={conflict.theirs.version}
          otherName={conflict.otherName}
          clashes={conflict.clashes}
          othersMerged={conflict.othersMerged}
          busy={saving}
          onSave={(choices: Record<string, FieldChoice>) => {
            const theirsKept = Object.keys(choices).filter((key) => choices[key] === 'theirs');
            const chosen = { ...conflict.mine, ...Object.fromEntries(theirsKept.map((key) => [key, conflict.theirsValues[key]])) } as Values;
            form.setValues(chosen);
            void send(chosen, { values: conflict.theirsValues, version: conflict.theirs.version });
          }}
          onKeepTheirs={() => {
            setConflict(null);
            props.onClose();
          }}
        />
      )}
    </>
  );
}
