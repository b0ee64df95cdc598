import { canAccessEmployee, type Scope } from '../auth/rules';
import { eventOwner, type ChangeEvent } from '../changelog/change-log';
import type { DataType } from '../domain/data-type';

/** Whether a subscriber with these rights, asking for these types, receives this event. */
export function isVisible(scope: Scope, types: readonly DataType[] | null, event: ChangeEvent): boolean {
  if (types && !types.includes(event.type)) return false;
  return canAccessEmployee(scope, eventOwner(event));
}
