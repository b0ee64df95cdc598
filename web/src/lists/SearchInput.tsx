import { CloseButton, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useState } from 'react';
import { searchLength } from './entry-filter';

/**
 * The search box of a list: what is typed shows at once, the list follows a moment after the typing
 * pauses (one request per pause, not per key).
 */
export function SearchInput({ value, onChange, placeholder }: { value: string | null; onChange(search: string | null): void; placeholder: string }) {
  const [text, setText] = useState(value ?? '');
  const settle = useDebouncedCallback((next: string) => onChange(next.trim() || null), 300);
  const change = (next: string) => {
    setText(next);
    settle(next);
  };
  return (
    <TextInput
      type="search"
      label="Search"
      placeholder={placeholder}
      w={240}
      maxLength={searchLength}
      value={text}
      onChange={(event) => change(event.currentTarget.value)}
      rightSection={text ? <CloseButton aria-label="Clear the search" onClick={() => change('')} /> : null}
    />
  );
}
