import type { StoredFieldChange } from '../db/schema';

/** What a change did to a receipt's photo, as its history tells it. */
export const photoChanges = ['ATTACHED', 'REPLACED', 'REMOVED'] as const;
export type PhotoChange = (typeof photoChanges)[number];

/** The field a receipt keeps its photo in: an id, which says nothing to a person reading the history. */
export const photoField = 'photoId';

/** What a history line did to the photo, from the change of its id; null when the photo stayed as it was. */
export function photoChangeOf(changes: readonly StoredFieldChange[]): PhotoChange | null {
  const change = changes.find((candidate) => candidate.field === photoField);
  if (!change) return null;
  if (change.after === null) return 'REMOVED';
  return change.before === null ? 'ATTACHED' : 'REPLACED';
}
