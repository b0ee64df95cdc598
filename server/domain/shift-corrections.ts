import { and, eq, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { assertCanCorrectShift, canAccessEmployee } from '../auth/rules';
import { employeeCostCenters, shifts, type ShiftRow, type StoredBreak } from '../db/schema';
import { withChangeDetails } from './change-details';
import { recordChanges } from './change-record';
import { inTransaction, type Writer } from './entity-writer';
import { maxReasonLength } from './entry-status';
import { NotFoundError, ShiftOverlapError, ValidationError, VersionConflictError } from './errors';
import { historyOfChange } from './history';
import { claimIdempotencyKey } from './idempotency';
import { lockEmployeeClock } from './punches';
import { shiftSnapshot } from './shift-state';
import { syncShiftEntries } from './shift-entries';
import type { TimeClockPolicy } from './time-clock-policy';
import { entityId, text, validate } from './validation';

const breakSchema = z.object({ startedAt: z.date('must be a time'), endedAt: z.date('must be a time').nullable() });

const shiftCorrectionSchema = z.object({
  startedAt: z.date('must be a time'),
  endedAt: z.date('must be a time').nullable(),
  breaks: z.array(breakSchema).max(50, 'must be at most 50 breaks'),
  costCenterId: entityId,
  note: text(2_000, 0),
  reason: text(maxReasonLength),
});

export type ShiftCorrection = Partial<Omit<z.input<typeof shiftCorrectionSchema>, 'reason'>> & { reason: string };

/** Checks the corrected times hang together; throws ValidationError naming the field. */
function checkTimes(values: z.output<typeof shiftCorrectionSchema>, stored: ShiftRow, latest: Date): StoredBreak[] {
  const { startedAt, endedAt } = values;
  if (stored.endedAt && !endedAt) throw ValidationError.of('endedAt', 'a closed shift cannot be reopened');
  if (startedAt > latest) throw ValidationError.of('startedAt', 'must not be in the future');
  if (endedAt && endedAt > latest) throw ValidationError.of('endedAt', 'must not be in the future');
  if (endedAt && endedAt < startedAt) throw ValidationError.of('endedAt', 'must not be before startedAt');
  // Closing a shift during a break ends the break with it, as clocking out does.
  const breaks = values.breaks
    .map((item) => (endedAt && !item.endedAt && item.startedAt <= endedAt ? { ...item, endedAt } : item))
    .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  let previousEnd = startedAt;
  breaks.forEach((item, index) => {
    const last = index === breaks.length - 1;
    if (item.startedAt < previousEnd) throw ValidationError.of('breaks', 'must lie inside the shift and not overlap each other');
    if (!item.endedAt && (!last || endedAt)) throw ValidationError.of('breaks', 'only the last break of an open shift may still be running');
    if (item.endedAt && (item.endedAt < item.startedAt || (endedAt && item.endedAt > endedAt))) {
      throw ValidationError.of('breaks', 'must lie inside the shift and not overlap each other');
    }
    previousEnd = item.endedAt ?? item.startedAt;
  });
  return breaks.map((item) => ({ startedAt: item.startedAt.toISOString(), endedAt: item.endedAt?.toISOString() ?? null }));
}

/**
 * A supervisor of the employee (or an admin) corrects a shift: its times, breaks, cost center or note,
 * with a reason kept in the history. Nobody corrects their own shifts. The raw punches stay as they
 * were; the shift's time entries follow the correction (LockedError when that would change an approved
 * week). Refused with ShiftOverlapError when the shift would overlap another of the employee's.
 */
export async function correctShift(
  writer: Writer,
  policy: TimeClockPolicy,
  id: string,
  expectedVersion: number,
  correction: ShiftCorrection,
  idempotencyKey: string | null,
): Promise<ShiftRow> {
  return inTransaction(writer.db, async (tx) => {
    const [owner] = await tx.select({ employeeId: shifts.employeeId }).from(shifts).where(eq(shifts.id, id));
    if (!owner || !canAccessEmployee(writer.scope, owner.employeeId)) throw new NotFoundError(id);
    if (idempotencyKey) {
      const request = { id, expectedVersion, correction };
      const done = await claimIdempotencyKey(tx, { scope: writer.viewer.employeeId, key: idempotencyKey, operation: 'correctShift', request, entityId: id });
      if (done) {
        const [now] = await tx.select().from(shifts).where(eq(shifts.id, id));
        if (!now) throw new NotFoundError(id);
        return now;
      }
    }
    assertCanCorrectShift(writer.viewer, writer.scope, owner.employeeId);
    await lockEmployeeClock(tx, owner.employeeId);
    const [stored] = await tx.select().from(shifts).where(eq(shifts.id, id)).for('update');
    if (!stored) throw new NotFoundError(id);
    if (stored.version !== expectedVersion) throw new VersionConflictError(expectedVersion, stored);
    const provided = Object.fromEntries(Object.entries(correction).filter(([, value]) => value !== undefined));
    const values = validate(shiftCorrectionSchema, {
      startedAt: stored.startedAt,
      endedAt: stored.endedAt,
      breaks: stored.breaks.map((item) => ({ startedAt: new Date(item.startedAt), endedAt: item.endedAt ? new Date(item.endedAt) : null })),
      costCenterId: stored.costCenterId,
      note: stored.note,
      ...provided,
    });
    const breaks = checkTimes(values, stored, new Date(Date.now() + policy.futureToleranceMs));
    if (values.costCenterId !== stored.costCenterId) {
      const [member] = await tx
        .select()
        .from(employeeCostCenters)
        .where(and(eq(employeeCostCenters.employeeId, stored.employeeId), eq(employeeCostCenters.costCenterId, values.costCenterId)));
      if (!member) throw ValidationError.of('costCenterId', 'is not a cost center this employee works for');
    }
    const [overlapping] = await tx
      .select({ id: shifts.id })
      .from(shifts)
      .where(
        and(
          eq(shifts.employeeId, stored.employeeId),
          ne(shifts.id, id),
          sql`tstzrange(${shifts.startedAt}, coalesce(${shifts.endedAt}, 'infinity')) && tstzrange(${values.startedAt.toISOString()}::timestamptz, coalesce(${values.endedAt?.toISOString() ?? null}::timestamptz, 'infinity'))`,
        ),
      )
      .limit(1);
    if (overlapping) throw new ShiftOverlapError(overlapping.id);
    const [updated] = await tx
      .update(shifts)
      .set({ startedAt: values.startedAt, endedAt: values.endedAt, breaks, costCenterId: values.costCenterId, note: values.note, version: stored.version + 1, updatedAt: sql`now()` })
      .where(eq(shifts.id, id))
      .returning();
    if (!updated) throw new Error('shift correction returned no row');
    const before = shiftSnapshot(stored);
    const change = withChangeDetails(
      { type: 'TIME_CLOCK', action: 'UPDATE', entityId: id, employeeId: stored.employeeId, snapshot: shiftSnapshot(updated), actorId: writer.viewer.employeeId },
      before,
    );
    await recordChanges(tx, [change], [{ ...historyOfChange(change, before), reason: values.reason }]);
    if (updated.endedAt) await syncShiftEntries(tx, updated, writer.viewer.employeeId, values.reason);
    return updated;
  });
}
