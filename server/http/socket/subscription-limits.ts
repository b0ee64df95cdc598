import { GraphQLError } from 'graphql';
import type { SocketSession } from './socket-session';

/** Refuses an operation that would take a socket over its limit; null when it may run. */
export function refuseOverLimit(session: SocketSession, maxOperations: number): GraphQLError | null {
  if (session.load < maxOperations) return null;
  return new GraphQLError(`At most ${maxOperations} operations per socket`, { extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } });
}
