import { z } from 'zod';
import { mileageEntries, type MileageEntryRow } from '../db/schema';
import { entryKind } from './entry-kind';
import type { EntryReview } from './entry-workflow';
import { priceTrip } from './mileage-rates';
import type { Warning } from './errors';
import { atMostDecimals, entityId, entryDate, futureDateWarnings, text } from './validation';

const odometerReading = z
  .number('must be a number')
  .int('must be a whole number')
  .min(0, 'must not be negative')
  .max(9_999_999, 'must be at most 9,999,999')
  .nullable()
  .default(null);

export const mileageEntrySchema = z
  .object({
    employeeId: entityId,
    costCenterId: entityId,
    date: entryDate,
    startLocation: text(200),
    endLocation: text(200),
    odometerStart: odometerReading,
    odometerEnd: odometerReading,
    miles: z
      .number('must be a number')
      .min(0, 'must not be negative')
      .max(2_000, 'must be at most 2,000 for one trip')
      .refine(...atMostDecimals(1, 'must have at most one decimal (tenths of a mile)')),
    purpose: text(500),
  })
  .superRefine((entry, issues) => {
    if (entry.odometerStart !== null && entry.odometerEnd !== null && entry.odometerEnd < entry.odometerStart) {
      issues.addIssue({ code: 'custom', path: ['odometerEnd'], message: 'must not be below the start reading' });
    }
  });

type MileageValues = z.output<typeof mileageEntrySchema>;

/** Miles far from what the odometer readings say (more than a mile and a tenth apart): usually a typo. */
function odometerWarnings(trip: MileageValues): Warning[] {
  if (trip.odometerStart === null || trip.odometerEnd === null) return [];
  const driven = trip.odometerEnd - trip.odometerStart;
  if (Math.abs(trip.miles - driven) <= Math.max(1, driven * 0.1)) return [];
  return [{ code: 'MILES_DIFFER_FROM_ODOMETER', field: 'miles', message: `differ from the odometer readings (${driven.toLocaleString('en-US')} mi)` }];
}

export const mileageEntryKind = entryKind<MileageEntryRow, typeof mileageEntrySchema>({
  typename: 'MileageEntry',
  dataType: 'MILEAGE',
  table: mileageEntries,
  schema: mileageEntrySchema,
  warnings: async (_db, trip) => [...futureDateWarnings(trip.date), ...odometerWarnings(trip)],
});

/** Trips are priced when approved (miles x the rate in force on the trip's day) and unpriced when reopened. */
export const mileageEntryReview: EntryReview<MileageEntryRow> = {
  kind: mileageEntryKind,
  table: mileageEntries,
  async alsoSet(tx, trip, action) {
    if (action === 'APPROVE') return priceTrip(tx, trip);
    if (action === 'REOPEN') return { rateCentsPerMile: null, reimbursementCents: null };
    return {};
  },
};
