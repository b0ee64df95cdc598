import { Alert, Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import dayjs from 'dayjs';
import type { ResultOf } from 'gql.tada';
import { useState } from 'react';
import { useMutation } from 'urql';
import { ReasonField } from '../review/ReasonField';
import { CorrectShift_Mutation } from './correct-shift-mutation';
import type { ShiftFields } from './shift-fields';

type Shift = ResultOf<typeof ShiftFields>;

/** A `datetime-local` value (the browser's zone) for an ISO instant, and back. */
const localValue = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DDTHH:mm') : '');
const instant = (value: string) => (value ? new Date(value).toISOString() : null);

/**
 * Corrects a shift's clock-in and clock-out times (closing a forgotten one), with a reason the
 * employee sees in the history. Nothing is changed until the server accepts it; its field messages
 * show under the fields.
 */
export function CorrectShiftDialog({ shift, onClose }: { shift: Shift; onClose(): void }) {
  const [startedAt, setStartedAt] = useState(localValue(shift.startedAt));
  const [endedAt, setEndedAt] = useState(localValue(shift.endedAt));
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<{ fields: Record<string, string>; message: string | null }>({ fields: {}, message: null });
  const [{ fetching }, correct] = useMutation(CorrectShift_Mutation);

  const save = async () => {
    if (reason.trim().length === 0) return setProblem({ fields: { reason: 'Say why' }, message: null });
    const input = { startedAt: instant(startedAt), ...(endedAt ? { endedAt: instant(endedAt) } : {}) };
    const { data, error } = await correct({ id: shift.id, version: shift.version, input, reason: reason.trim() });
    const result = data?.correctShift;
    if (result?.__typename === 'Shift') return onClose();
    if (result?.__typename === 'ValidationError') {
      return setProblem({ fields: Object.fromEntries(result.fields.map((field) => [field.field, field.message])), message: null });
    }
    setProblem({ fields: {}, message: result && 'message' in result ? result.message : (error?.message ?? 'The correction was not saved') });
  };

  return (
    <Modal opened onClose={onClose} title={`Correct ${shift.employee.name}'s shift`}>
      <Stack>
        <TextInput type="datetime-local" label="Clocked in" value={startedAt} error={problem.fields.startedAt} onChange={(event) => setStartedAt(event.currentTarget.value)} />
        <TextInput
          type="datetime-local"
          label="Clocked out"
          description={shift.endedAt ? undefined : 'Set it to close a shift someone forgot to clock out of'}
          value={endedAt}
          error={problem.fields.endedAt ?? problem.fields.breaks}
          onChange={(event) => setEndedAt(event.currentTarget.value)}
        />
        <ReasonField value={reason} error={problem.fields.reason} onChange={setReason} />
        {problem.message && (
          <Alert color="red" role="alert">
            {problem.message}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button loading={fetching} onClick={save}>
            Save correction
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
