/** Number formatting for the report: fixed rules so the two columns line up and compare at a glance. */

export const count = (value: number): string => Math.round(value).toLocaleString('en-US');

export function ms(value: number): string {
  if (Number.isNaN(value)) return '—';
  if (value === Number.POSITIVE_INFINITY) return 'undelivered';
  if (value < 10) return `${value.toFixed(2)} ms`;
  if (value < 100) return `${value.toFixed(1)} ms`;
  return `${count(value)} ms`;
}

export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/** a / b as "0.42×"; blank when either side is missing or not a finite, positive number. */
export function ratio(a: number | undefined, b: number | undefined): string {
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b <= 0) return '';
  const value = a / b;
  // Two significant digits below 1, so 0.0021× does not print as 0.00×.
  return `${value >= 10 ? value.toFixed(0) : value >= 1 ? value.toFixed(1) : value.toPrecision(2)}×`;
}

/** A Markdown table (it pastes straight into an issue), columns padded to line up in a terminal too. */
export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  return [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
