import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
import { z } from 'zod';
import { ValidationError, type Warning } from './errors';

dayjs.extend(utc);

/** How far ahead an entry may be dated: a trip or shift planned this month, not a typo for next year. */
export const maxDaysInFuture = 31;
const earliestDate = '2000-01-01';

/** Words searched for in a list: at most 100 characters once trimmed; blank searches for nothing. */
export const searchText = z.string().trim().max(100, 'must be at most 100 characters');

/** A real calendar day written YYYY-MM-DD. */
export const calendarDate = z
  .string('must be a date like 2026-03-31')
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-03-31')
  .refine((value) => isoDay(Date.parse(`${value}T00:00:00Z`)) === value, 'is not a real calendar date');

const dayMs = 86_400_000;

/**
 * The UTC calendar day of a time, written YYYY-MM-DD (null for an invalid one). Plain Date arithmetic:
 * every write checks its dates with it, and building dayjs objects there was a measurable share of a write.
 */
function isoDay(time: number): string | null {
  return Number.isNaN(time) ? null : new Date(time).toISOString().slice(0, 10);
}

/** The UTC calendar day `days` after today (see todayUtc). */
function utcDayFromToday(days: number): string {
  return isoDay(Date.now() + days * dayMs) ?? '';
}

/**
 * Today's date as the server's rules mean it: the UTC calendar day (documented in the README and in
 * the schema), whatever the server's or the client's zone.
 */
export function todayUtc(): dayjs.Dayjs {
  return dayjs.utc().startOf('day');
}

export const entryDate = calendarDate
  .refine((value) => value >= earliestDate, `must be on or after ${earliestDate}`)
  .refine(
    (value) => value <= utcDayFromToday(maxDaysInFuture),
    `must not be more than ${maxDaysInFuture} days in the future`,
  );

/**
 * A number kept exactly as sent, with at most `places` decimals; more precision is refused, never
 * rounded away, so what a client stores is what it sent.
 */
export function atMostDecimals(places: number, message: string) {
  const factor = 10 ** places;
  return [(value: number) => Math.abs(value * factor - Math.round(value * factor)) < 1e-6, message] as const;
}

/**
 * Whether a day is after today anywhere on Earth: the server's clock is UTC, and a user east of it is a
 * day ahead, so only a day after tomorrow (UTC) is surely in the user's future.
 */
export function isSurelyFuture(date: string): boolean {
  return date > utcDayFromToday(1);
}

/** The warning for an entry dated ahead: allowed (a planned trip), but confirmed. */
export function futureDateWarnings(date: string): Warning[] {
  return isSurelyFuture(date) ? [{ code: 'FUTURE_DATE', field: 'date', message: 'is in the future' }] : [];
}

/** Trimmed text between `min` and `max` characters. */
export function text(max: number, min = 1) {
  return z
    .string()
    .trim()
    .min(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`)
    // PostgreSQL text cannot hold NUL; without this the insert fails as a server error.
    .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters');
}

export const entityId = z.string().min(1, 'must not be empty').max(64, 'is not a valid id');

/** Runs a zod schema and turns its issues into one ValidationError with a message per field. */
export function validate<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const seen = new Set<string>();
  const fields = result.error.issues.flatMap((issue) => {
    const field = issue.path.join('.') || 'input';
    if (seen.has(field)) return [];
    seen.add(field);
    return [{ field, message: issue.message }];
  });
  throw new ValidationError(fields);
}
