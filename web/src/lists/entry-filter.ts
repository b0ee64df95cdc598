import type { ReviewStatus } from '../review/review-steps';

/** The longest search the API takes. */
export const searchLength = 100;

/** The EntryFilter input: every field optional, combined with AND, dates inclusive. */
export interface EntryFilter {
  employeeId?: string | null;
  costCenterId?: string | null;
  from?: string | null;
  to?: string | null;
  status?: ReviewStatus[] | null;
  /** Words the entry's text or its employee's name must all hold (the server decides which text). */
  search?: string | null;
}

interface EntryLike {
  id: string;
  date: string;
  employeeId: string;
  costCenterId: string;
  status: ReviewStatus;
}

/** Whether the server lists `entry` under `filter` (the same conditions as its SQL). */
export function entryMatches(entry: EntryLike, filter: EntryFilter | null | undefined): boolean {
  if (!filter) return true;
  return (
    (!filter.employeeId || entry.employeeId === filter.employeeId) &&
    (!filter.costCenterId || entry.costCenterId === filter.costCenterId) &&
    (!filter.from || entry.date >= filter.from) &&
    (!filter.to || entry.date <= filter.to) &&
    (!filter.status?.length || filter.status.includes(entry.status))
  );
}

/**
 * Whether `entryMatches` decides exactly for this filter. A search looks through text the cache may not
 * hold (the employee's name, the category as the server spells it), so a change refetches a searched list.
 */
export function entryFilterDecidable(filter: EntryFilter | null | undefined): boolean {
  return !filter?.search;
}

/** Newest first: by date, then id, both descending, as the server's keyset order. */
export function entryPrecedes(a: EntryLike, b: EntryLike): boolean {
  return a.date === b.date ? a.id > b.id : a.date > b.date;
}
