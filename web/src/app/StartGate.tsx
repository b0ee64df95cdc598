import { Button, Center, Loader, Stack, Text } from '@mantine/core';
import type { CombinedError } from '@urql/core';
import { useEffect } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../graphql/graphql';
import { LiveSync } from '../live/LiveSync';
import { PortalShell } from './PortalShell';
import { ViewerContext } from './viewer-context';
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

export function StartGate({ onSignedOut, onResync }: { onSignedOut(): void; onResync(): void }) {
  const [{ data, error, fetching }, reexecute] = useQuery({ query: StartGate_Start, requestPolicy: 'network-only' });
  const sessionGone = signedOut(error) || (data !== undefined && data.me === null);

  useEffect(() => {
    if (sessionGone) onSignedOut();
  }, [sessionGone, onSignedOut]);

  if (data?.me) {
    return (
      <ViewerContext.Provider value={data.me}>
        <LiveSync after={data.syncCursor} onResync={onResync} />
        <PortalShell onSignedOut={onSignedOut} />
      </ViewerContext.Provider>
    );
  }
  return (
    <Center mih="100vh">
      {error && !sessionGone ? (
        <Stack align="center">
          <Text role="alert">{requestErrorMessage(error, 'loaded')}</Text>
          <Button loading={fetching} onClick={() => reexecute({ requestPolicy: 'network-only' })}>
            Try again
          </Button>
        </Stack>
      ) : (
        <Loader role="status" aria-label="Loading" />
      )}
    </Center>
  );
}
