import { MantineProvider } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { useCallback, useState } from 'react';
import { clearSession, readSession, saveSession, type Session } from '../auth/session';
import { SignInPage } from '../auth/SignInPage';
import { SignedInApp } from './SignedInApp';
import { styleNonce } from './style-nonce';
import { theme } from './theme';
import { Toasts } from './Toasts';

export function App() {
  const [session, setSession] = useState<Session | null>(readSession);

  const signIn = useCallback((next: Session) => {
    saveSession(next);
    setSession(next);
  }, []);
  const signOut = useCallback(() => {
    clearSession();
    setSession(null);
  }, []);

  return (
    <MantineProvider theme={theme} getStyleNonce={styleNonce}>
      <DatesProvider settings={{ firstDayOfWeek: 1 }}>
        <Toasts />
        {session ? <SignedInApp key={session.token} session={session} onSignedOut={signOut} /> : <SignInPage onSignedIn={signIn} />}
      </DatesProvider>
    </MantineProvider>
  );
}
