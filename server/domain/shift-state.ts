import type { ShiftRow } from '../db/schema';
import type { ClockState } from './errors';

/** Where the owner of `shift` (their open shift, or none) is on the clock. */
export function clockStateOf(shift: Pick<ShiftRow, 'endedAt' | 'breaks'> | undefined): ClockState {
  if (!shift || shift.endedAt) return 'NOT_CLOCKED_IN';
  return shift.breaks.some((item) => item.endedAt === null) ? 'ON_BREAK' : 'ON_THE_CLOCK';
}

/** The time of the shift's latest punch: a later punch of the same shift may not be dated before it. */
export function lastPunchAt(shift: Pick<ShiftRow, 'startedAt' | 'endedAt' | 'breaks'>): Date {
  const times = [shift.startedAt.getTime(), shift.endedAt?.getTime() ?? 0, ...shift.breaks.flatMap((item) => [Date.parse(item.startedAt), item.endedAt ? Date.parse(item.endedAt) : 0])];
  return new Date(Math.max(...times));
}

/** The shift as the change log and history keep it (JSON). */
export function shiftSnapshot(shift: ShiftRow): Record<string, unknown> {
  return JSON.parse(JSON.stringify(shift)) as Record<string, unknown>;
}
