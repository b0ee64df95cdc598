import { Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { useState } from 'react';

/** Asks why (a rejection, a reopening) before the step is sent; the reason is shown to the employee and kept in the history. */
export function ReasonDialog({ title, busy, onConfirm, onClose }: { title: string; busy: boolean; onConfirm(reason: string): void; onClose(): void }) {
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const empty = reason.trim().length === 0;
  return (
    <Modal opened onClose={onClose} title={title}>
      <Stack>
        <Textarea
          label="Reason"
          description="The employee sees it; it is kept in the history"
          autosize
          minRows={2}
          maxLength={500}
          data-autofocus
          value={reason}
          error={touched && empty ? 'Say why' : null}
          onChange={(event) => setReason(event.currentTarget.value)}
        />
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
