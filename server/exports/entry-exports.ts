import { inArray } from 'drizzle-orm';
import type { Scope } from '../auth/rules';
import type { Queryable } from '../db/client';
import { costCenters, employees, mileageEntries, receipts, timeEntries, type MileageEntryRow, type ReceiptRow, type TimeEntryRow } from '../db/schema';
import type { EntryRow } from '../domain/entry-kind';
import { entryConditions, listEntryPage, type EntryFilter, type EntryTable } from '../domain/entry-queries';
import { listMileageRates, rateCovering, reimbursementCents } from '../domain/mileage-rates';
import type { Readable } from 'node:stream';
import { allPages, csvStream, type CsvColumn } from './csv-stream';

/** Rows read per statement: the most an export holds in memory at once. */
export const exportPageSize = 1_000;

/** An entry with the names a spreadsheet needs next to the ids. */
type Named<Row> = Row & { employeeName: string; costCenterCode: string };

/** The entries of a list (same scope, filter and order as the API's list), page by page, with names. */
async function* namedEntries<Row extends EntryRow>(db: Queryable, table: EntryTable, scope: Scope, filter: EntryFilter): AsyncGenerator<Array<Named<Row>>> {
  const where = entryConditions(table, scope, filter);
  const centers = new Map((await db.select({ id: costCenters.id, code: costCenters.code }).from(costCenters)).map((center) => [center.id, center.code]));
  const pages = allPages((after: { key: string; id: string } | null) => listEntryPage<Row>(db, table, where, exportPageSize, after), (row) => ({ key: row.sortKey, id: row.id }));
  for await (const page of pages) {
    const people = await db.select({ id: employees.id, name: employees.name }).from(employees).where(inArray(employees.id, [...new Set(page.map((row) => row.employeeId))]));
    const names = new Map(people.map((person) => [person.id, person.name]));
    yield page.map((row) => ({ ...row, employeeName: names.get(row.employeeId) ?? row.employeeId, costCenterCode: centers.get(row.costCenterId) ?? row.costCenterId }));
  }
}

const money = (cents: number | null | undefined) => (cents === null || cents === undefined ? '' : (cents / 100).toFixed(2));
const instant = (value: Date | null) => value?.toISOString() ?? '';

function commonColumns<Row extends EntryRow>(): Array<CsvColumn<Named<Row>>> {
  return [
    { header: 'Date', value: (row) => row.date },
    { header: 'Employee', value: (row) => row.employeeName },
    { header: 'Cost center', value: (row) => row.costCenterCode },
    { header: 'Status', value: (row) => row.status },
  ];
}

const reviewColumns = <Row extends EntryRow>(): Array<CsvColumn<Named<Row>>> => [
  { header: 'Submitted at', value: (row) => instant(row.submittedAt) },
  { header: 'Reviewed at', value: (row) => instant(row.reviewedAt) },
  { header: 'Rejection reason', value: (row) => row.rejectionReason },
  { header: 'Id', value: (row) => row.id },
];

/** One downloadable list: its file name, and its CSV for a viewer's scope and a filter. */
export interface ListExport {
  fileName: string;
  csv(db: Queryable, scope: Scope, filter: EntryFilter): Readable;
}

function listExport<Row>(fileName: string, columns: ReadonlyArray<CsvColumn<Row>>, rows: (db: Queryable, scope: Scope, filter: EntryFilter) => AsyncIterable<Row[]>): ListExport {
  return { fileName, csv: (db, scope, filter) => csvStream(columns, rows(db, scope, filter)) };
}

type PricedTrip = Named<MileageEntryRow> & { rate: number | null; amount: number | null };

const mileageExport = listExport<PricedTrip>(
  'mileage',
  [
    ...commonColumns<MileageEntryRow>(),
    { header: 'From', value: (row) => row.startLocation },
    { header: 'To', value: (row) => row.endLocation },
    { header: 'Purpose', value: (row) => row.purpose },
    { header: 'Miles', value: (row) => row.miles },
    { header: 'Odometer start', value: (row) => row.odometerStart },
    { header: 'Odometer end', value: (row) => row.odometerEnd },
    { header: 'Rate (cents/mile)', value: (row) => row.rate },
    { header: 'Amount', value: (row) => money(row.amount) },
    { header: 'Amount fixed', value: (row) => row.reimbursementCents !== null },
    ...reviewColumns<MileageEntryRow>(),
  ],
  async function* (db, scope, filter) {
    const rates = await listMileageRates(db);
    for await (const page of namedEntries<MileageEntryRow>(db, mileageEntries, scope, filter)) {
      yield page.map((trip) => {
        const rate = trip.rateCentsPerMile ?? rateCovering(rates, trip.date)?.centsPerMile ?? null;
        return { ...trip, rate, amount: trip.reimbursementCents ?? (rate === null ? null : reimbursementCents(trip.miles, rate)) };
      });
    }
  },
);

const receiptExport = listExport<Named<ReceiptRow>>(
  'receipts',
  [
    ...commonColumns<ReceiptRow>(),
    { header: 'Vendor', value: (row) => row.vendor },
    { header: 'Category', value: (row) => row.category },
    { header: 'Amount', value: (row) => money(row.amountCents) },
    { header: 'Currency', value: (row) => row.currency },
    { header: 'Description', value: (row) => row.description },
    ...reviewColumns<ReceiptRow>(),
  ],
  (db, scope, filter) => namedEntries<ReceiptRow>(db, receipts, scope, filter),
);

const timeExport = listExport<Named<TimeEntryRow>>(
  'time',
  [
    ...commonColumns<TimeEntryRow>(),
    { header: 'Hours', value: (row) => row.hours },
    { header: 'Category', value: (row) => row.timeCategory },
    { header: 'Notes', value: (row) => row.notes },
    ...reviewColumns<TimeEntryRow>(),
  ],
  (db, scope, filter) => namedEntries<TimeEntryRow>(db, timeEntries, scope, filter),
);

/** The entry lists that download as CSV, by the path segment that names them. */
export const listExports = { mileage: mileageExport, receipts: receiptExport, time: timeExport } as const;
export type ListExportName = keyof typeof listExports;
