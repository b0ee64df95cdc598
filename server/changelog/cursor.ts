import { GraphQLError } from 'graphql';

const prefix = 'pos:';

/**
 * Cursors are opaque to clients; inside they are a change-log position and the identity of the database
 * whose log it is, so a cursor from another database (or a restored copy) is recognised.
 */
export function encodeCursor(position: number, databaseId?: string): string {
  return Buffer.from(databaseId ? `${prefix}${databaseId}:${position}` : `${prefix}${position}`).toString('base64url');
}

export interface Cursor {
  position: number;
  /** Null for cursors issued before cursors named their database. */
  databaseId: string | null;
}

/** Reads a cursor from a client; a malformed one is a client error (BAD_CURSOR), not a server fault. */
export function readCursor(cursor: string): Cursor {
  const text = cursor.length <= 200 ? Buffer.from(cursor, 'base64url').toString() : '';
  const match = /^pos:(?:([0-9a-f]{32}):)?(\d{1,16})$/.exec(text);
  const position = Number(match?.[2]);
  if (!match || !Number.isSafeInteger(position)) {
    throw new GraphQLError('The cursor is not one this server issued', { extensions: { code: 'BAD_CURSOR' } });
  }
  return { position, databaseId: match[1] ?? null };
}

/** The position of a cursor (see readCursor). */
export function decodeCursor(cursor: string): number {
  return readCursor(cursor).position;
}

/** Why a well-formed cursor cannot be resumed from: the client must refetch, then use the new cursor. */
export type ResyncReason = 'PRUNED' | 'OTHER_DATABASE' | 'AHEAD_OF_LOG';

/**
 * Whether a cursor can be resumed from this log: issued by this database, not older than what retention
 * kept (`horizon`), and not beyond its newest event (`head`: after a restore from backup, the log has not
 * reached positions a client already saw). Null when it can.
 */
export function resyncReason(cursor: Cursor, log: { databaseId: string; horizon: number; head: number }): ResyncReason | null {
  if (cursor.databaseId !== null && cursor.databaseId !== log.databaseId) return 'OTHER_DATABASE';
  if (cursor.position > log.head) return 'AHEAD_OF_LOG';
  if (cursor.position < log.horizon) return 'PRUNED';
  return null;
}
