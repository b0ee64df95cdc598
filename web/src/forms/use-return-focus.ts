import { useEffect } from 'react';

/**
 * Puts focus back on whatever had it when the component mounted (the button that opened a dialog) once
 * it unmounts: our dialogs are removed, not hidden, so Mantine's own focus return never runs.
 */
export function useReturnFocus(): void {
  useEffect(() => {
    const opener = document.activeElement;
    return () => {
      // After the dialog's own focus trap let go.
      requestAnimationFrame(() => {
        if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
      });
    };
  }, []);
}
