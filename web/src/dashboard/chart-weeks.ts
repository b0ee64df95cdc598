import dayjs from 'dayjs';
import type { EntryFilter } from '../lists/entry-filter';

/** Weeks charted without a date range: about two months. */
const defaultWeeks = 8;
/** The most the API charts at once (two years). */
const maxWeeks = 104;

/** The Monday of a day's week, as YYYY-MM-DD. */
function mondayOf(day: dayjs.Dayjs): string {
  return day.subtract((day.day() + 6) % 7, 'day').format('YYYY-MM-DD');
}

/**
 * How many weeks the charts show for a filter: every week of its date range (up to the last day or
 * today, whichever is earlier, as the API ends them), else the last eight.
 */
export function weeksCharted(filter: EntryFilter, today: dayjs.Dayjs): number {
  if (!filter.from) return defaultWeeks;
  const last = filter.to && filter.to < today.format('YYYY-MM-DD') ? dayjs(filter.to) : today;
  const weeks = dayjs(mondayOf(last)).diff(dayjs(mondayOf(dayjs(filter.from))), 'week') + 1;
  return Math.min(Math.max(weeks, 1), maxWeeks);
}

/** Whether a week (by its Monday) is the current one, so its figures are only what was logged so far. */
export function isCurrentWeek(weekStart: string, today: dayjs.Dayjs): boolean {
  return weekStart === mondayOf(today);
}

/** "Nov 23", or "This week so far" for the week still under way. */
export function weekLabel(weekStart: string, today: dayjs.Dayjs): string {
  return isCurrentWeek(weekStart, today) ? 'This week so far' : dayjs(weekStart).format('MMM D');
}
