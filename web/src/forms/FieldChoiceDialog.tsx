import { Button, Group, Modal, Radio, Stack, Text } from '@mantine/core';
import { useState } from 'react';

/** A field both people changed: its label and the two values, in words. */
export interface FieldClash {
  key: string;
  label: string;
  mine: string;
  theirs: string;
}

export type FieldChoice = 'mine' | 'theirs';

interface FieldChoiceDialogProps {
  /** Who saved the other version ("Sam Supervisor"), or null when the tab never heard. */
  otherName: string | null;
  clashes: FieldClash[];
  /** Whether either person also changed fields the other did not (those are kept without asking). */
  othersMerged: boolean;
  busy: boolean;
  onSave(choices: Record<string, FieldChoice>): void;
  onKeepTheirs(): void;
}

/**
 * Someone else saved first and changed some of the same fields: one choice per such field, yours or
 * theirs (yours picked to begin with); every other field keeps whichever edit was made to it.
 */
export function FieldChoiceDialog(props: FieldChoiceDialogProps) {
  const [choices, setChoices] = useState<Record<string, FieldChoice>>(() => Object.fromEntries(props.clashes.map((clash) => [clash.key, 'mine'])));
  const other = props.otherName ?? 'Someone else';
  const theirs = props.otherName ? `${props.otherName}'s` : 'Theirs';
  return (
    <Modal opened onClose={props.onKeepTheirs} title="Someone else changed this entry" size="lg" zIndex={300}>
      <Stack>
        <Text size="sm">
          {other} saved a newer version while you were editing, and changed {props.clashes.length === 1 ? 'a field' : 'fields'} you changed too. Choose
          which value to keep for each.{props.othersMerged ? ' Other changes, yours and theirs, are kept.' : ''}
        </Text>
        {props.clashes.map((clash) => (
          <Radio.Group
            key={clash.key}
            label={clash.label}
            value={choices[clash.key]}
            onChange={(value) => setChoices((current) => ({ ...current, [clash.key]: value as FieldChoice }))}
          >
            <Stack gap={6} mt={6}>
              <Radio value="mine" label={`Yours: ${clash.mine}`} />
              <Radio value="theirs" label={`${theirs}: ${clash.theirs}`} />
            </Stack>
          </Radio.Group>
        ))}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onKeepTheirs}>
            Keep theirs, drop mine
          </Button>
          <Button loading={props.busy} onClick={() => props.onSave(choices)}>
            Save these values
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
