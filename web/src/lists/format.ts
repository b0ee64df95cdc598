import dayjs from 'dayjs';

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** 4210 cents in USD → "$42.10". */
export function formatMoney(amountCents: number, currency = 'USD'): string {
  let format = moneyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    moneyFormats.set(currency, format);
  }
  return format.format(amountCents / 100);
}

/**
 * Sums in several currencies, each in its own: "$42.10 + €8.00"; "$0.00" when there are none.
 * Amounts in different currencies are never added together.
 */
export function formatAmounts(amounts: ReadonlyArray<{ currency: string; amountCents: number }>): string {
  return amounts.length === 0 ? formatMoney(0) : amounts.map((amount) => formatMoney(amount.amountCents, amount.currency)).join(' + ');
}

/** 2026-03-31 → "Mar 31, 2026". */
export function formatDate(date: string): string {
  return dayjs(date).format('MMM D, YYYY');
}

export function formatMiles(miles: number): string {
  return `${miles.toLocaleString('en-US', { maximumFractionDigits: 1 })} mi`;
}

export function formatHours(hours: number): string {
  return `${hours.toLocaleString('en-US', { maximumFractionDigits: 2 })} h`;
}

/** An enum value for people: TIME_TRACKING → "Time tracking". */
export function humanize(value: string): string {
  const words = value.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
