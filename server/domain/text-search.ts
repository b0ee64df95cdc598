import { and, ilike, or, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/** `text` as a LIKE pattern's literal part: its wildcards and the escape character match themselves. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * Rows where every word of `search` appears, in any case, in at least one of `columns`;
 * undefined (no condition) for a blank search.
 */
export function containsEveryWord(columns: ReadonlyArray<PgColumn | SQL>, search: string | null | undefined): SQL | undefined {
  const words = (search ?? '').split(/\s+/).filter((word) => word.length > 0);
  if (words.length === 0) return undefined;
  return and(...words.map((word) => or(...columns.map((column) => ilike(column, `%${escapeLike(word)}%`)))));
}
