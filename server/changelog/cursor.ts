import { GraphQLError } from 'graphql';

const prefix = 'pos:';

/**
 * Cursors are opaque to clients; inside they are a change-log position, the identity of the database
 * whose log it is (a cursor from another database is recognised), and a stamp of the change at that
 * position: a database restored from a backup reuses positions for other changes, and the stamp tells.
 */
export function encodeCursor(position: number, databaseId?: string, stamp?: string): string {
  const text = [databaseId, position, stamp].filter((part) => part !== undefined).join(':');
  return Buffer.from(`${prefix}${text}`).toString('base64url');
}

/** What a cursor keeps of the change at its position: when it was written (ms, base 36). */
export function stampOf(at: Date): string {
  return at.getTime().toString(36);
}

export interface Cursor {
  position: number;
  /** Null for cursors issued before cursors named their database. */
  databaseId: string | null;
  /** Null for a cursor of an empty log, or one issued before cursors carried stamps. */
  stamp: string | null;
}

/** Reads a cursor from a client; a malformed one is a client error (BAD_CURSOR), not a server fault. */
export function readCursor(cursor: string): Cursor {
  const text = cursor.length <= 200 ? Buffer.from(cursor, 'base64url').toString() : '';
  const match = /^pos:(?:([0-9a-f]{32}):)?(\d{1,16})(?::([0-9a-z]{1,12}))?$/.exec(text);
  const position = Number(match?.[2]);
  if (!match || !Number.isSafeInteger(position)) {
    throw new GraphQLError('The cursor is not one this server issued', { extensions: { code: 'BAD_CURSOR' } });
  }
  return { position, databaseId: match[1] ?? null, stamp: match[3] ?? null };
}

/** The position of a cursor (see readCursor). */
export function decodeCursor(cursor: string): number {
  return readCursor(cursor).position;
}

/** Why a well-formed cursor cannot be resumed from: the client must refetch, then use the new cursor. */
export type ResyncReason = 'PRUNED' | 'OTHER_DATABASE' | 'AHEAD_OF_LOG' | 'RESTORED';

/**
 * Whether a cursor can be resumed from this log: issued by this database, not older than what retention
 * kept (`horizon`), not beyond its newest event (`head`: after a restore from backup, the log has not
 * reached positions a client already saw), and naming the change this log holds at its position
 * (`stampAtPosition`: after a restore, new changes reuse the positions). Null when it can.
 */
export function resyncReason(
  cursor: Cursor,
  log: { databaseId: string; horizon: number; head: number; stampAtPosition: string | null },
): ResyncReason | null {
  if (cursor.databaseId !== null && cursor.databaseId !== log.databaseId) return 'OTHER_DATABASE';
  if (cursor.position > log.head) return 'AHEAD_OF_LOG';
  if (cursor.position < log.horizon) return 'PRUNED';
  if (cursor.stamp !== null && log.stampAtPosition !== null && cursor.stamp !== log.stampAtPosition) return 'RESTORED';
  return null;
}
