import { MantineProvider } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { useCallback, useEffect, useState } from 'react';
import { clearSession, readSession, saveSession, type Session } from '../auth/session';
import { SignInPage } from '../auth/SignInPage';
import { forgetOtherEmployees } from '../graphql/offline-cache';
import { SignedInApp } from './SignedInApp';
import { styleNonce } from './style-nonce';
import { theme } from './theme';
import { Toasts } from './Toasts';

export function App() {
  const [session, setSession] = useState<Session | null>(readSession);

  // Whoever is not signed in here keeps no data here (a tab that signed out could only empty theirs).
  useEffect(() => {
    void forgetOtherEmployees(readSession()?.employee.id ?? null);
  }, []);

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
