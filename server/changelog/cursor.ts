import { GraphQLError } from 'graphql';

const prefix = 'pos:';

/** Cursors are opaque to clients; inside they are change-log positions. */
export function encodeCursor(position: number): string {
  return Buffer.from(`${prefix}${position}`).toString('base64url');
}

/** Decodes a cursor from a client; a malformed one is a client error, not a server fault. */
export function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString();
  const position = Number(text.slice(prefix.length));
  if (!text.startsWith(prefix) || !Number.isSafeInteger(position) || position < 0) {
    throw new GraphQLError('The cursor is not one this server issued', { extensions: { code: 'BAD_CURSOR' } });
  }
  return position;
}
