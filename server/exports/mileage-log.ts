import { and, asc, eq, gte, lte, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client';
import { mileageEntries, type MileageEntryRow } from '../db/schema';
import { listMileageRates, rateCovering, reimbursementCents } from '../domain/mileage-rates';
import { allPages, type CsvColumn } from './csv-stream';
import { exportPageSize } from './entry-exports';

/** One trip of a mileage log: what a tax authority asks for, and whether the amount is final. */
export interface LogLine {
  date: string;
  purpose: string;
  startLocation: string;
  endLocation: string;
  miles: number;
  centsPerMile: number | null;
  amountCents: number | null;
  status: string;
}

export interface LogPeriod {
  employeeId: string;
  from: string;
  to: string;
}

/**
 * An employee's trips in a period, oldest first, page by page, each priced at its approved rate or,
 * before approval, at the rate in force on its day. Rejected trips are left out: they were not driven
 * for business as claimed, or are being corrected.
 */
export async function* mileageLogPages(db: Queryable, period: LogPeriod): AsyncGenerator<LogLine[]> {
  const rates = await listMileageRates(db);
  const where = and(
    eq(mileageEntries.employeeId, period.employeeId),
    gte(mileageEntries.date, period.from),
    lte(mileageEntries.date, period.to),
    sql`${mileageEntries.status} <> 'REJECTED'`,
  );
  const pages = allPages(
    async (after: { date: string; id: string } | null) => {
      const rows = await db
        .select()
        .from(mileageEntries)
        .where(and(where, after ? sql`(${mileageEntries.date}, ${mileageEntries.id}) > (${after.date}, ${after.id})` : undefined))
        .orderBy(asc(mileageEntries.date), asc(mileageEntries.id))
        .limit(exportPageSize + 1);
      return { rows: rows.slice(0, exportPageSize), hasNextPage: rows.length > exportPageSize };
    },
    (row: MileageEntryRow) => ({ date: row.date, id: row.id }),
  );
  for await (const page of pages) {
    yield page.map((trip) => {
      const centsPerMile = trip.rateCentsPerMile ?? rateCovering(rates, trip.date)?.centsPerMile ?? null;
      return {
        date: trip.date,
        purpose: trip.purpose,
        startLocation: trip.startLocation,
        endLocation: trip.endLocation,
        miles: trip.miles,
        centsPerMile,
        amountCents: trip.reimbursementCents ?? (centsPerMile === null ? null : reimbursementCents(trip.miles, centsPerMile)),
        status: trip.status,
      };
    });
  }
}

export const dollars = (cents: number | null) => (cents === null ? '' : (cents / 100).toFixed(2));

export const mileageLogColumns: ReadonlyArray<CsvColumn<LogLine>> = [
  { header: 'Date', value: (line) => line.date },
  { header: 'Business purpose', value: (line) => line.purpose },
  { header: 'Start', value: (line) => line.startLocation },
  { header: 'End', value: (line) => line.endLocation },
  { header: 'Miles', value: (line) => line.miles },
  { header: 'Rate (cents/mile)', value: (line) => line.centsPerMile },
  { header: 'Amount (USD)', value: (line) => dollars(line.amountCents) },
  { header: 'Status', value: (line) => line.status },
];
