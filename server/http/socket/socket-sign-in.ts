import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { CloseCode } from 'graphql-ws';
import { tokenFailureCloseReason } from '../../auth/authentication-errors';
import type { SessionAuthority } from '../../auth/session-authority';
import { bearerToken } from '../../auth/sessions';
import { ConcurrencyLimiter } from '../../db/concurrency-limiter';
import { SocketSession } from './socket-session';

/**
 * What graphql-ws's `ws` adapter hands our hooks about a socket, with the session once signed in. The
 * upgrade request is let go at sign-in (what later operations need of it is on the session): kept, its
 * headers and streams cost about a kilobyte per idle socket.
 */
export type SocketExtra = {
  readonly socket: WebSocket;
  request?: IncomingMessage;
  session?: SocketSession;
};

/**
 * Signs a socket in once, at connection_init, with `connectionParams.authorization`, and has the session
 * authority close it with 4403 when its session ends (sign-out, expiry, deactivation, role change). The
 * close reason starts with the error code that says why (e.g. `SESSION_EXPIRED: …`).
 * Sign-ins share the database pool with HTTP requests: a reconnect storm must not queue ahead of them.
 */
export function socketSignIn(authority: SessionAuthority, onSlow: (socket: WebSocket) => void) {
  const signIns = new ConcurrencyLimiter(4);
  return async (connectionParams: Readonly<Record<string, unknown>> | undefined, extra: SocketExtra): Promise<{ session: SocketSession | null }> => {
    // GraphiQL sends its Headers tab as connection params, so "Authorization" may be capitalized.
    const params = connectionParams ?? {};
    const token = bearerToken(params.authorization ?? params.Authorization);
    const check = token ? await signIns.run(() => authority.authenticate(token)) : null;
    const { socket, request } = extra;
    // The client may have gone while its token was being checked.
    if (socket.readyState !== socket.OPEN || !request) return { session: null };
    const viewer = check?.viewer;
    if (!viewer) {
      // graphql-ws closes with 4403 when sign-in fails; closing first says why.
      socket.close(CloseCode.Forbidden, tokenFailureCloseReason(check?.failure ?? null));
      return { session: null };
    }
    const stopWatching = authority.watch(viewer, (end) => socket.close(CloseCode.Forbidden, `${end.code}: ${end.message}`));
    const requestId = request.headers['x-request-id']?.toString().slice(0, 100);
    const session = new SocketSession(viewer, socket, request.socket, request.socket.remoteAddress ?? 'unknown', requestId, stopWatching, () => onSlow(socket));
    return { session };
  };
}
