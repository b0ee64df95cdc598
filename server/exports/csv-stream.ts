import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';

/** One CSV column: its header and how to read it from a record. */
export interface CsvColumn<Row> {
  header: string;
  value(row: Row): string | number | boolean | null | undefined;
}

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, tab or carriage return first) gets a leading
 * apostrophe, so an exported vendor name like `=HYPERLINK(...)` stays text (CSV injection).
 */
function inert(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * Streams `pages` of rows as CSV (RFC 4180 quoting, a header row, CRLF line ends): one page is in
 * memory at a time, and the next page is read only when the consumer has taken the previous one.
 */
export function csvStream<Row>(columns: readonly CsvColumn<Row>[], pages: AsyncIterable<readonly Row[]>): Readable {
  async function* records() {
    for await (const page of pages) {
      for (const row of page) yield columns.map((column) => column.value(row) ?? '');
    }
  }
  const stringifier = stringify({
    header: true,
    columns: columns.map((column) => column.header),
    record_delimiter: 'windows',
    cast: { string: inert, boolean: (value) => (value ? 'yes' : 'no') },
  });
  return Readable.from(records()).pipe(stringifier);
}

/** Reads a keyset-paged list page after page until it ends. */
export async function* allPages<Row, Cursor>(
  readPage: (after: Cursor | null) => Promise<{ rows: Row[]; hasNextPage: boolean }>,
  cursorOf: (row: Row) => Cursor,
): AsyncGenerator<Row[]> {
  let after: Cursor | null = null;
  for (;;) {
    const page = await readPage(after);
    if (page.rows.length > 0) yield page.rows;
    const last = page.rows[page.rows.length - 1];
    if (!page.hasNextPage || !last) return;
    after = cursorOf(last);
  }
}
