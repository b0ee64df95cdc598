import type { CombinedError } from '@urql/core';

const sessionEnded = new Set(['UNAUTHENTICATED', 'SESSION_REVOKED', 'SESSION_EXPIRED']);

/**
 * A failed request in words a user can act on, never "[Network] Failed to fetch" or graphql-js's
 * "Variable "$input" got invalid value …". `doing` says what failed: "saved", "loaded".
 */
export function requestErrorMessage(error: CombinedError | undefined, doing: 'saved' | 'loaded'): string {
  if (!error || error.networkError) {
    return doing === 'saved'
      ? 'The server could not be reached, so nothing was saved. Check the connection and try again.'
      : 'The server could not be reached. This loads again by itself once the connection is back.';
  }
  const code = error.graphQLErrors[0]?.extensions?.code;
  if (typeof code === 'string' && sessionEnded.has(code)) return 'Your sign-in has ended. Sign in again to continue.';
  if (code === 'BAD_USER_INPUT') return doing === 'saved' ? 'A value in the form cannot be saved as it is; check the values and try again.' : 'This filter cannot be used; change it and try again.';
  return doing === 'saved' ? 'The server could not save this just now; nothing was changed. Try again in a moment.' : 'The server could not answer just now. Try again in a moment.';
}
