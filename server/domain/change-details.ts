import type { NewChange } from '../changelog/change-log';
import type { PreviousVisibility } from '../db/schema';
import { changedFields } from './field-changes';

/**
 * Adds to an UPDATE what subscribers need beyond the new snapshot: the names of the fields it changed
 * (so a client can say "Sam changed miles" without a diff), and who could see the entity before, where
 * the change moved it (an entry given to another employee, an employee moved to other cost centers), so
 * a viewer it left can be told to drop it and one it reached can be given it.
 */
export function withChangeDetails(change: NewChange, before: Readonly<Record<string, unknown>> | null): NewChange {
  if (change.action !== 'UPDATE' || !before || !change.snapshot) return change;
  const fields = changedFields(before, change.snapshot).map((fieldChange) => fieldChange.field);
  const previous: PreviousVisibility = {};
  if (change.type === 'EMPLOYEE') {
    if (fields.includes('costCenterIds')) previous.costCenterIds = (before.costCenterIds as string[] | undefined) ?? [];
  } else if (fields.includes('employeeId') && typeof before.employeeId === 'string') {
    previous.employeeId = before.employeeId;
  }
  return { ...change, changedFields: fields, previous: Object.keys(previous).length > 0 ? previous : null };
}
