import { TextInput, type TextInputProps } from '@mantine/core';

/**
 * A date typed or picked in the browser's own date field: it holds only real calendar days (no
 * 2026-02-30 turning into March 2) and reads as the user's locale, with the picker the device knows.
 */
export function DateField(props: Omit<TextInputProps, 'type'> & { value?: string | null }) {
  return <TextInput {...props} type="date" value={props.value ?? ''} />;
}
