import { useMediaQuery } from '@mantine/hooks';

/**
 * Whether the screen is a phone's (at most 36em wide, as portal.css's card layout). Read on the first
 * render, not after it, so a wide table never shows for a moment before becoming cards.
 */
export function usePhone(): boolean {
  return useMediaQuery('(max-width: 36em)', undefined, { getInitialValueInEffect: false });
}
