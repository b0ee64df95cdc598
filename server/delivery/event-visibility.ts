import { canAccessEmployee, reachesEmployeeAt, type Scope } from '../auth/rules';
import { eventOwner, type ChangeEvent } from '../changelog/change-log';
import type { DataType } from '../domain/data-type';

/** Whether a viewer with `scope` could see the entity before `event`, which may have moved it. */
function visibleBefore(scope: Scope, event: ChangeEvent, visibleNow: boolean): boolean {
  const previous = event.previous;
  if (previous?.employeeId !== undefined) return canAccessEmployee(scope, previous.employeeId);
  if (previous?.costCenterIds !== undefined) return reachesEmployeeAt(scope, event.entityId, previous.costCenterIds);
  return visibleNow;
}

/**
 * The event as a viewer with `scope`, asking for `types`, receives it; null when they receive nothing.
 * A change that took the entity out of their view reaches them as LEFT, with nothing of the entity's new
 * state (not even its new owner): they drop it. One that brought it in reaches them as ENTERED, in full.
 */
export function viewOf(scope: Scope, types: readonly DataType[] | null, event: ChangeEvent): ChangeEvent | null {
  if (types && !types.includes(event.type)) return null;
  const now = canAccessEmployee(scope, eventOwner(event));
  const before = visibleBefore(scope, event, now);
  if (now) return before ? event : { ...event, scopeChange: 'ENTERED' };
  if (!before) return null;
  return {
    ...event,
    scopeChange: 'LEFT',
    employeeId: event.type === 'EMPLOYEE' ? event.employeeId : (event.previous?.employeeId ?? event.employeeId),
    snapshot: null,
    changedFields: null,
  };
}
