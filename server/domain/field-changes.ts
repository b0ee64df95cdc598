/** One field's value before and after a change; null stands for "no value" (and for "no entity" on create and delete). */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** Fields every entity has that say nothing about what a change did. */
export const bookkeepingFields: ReadonlySet<string> = new Set(['id', 'version', 'createdAt', 'updatedAt']);

/** A value as JSON, so dates, numbers from numeric columns and arrays compare by content. */
function canonical(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/**
 * The fields whose values differ between two snapshots of one entity, in the order the fields appear
 * (`before` null: it was created; `after` null: it was deleted, and every field it had is listed).
 * Snapshots are the plain JSON objects the change log stores; `ignore` defaults to the bookkeeping fields.
 */
export function changedFields(
  before: Readonly<Record<string, unknown>> | null,
  after: Readonly<Record<string, unknown>> | null,
  ignore: ReadonlySet<string> = bookkeepingFields,
): FieldChange[] {
  // A created entity changed every field it has a value in.
  if (before === null && after !== null) {
    return Object.entries(after).flatMap(([field, now]) => (ignore.has(field) || now === null || now === undefined ? [] : [{ field, before: null, after: now }]));
  }
  const fields = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const changes: FieldChange[] = [];
  for (const field of fields) {
    if (ignore.has(field)) continue;
    const was = before?.[field] ?? null;
    const now = after?.[field] ?? null;
    if (canonical(was) !== canonical(now)) changes.push({ field, before: was, after: now });
  }
  return changes;
}
