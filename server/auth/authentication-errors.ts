import { GraphQLError } from 'graphql';
import type { TokenFailure } from './sessions';

const tokenFailureMessages: Record<TokenFailure, string> = {
  INVALID_TOKEN: 'This token was not issued by this server; sign in again',
  SESSION_EXPIRED: 'Your session expired; sign in again',
  SESSION_REVOKED: 'This session was signed out; sign in again',
  ACCOUNT_DEACTIVATED: 'This account is deactivated; ask an admin',
};

/** A request that sent a token which signs no one in: HTTP 401, and a code saying why. */
export function tokenFailureError(failure: TokenFailure): GraphQLError {
  return new GraphQLError(tokenFailureMessages[failure], { extensions: { code: failure, http: { status: 401 } } });
}

/** A request that needs a signed-in viewer and sent no token: HTTP 401. */
export function notSignedInError(): GraphQLError {
  return new GraphQLError('Sign in first: send Authorization: Bearer <token> from the login mutation', {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
  });
}

/** Why a refused token closes a socket: `<code>: <message>`, within a close reason's 123 bytes. */
export function tokenFailureCloseReason(failure: TokenFailure | null): string {
  return failure ? `${failure}: ${tokenFailureMessages[failure]}` : 'UNAUTHENTICATED: send connectionParams.authorization';
}
