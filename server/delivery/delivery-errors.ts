import { GraphQLError } from 'graphql';
import { encodeCursor } from '../changelog/cursor';

/** The cursor is older than the change log keeps: the client refetches, then resumes from that fetch's cursor. */
export function resyncRequiredError(after: number, horizon: number): GraphQLError {
  return new GraphQLError(
    `The cursor is older than the change log keeps (it starts after ${encodeCursor(horizon)}); refetch your data, then resume from the cursor of that fetch`,
    { extensions: { code: 'RESYNC_REQUIRED', after: encodeCursor(after) } },
  );
}

/** The subscriber stopped reading and fell too far behind; it resumes from the last cursor it received. */
export function slowConsumerError(after: number): GraphQLError {
  return new GraphQLError('This subscriber fell too far behind; resubscribe with the last cursor it received', {
    extensions: { code: 'SLOW_CONSUMER', after: encodeCursor(after) },
  });
}
