import { useCallback, useEffect, useState } from 'react';
import { Provider } from 'urql';
import type { Session } from '../auth/session';
import { createPortalClient, type PortalClient } from '../graphql/client';
import { PortalContext } from './portal-context';
import { StartGate } from './StartGate';

/**
 * Owns the tab's client for one session. A resync (the server no longer keeps the changes since our
 * cursor) replaces the client, and with it the whole cache: everything is fetched afresh.
 */
export function SignedInApp({ session, onSignedOut }: { session: Session; onSignedOut(): void }) {
  const [generation, setGeneration] = useState(0);
  const [portal, setPortal] = useState<PortalClient | null>(null);
  const resync = useCallback(() => setGeneration((count) => count + 1), []);

  useEffect(() => {
    const created = createPortalClient({ token: session.token, viewerId: session.employee.id, onSessionEnded: onSignedOut });
    setPortal(created);
    return () => created.dispose();
  }, [session.token, session.employee.id, generation, onSignedOut]);

  if (!portal) return null;
  return (
    <PortalContext.Provider value={portal}>
      <Provider value={portal.client}>
        <StartGate key={generation} onSignedOut={onSignedOut} onResync={resync} />
      </Provider>
    </PortalContext.Provider>
  );
}
