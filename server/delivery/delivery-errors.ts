import { GraphQLError } from 'graphql';
import type { ResyncReason } from '../changelog/cursor';

const resyncMessages: Record<ResyncReason, string> = {
  PRUNED: 'The cursor is older than the change log keeps',
  OTHER_DATABASE: 'The cursor comes from another database',
  AHEAD_OF_LOG: 'The cursor is ahead of the change log (the database was restored or reset)',
  RESTORED: 'The change log holds other changes at this cursor (the database was restored from a backup)',
};

/** The cursor cannot be resumed from: the client refetches, then resumes from that fetch's cursor. */
export function resyncRequiredError(after: string, reason: ResyncReason): GraphQLError {
  return new GraphQLError(`${resyncMessages[reason]}; refetch your data, then resume from syncCursor`, {
    extensions: { code: 'RESYNC_REQUIRED', reason, after },
  });
}

/** The subscriber stopped reading and fell too far behind; it resumes from the last cursor it received. */
export function slowConsumerError(after: string): GraphQLError {
  return new GraphQLError('This subscriber fell too far behind; resubscribe with the last cursor it received', {
    extensions: { code: 'SLOW_CONSUMER', after },
  });
}
