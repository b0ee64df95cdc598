import { useCallback, useEffect, useRef, useState } from 'react';
import { Provider } from 'urql';
import type { Session } from '../auth/session';
import { createPortalClient, type PortalClient } from '../graphql/client';
import { PortalContext } from './portal-context';
import { StartGate } from './StartGate';

/**
 * Owns the tab's client for one session. A resync (the server no longer keeps the changes since our
 * cursor) replaces the client, and with it the whole cache: everything is fetched afresh. Signing out,
 * for whatever reason (the button, or a session the server ended), empties the employee's offline
 * cache first: on a shared computer, the next person finds none of their data.
 */
export function SignedInApp({ session, onSignedOut }: { session: Session; onSignedOut(): void }) {
  const [generation, setGeneration] = useState(0);
  const [portal, setPortal] = useState<PortalClient | null>(null);
  const current = useRef<PortalClient | null>(null);
  const resync = useCallback(() => setGeneration((count) => count + 1), []);
  const signOut = useCallback(() => {
    void current.current?.forgetCachedData();
    onSignedOut();
  }, [onSignedOut]);

  useEffect(() => {
    const created = createPortalClient({ token: session.token, viewerId: session.employee.id, onSessionEnded: signOut });
    current.current = created;
    setPortal(created);
    return () => created.dispose();
  }, [session.token, session.employee.id, generation, signOut]);

  if (!portal) return null;
  return (
    <PortalContext.Provider value={portal}>
      <Provider value={portal.client}>
        <StartGate key={generation} lastViewer={session.employee} onSignedOut={signOut} onResync={resync} />
      </Provider>
    </PortalContext.Provider>
  );
}
