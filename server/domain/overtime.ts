import type { TimeEntryRow } from '../db/schema';

/** Regular and overtime hours of one week. */
export interface WeekOvertime {
  /** Hours worked: every category but LEAVE (paid time off is not work). */
  workedHours: number;
  /** Worked hours up to the threshold. */
  regularHours: number;
  /** Worked hours past the weekly threshold. */
  overtimeHours: number;
}

const round = (hours: number) => Math.round(hours * 100) / 100;

/** Splits a week's worked hours at `thresholdHours` (OVERTIME_WEEKLY_HOURS, default 40). */
export function weekOvertime(entries: ReadonlyArray<Pick<TimeEntryRow, 'hours' | 'timeCategory'>>, thresholdHours: number): WeekOvertime {
  const worked = round(entries.filter((entry) => entry.timeCategory !== 'LEAVE').reduce((sum, entry) => sum + entry.hours, 0));
  const overtime = round(Math.max(0, worked - thresholdHours));
  return { workedHours: worked, regularHours: round(worked - overtime), overtimeHours: overtime };
}
