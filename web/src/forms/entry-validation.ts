import dayjs from 'dayjs';

/**
 * The checks every entry form runs before sending anything: the same rules as the server's domain
 * validation (server/domain/*.ts), so a mistake is named at once and nothing is silently adjusted.
 */

const earliestDate = '2000-01-01';
const maxDaysAhead = 31;

/** A date from a native date field: empty when the text is not a real calendar day. */
export function datePrompt(value: string | null, { notAfterToday = false } = {}): string | null {
  if (!value) return 'Enter a real date, like 2026-03-31';
  if (value < earliestDate) return `Must be on or after ${dayjs(earliestDate).format('MMM D, YYYY')}`;
  const today = dayjs().format('YYYY-MM-DD');
  if (notAfterToday && value > today) return 'Must not be in the future: log hours once worked';
  if (value > dayjs().add(maxDaysAhead, 'day').format('YYYY-MM-DD')) return `Must not be more than ${maxDaysAhead} days in the future`;
  return null;
}

/** A number field's value against its bounds; never rounds or clamps it. */
export function numberPrompt(
  value: number | string,
  rule: { what: string; min: number; max: number; moreThanMin?: boolean; wholeNumber?: boolean; maxText?: string },
): string | null {
  if (value === '' || Number.isNaN(Number(value))) return `Enter ${rule.what}`;
  const number = Number(value);
  if (number < 0 && rule.min >= 0) return 'Must not be negative';
  if (rule.moreThanMin ? number <= rule.min : number < rule.min) return `Must be more than ${rule.min}`;
  if (number > rule.max) return `Must be at most ${rule.maxText ?? rule.max.toLocaleString('en-US')}`;
  if (rule.wholeNumber && !Number.isInteger(number)) return 'Must be a whole number';
  return null;
}

export const entryValidation = {
  costCenterId: (value: string | null) => (value ? null : 'Pick a cost center'),
  date: (value: string | null) => datePrompt(value),
};
