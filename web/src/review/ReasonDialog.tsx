import { Button, Group, Modal, Stack } from '@mantine/core';
import { useState } from 'react';
import { ReasonField } from './ReasonField';

/** Asks why (a rejection, a reopening) before the step is sent; the reason is shown to the employee and kept in the history. */
export function ReasonDialog({ title, busy, onConfirm, onClose }: { title: string; busy: boolean; onConfirm(reason: string): void; onClose(): void }) {
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const empty = reason.trim().length === 0;
  return (
    <Modal opened onClose={onClose} title={title}>
      <Stack>
        <ReasonField autoFocus value={reason} error={touched && empty ? 'Say why' : null} onChange={setReason} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            color="red"
            loading={busy}
            onClick={() => {
              setTouched(true);
              if (!empty) onConfirm(reason.trim());
            }}
          >
            {title}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
