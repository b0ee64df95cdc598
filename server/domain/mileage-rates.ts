import { and, asc, eq, gte, isNull, lte, ne, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Viewer } from '../auth/viewer';
import type { Queryable, Transaction } from '../db/client';
import { mileageRates, type MileageRateRow } from '../db/schema';
import { inTransaction, type Writer } from './entity-writer';
import { ForbiddenError, NodeVersionConflictError, NotFoundError, ValidationError } from './errors';
import { recordHistory } from './history';
import { newId } from './ids';
import { atMostDecimals, calendarDate, text, validate } from './validation';

export const mileageRateSchema = z
  .object({
    effectiveFrom: calendarDate,
    effectiveTo: calendarDate.nullable().default(null),
    centsPerMile: z
      .number('must be a number of cents')
      .min(0, 'must not be negative')
      .max(1_000, 'must be at most 1,000 cents a mile')
      .refine(...atMostDecimals(2, 'must have at most two decimals')),
    note: text(200, 0).default(''),
  })
  .superRefine((rate, issues) => {
    if (rate.effectiveTo !== null && rate.effectiveTo < rate.effectiveFrom) {
      issues.addIssue({ code: 'custom', path: ['effectiveTo'], message: 'must not be before the first day' });
    }
  });

type MileageRateValues = z.output<typeof mileageRateSchema>;

/** Rows whose period contains `date`. */
const covers = (date: string) =>
  and(lte(mileageRates.effectiveFrom, date), or(isNull(mileageRates.effectiveTo), gte(mileageRates.effectiveTo, date)));

/** The rate in force on `date`, if any. */
export async function rateOn(db: Queryable, date: string): Promise<MileageRateRow | undefined> {
  const [rate] = await db.select().from(mileageRates).where(covers(date)).limit(1);
  return rate;
}

/** The rate among `rates` whose period contains `date`. */
export function rateCovering(rates: readonly MileageRateRow[], date: string): MileageRateRow | undefined {
  return rates.find((rate) => rate.effectiveFrom <= date && (rate.effectiveTo === null || rate.effectiveTo >= date));
}

/** All rates, oldest period first. */
export function listMileageRates(db: Queryable): Promise<MileageRateRow[]> {
  return db.select().from(mileageRates).orderBy(asc(mileageRates.effectiveFrom));
}

/** Miles (one decimal) times cents a mile (two decimals), to the nearest cent, in exact integer arithmetic. */
export function reimbursementCents(miles: number, centsPerMile: number): number {
  return Math.round((Math.round(miles * 10) * Math.round(centsPerMile * 100)) / 1_000);
}

/** The rate of the trip's day and the amount it comes to; a ValidationError when no rate covers that day. */
export async function priceTrip(tx: Transaction, trip: { date: string; miles: number }): Promise<{ rateCentsPerMile: number; reimbursementCents: number }> {
  const rate = await rateOn(tx, trip.date);
  if (!rate) throw ValidationError.of('date', `has no mileage rate (${trip.date}); an admin must add a rate covering it first`);
  return { rateCentsPerMile: rate.centsPerMile, reimbursementCents: reimbursementCents(trip.miles, rate.centsPerMile) };
}

function assertAdmin(viewer: Viewer): void {
  if (viewer.role !== 'ADMIN') throw new ForbiddenError('Only an admin can manage mileage rates');
}

/** Refuses a period that overlaps another rate's (the exclusion constraint catches concurrent writers). */
async function assertNoOverlap(tx: Transaction, values: MileageRateValues, exceptId: string | null): Promise<void> {
  const [other] = await tx
    .select()
    .from(mileageRates)
    .where(
      and(
        exceptId ? ne(mileageRates.id, exceptId) : undefined,
        sql`daterange(${mileageRates.effectiveFrom}, ${mileageRates.effectiveTo}, '[]') && daterange(${values.effectiveFrom}::date, ${values.effectiveTo}::date, '[]')`,
      ),
    )
    .limit(1);
  if (other) {
    throw ValidationError.of('effectiveFrom', `overlaps the rate of ${other.centsPerMile} cents from ${other.effectiveFrom} to ${other.effectiveTo ?? 'further notice'}`);
  }
}

const snapshot = (row: MileageRateRow) => JSON.parse(JSON.stringify(row)) as Record<string, unknown>;

function history(writer: Writer, action: 'CREATE' | 'UPDATE' | 'DELETE', before: MileageRateRow | null, after: MileageRateRow | null) {
  const id = (after ?? before)?.id ?? '';
  return { entityType: 'MILEAGE_RATE' as const, entityId: id, employeeId: null, action, actorId: writer.viewer.employeeId, before: before && snapshot(before), after: after && snapshot(after) };
}

async function lockRate(tx: Transaction, id: string, expectedVersion: number): Promise<MileageRateRow> {
  const [row] = await tx.select().from(mileageRates).where(eq(mileageRates.id, id)).for('update');
  if (!row) throw new NotFoundError(id);
  if (row.version !== expectedVersion) throw new NodeVersionConflictError(expectedVersion, row);
  return row;
}

/**
 * Adds a rate period (admins only). Approved trips keep the rate they were approved at, so a new or
 * changed rate only prices trips approved from now on.
 */
export async function createMileageRate(writer: Writer, input: Record<string, unknown>): Promise<MileageRateRow> {
  assertAdmin(writer.viewer);
  const values = validate(mileageRateSchema, input);
  return inTransaction(writer.db, async (tx) => {
    await assertNoOverlap(tx, values, null);
    const [row] = await tx.insert(mileageRates).values({ ...values, id: newId('MileageRate') }).returning();
    if (!row) throw new Error('mileage rate insert returned no row');
    await recordHistory(tx, [history(writer, 'CREATE', null, row)]);
    return row;
  });
}

export async function updateMileageRate(writer: Writer, id: string, expectedVersion: number, patch: Record<string, unknown>): Promise<MileageRateRow> {
  assertAdmin(writer.viewer);
  return inTransaction(writer.db, async (tx) => {
    const row = await lockRate(tx, id, expectedVersion);
    const { effectiveFrom, effectiveTo, centsPerMile, note } = row;
    const values = validate(mileageRateSchema, { effectiveFrom, effectiveTo, centsPerMile, note, ...patch });
    await assertNoOverlap(tx, values, id);
    const [updated] = await tx
      .update(mileageRates)
      .set({ ...values, version: row.version + 1, updatedAt: sql`now()` })
      .where(eq(mileageRates.id, id))
      .returning();
    if (!updated) throw new Error('mileage rate update returned no row');
    await recordHistory(tx, [history(writer, 'UPDATE', row, updated)]);
    return updated;
  });
}

export async function deleteMileageRate(writer: Writer, id: string, expectedVersion: number): Promise<MileageRateRow> {
  assertAdmin(writer.viewer);
  return inTransaction(writer.db, async (tx) => {
    const row = await lockRate(tx, id, expectedVersion);
    await tx.delete(mileageRates).where(eq(mileageRates.id, id));
    await recordHistory(tx, [history(writer, 'DELETE', row, null)]);
    return row;
  });
}
