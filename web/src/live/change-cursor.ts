/** The cursor of a `dataChanged` result's data, or null when it is not one. */
export function cursorOf(data: unknown): string | null {
  if (typeof data !== 'object' || data === null || !('dataChanged' in data)) return null;
  const change = data.dataChanged;
  return typeof change === 'object' && change !== null && 'cursor' in change && typeof change.cursor === 'string' ? change.cursor : null;
}

/**
 * The change-log position a cursor names, or null for one the portal cannot read. Cursors are opaque to
 * the API's other clients; the portal ships with the server (server/changelog/cursor.ts encodes them) and
 * orders them to tell which live changes a query's answer may lack.
 */
export function cursorPosition(cursor: string): number | null {
  let text: string;
  try {
    text = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return null;
  }
  const match = /^pos:(?:[0-9a-f]{32}:)?(\d{1,16})(?::[0-9a-z]{1,12})?$/.exec(text);
  return match ? Number(match[1]) : null;
}
