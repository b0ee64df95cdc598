import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import { z } from 'zod';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Whether the runtime's time-zone database knows `name` (e.g. "Europe/Berlin", "UTC"). */
function isKnownZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * An IANA time-zone name as a device reports it (an area and a city, or UTC or GMT). Offsets
 * ("+02:00") and abbreviations ("CET", "EST") are refused: only a named place says where midnight and
 * daylight-saving changes fall on other days.
 */
export const timeZoneName = z
  .string('must be an IANA time zone like Europe/Berlin')
  .max(64, 'must be an IANA time zone like Europe/Berlin')
  .regex(/^(UTC|GMT|[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+)$/, 'must be an IANA time zone like Europe/Berlin')
  .refine(isKnownZone, 'is not a known time zone');

/** The calendar day (YYYY-MM-DD) `instant` falls on in `zone`. */
export function dayIn(instant: Date, zone: string): string {
  return dayjs(instant).tz(zone).format('YYYY-MM-DD');
}

/** The instant the day after `day` begins in `zone` (its midnight, or the first moment after a skipped one). */
export function startOfNextDay(day: string, zone: string): Date {
  const next = dayjs(day).add(1, 'day').format('YYYY-MM-DD');
  return dayjs.tz(`${next}T00:00:00`, zone).toDate();
}
