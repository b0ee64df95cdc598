import type { StoredBreak } from '../db/schema';
import { dayIn, startOfNextDay } from './time-zone';

/** What splitting a shift into days needs: its span, its breaks and the zone it was worked in. */
export interface ShiftSpan {
  startedAt: Date;
  /** Null while the shift runs: it is measured up to `until`. */
  endedAt: Date | null;
  breaks: readonly StoredBreak[];
  timeZone: string;
}

export interface DayHours {
  /** The local calendar day in the shift's zone. */
  date: string;
  /** Worked hours on that day (breaks subtracted), to two decimals. */
  hours: number;
}

const hourMs = 3_600_000;

function overlapMs(fromA: number, toA: number, fromB: number, toB: number): number {
  return Math.max(0, Math.min(toA, toB) - Math.max(fromA, fromB));
}

/** Milliseconds of breaks inside [from, to); a running break counts up to `until`. */
function breakMs(breaks: readonly StoredBreak[], from: number, to: number, until: number): number {
  return breaks.reduce((sum, item) => sum + overlapMs(Date.parse(item.startedAt), item.endedAt ? Date.parse(item.endedAt) : until, from, to), 0);
}

/**
 * Worked time per local day: the shift is cut at each midnight of its zone (so a day across a
 * daylight-saving change has its true 23 or 25 hours), and the breaks falling in each day are
 * subtracted. Days with less than 0.01 h (36 s) worked are left out. An open shift is measured up to `until`.
 */
export function hoursByDay(shift: ShiftSpan, until: Date = new Date()): DayHours[] {
  const end = (shift.endedAt ?? until).getTime();
  const days: DayHours[] = [];
  let from = shift.startedAt.getTime();
  while (from < end) {
    const date = dayIn(new Date(from), shift.timeZone);
    const to = Math.min(end, startOfNextDay(date, shift.timeZone).getTime());
    const worked = to - from - breakMs(shift.breaks, from, to, until.getTime());
    const hours = Math.round((worked / hourMs) * 100) / 100;
    if (hours >= 0.01) days.push({ date, hours });
    // A zone whose midnight computes to no later instant (never for real zones) must not loop forever.
    from = Math.max(to, from + 1);
  }
  return days;
}

/** Worked hours of the whole shift so far, breaks subtracted. */
export function workedHours(shift: ShiftSpan, until: Date = new Date()): number {
  const end = (shift.endedAt ?? until).getTime();
  const worked = end - shift.startedAt.getTime() - breakMs(shift.breaks, shift.startedAt.getTime(), end, until.getTime());
  return Math.round((Math.max(0, worked) / hourMs) * 100) / 100;
}
