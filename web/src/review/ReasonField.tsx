import { Textarea } from '@mantine/core';

/** The reason of a rejection, a reopening or a correction: shown to the employee and kept in the history. */
export function ReasonField({ value, error, autoFocus, onChange }: { value: string; error: string | null | undefined; autoFocus?: boolean; onChange(value: string): void }) {
  return (
    <Textarea
      label="Reason"
      description="The employee sees it; it is kept in the history"
      autosize
      minRows={2}
      maxLength={500}
      data-autofocus={autoFocus || undefined}
      value={value}
      error={error}
      onChange={(event) => onChange(event.currentTarget.value)}
    />
  );
}
