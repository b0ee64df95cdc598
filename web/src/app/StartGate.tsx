import { Button, Center, Loader, Stack, Text } from '@mantine/core';
import type { CombinedError } from '@urql/core';
import { useCallback, useEffect, useRef } from 'react';
import { useQuery } from 'urql';
import { rememberViewer } from '../auth/session';
import { graphql } from '../graphql/graphql';
import { requiresServer } from '../graphql/offline-queries';
import { LiveSync } from '../live/LiveSync';
import { OfflineStart } from './OfflineStart';
import { usePortal } from './portal-context';
import { PortalShell } from './PortalShell';
import { ViewerContext, type Viewer } from './viewer-context';
import { requestErrorMessage } from '../graphql/request-error';

/**
 * Who is signed in, and the cursor of now. The cursor is read before any list is fetched, so the
 * subscription that starts from it misses no change made while the lists load.
 */
const StartGate_Start = graphql(`
  query StartGate_Start {
    me {
      id
      name
      role
    }
    syncCursor
  }
`);

/** Codes of a request whose token signs no one in (HTTP 401): the portal goes back to the sign-in page. */
const signedOutCodes = new Set(['UNAUTHENTICATED', 'INVALID_TOKEN', 'SESSION_EXPIRED', 'SESSION_REVOKED', 'ACCOUNT_DEACTIVATED']);

function signedOut(error: CombinedError | undefined): boolean {
  return error?.graphQLErrors.some((graphQLError) => signedOutCodes.has(String(graphQLError.extensions.code))) ?? false;
}

/** The server could not be reached at all (no HTTP answer): the browser is offline or the server down. */
function unreachable(error: CombinedError | undefined): boolean {
  return error?.networkError !== undefined && error.response === undefined;
}

/**
 * Starts the signed-in portal once the server confirmed the session. When the server cannot be reached,
 * the portal starts anyway with the employee this browser last saw signed in (`lastViewer`) and the
 * data its offline cache kept, and asks again until it answers; a session the server then refuses
 * signs out as at any start.
 */
export function StartGate({ lastViewer, onSignedOut, onResync }: { lastViewer: Viewer; onSignedOut(): void; onResync(): void }) {
  const [{ data, error, fetching }, reexecute] = useQuery({ query: StartGate_Start, requestPolicy: 'network-only', context: requiresServer });
  const sessionGone = signedOut(error) || (data !== undefined && data.me === null);
  const me = data?.me;
  const startedOffline = !me && unreachable(error);
  const retry = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  const portal = usePortal();
  const startedOfflineOnce = useRef(false);

  useEffect(() => {
    if (sessionGone) onSignedOut();
  }, [sessionGone, onSignedOut]);
  useEffect(() => {
    if (me) rememberViewer(me);
  }, [me]);
  useEffect(() => {
    if (startedOffline) startedOfflineOnce.current = true;
  }, [startedOffline]);
  useEffect(() => {
    // The lists shown since an offline start may have been fetched before this cursor was read: a change
    // made between the two would be in neither them nor the subscription, which starts from the cursor.
    if (me && startedOfflineOnce.current) {
      startedOfflineOnce.current = false;
      portal.refreshLists();
    }
  }, [me, portal]);

  if (me || startedOffline) {
    return (
      <ViewerContext.Provider value={me ?? lastViewer}>
        {data?.me ? <LiveSync after={data.syncCursor} onResync={onResync} /> : <OfflineStart failure={error} onRetry={retry} />}
        <PortalShell onSignedOut={onSignedOut} />
      </ViewerContext.Provider>
    );
  }
  return (
    <Center mih="100vh">
      {error && !sessionGone ? (
        <Stack align="center">
          <Text role="alert">{requestErrorMessage(error, 'loaded')}</Text>
          <Button loading={fetching} onClick={retry}>
            Try again
          </Button>
        </Stack>
      ) : (
        <Loader role="status" aria-label="Loading" />
      )}
    </Center>
  );
}
