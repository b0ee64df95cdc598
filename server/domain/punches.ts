import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Transaction } from '../db/client';
import { costCenters, employeeCostCenters, employees, punches, shifts, type PunchKind, type ShiftRow, type StoredBreak } from '../db/schema';
import { withChangeDetails } from './change-details';
import { recordChanges } from './change-record';
import { inTransaction, type Writer } from './entity-writer';
import { ClockStateError, ForbiddenError, NotFoundError, ValidationError } from './errors';
import { historyOfChange } from './history';
import { claimIdempotencyKey } from './idempotency';
import { newId } from './ids';
import { checkPunchTime } from './punch-time';
import { clockStateOf, lastPunchAt, shiftSnapshot } from './shift-state';
import { syncShiftEntries } from './shift-entries';
import { lockOpenWeek } from './timesheets';
import type { TimeClockPolicy } from './time-clock-policy';
import { dayIn, timeZoneName } from './time-zone';
import { entityId, text, validate } from './validation';

const coordinate = (limit: number) => z.number('must be a number').min(-limit, `must be between -${limit} and ${limit}`).max(limit, `must be between -${limit} and ${limit}`);

/** Rounded to two decimals (about a kilometre): where someone works, not where they stand. */
const coarse = (value: number) => Math.round(value * 100) / 100;

const punchSchema = z.object({
  at: z.date('must be a time'),
  timeZone: timeZoneName,
  costCenterId: entityId.nullish(),
  note: text(500, 0).default(''),
  location: z.object({ latitude: coordinate(90), longitude: coordinate(180) }).nullish(),
});

/** The mutation of each punch, as idempotency keys record it. */
const operationOf: Record<PunchKind, string> = {
  CLOCK_IN: 'clockIn',
  BREAK_START: 'startBreak',
  BREAK_END: 'endBreak',
  CLOCK_OUT: 'clockOut',
};

/**
 * Locks the employee's row for the length of the transaction: every punch and correction of one
 * employee takes this lock first, so their punches apply one at a time (the unique index on open
 * shifts backs it up). NO KEY UPDATE leaves foreign-key checks of their entries unblocked.
 */
export async function lockEmployeeClock(tx: Transaction, employeeId: string): Promise<{ active: boolean } | undefined> {
  const [employee] = await tx.select({ active: employees.active }).from(employees).where(eq(employees.id, employeeId)).for('no key update');
  return employee;
}

async function openShiftOf(tx: Transaction, employeeId: string): Promise<ShiftRow | undefined> {
  const [shift] = await tx.select().from(shifts).where(and(eq(shifts.employeeId, employeeId), isNull(shifts.endedAt))).for('update');
  return shift;
}

/** The cost center of a clock-in: the one asked for, which must be the employee's, or their only one. */
async function costCenterOfClockIn(tx: Transaction, employeeId: string, requested: string | null | undefined): Promise<string> {
  const theirs = await tx
    .select({ id: employeeCostCenters.costCenterId })
    .from(employeeCostCenters)
    .innerJoin(costCenters, eq(costCenters.id, employeeCostCenters.costCenterId))
    .where(eq(employeeCostCenters.employeeId, employeeId));
  if (requested) {
    if (!theirs.some((row) => row.id === requested)) throw ValidationError.of('costCenterId', 'is not a cost center this employee works for');
    return requested;
  }
  const [only, ...more] = theirs;
  if (!only) throw ValidationError.of('costCenterId', 'you work for no cost center yet; ask an admin to add you to one');
  if (more.length > 0) throw ValidationError.of('costCenterId', 'choose one of your cost centers');
  return only.id;
}

/** The changes a punch makes to the open shift, or a typed error when it does not fit the employee's clock state. */
function applyPunch(kind: PunchKind, shift: ShiftRow, at: Date, note: string): Partial<ShiftRow> {
  const state = clockStateOf(shift);
  const breaks: StoredBreak[] = shift.breaks.map((item) => ({ ...item }));
  const running = breaks.find((item) => item.endedAt === null);
  const joinedNote = [shift.note, note].filter(Boolean).join('\n').slice(0, 2_000);
  switch (kind) {
    case 'CLOCK_IN':
      throw new ClockStateError(state, shift.id, 'You are already clocked in; clock out first');
    case 'BREAK_START':
      if (running) throw new ClockStateError(state, shift.id, 'You are already on a break');
      return { breaks: [...breaks, { startedAt: at.toISOString(), endedAt: null }], note: joinedNote };
    case 'BREAK_END':
      if (!running) throw new ClockStateError(state, shift.id, 'You are not on a break');
      running.endedAt = at.toISOString();
      return { breaks, note: joinedNote };
    case 'CLOCK_OUT':
      // Clocking out during a break ends the break at the same moment.
      if (running) running.endedAt = at.toISOString();
      return { breaks, endedAt: at, note: joinedNote };
  }
}

/**
 * One punch of the signed-in employee, in one transaction: the shift changes (or, for CLOCK_IN, is
 * created), the raw punch is kept, one TIME_CLOCK change event and its history are written, and a
 * clock-out turns the shift into time entries. Expected failures are typed and write nothing:
 * ClockStateError, PunchTimeError, ValidationError, LockedError (a day of an approved week). With an
 * idempotency key, a punch sent again answers with its shift as it is now and writes nothing.
 */
export async function punch(writer: Writer, policy: TimeClockPolicy, kind: PunchKind, input: Record<string, unknown>, idempotencyKey: string | null): Promise<ShiftRow> {
  const values = validate(punchSchema, input);
  const receivedAt = new Date();
  const employeeId = writer.viewer.employeeId;
  if (kind !== 'CLOCK_IN' && values.costCenterId) throw ValidationError.of('costCenterId', 'is chosen when clocking in');
  return inTransaction(writer.db, async (tx) => {
    const employee = await lockEmployeeClock(tx, employeeId);
    if (!employee?.active) throw new ForbiddenError('Only an active employee can punch the clock');
    const open = await openShiftOf(tx, employeeId);
    const shiftId = kind === 'CLOCK_IN' ? newId('Shift') : (open?.id ?? newId('Shift'));
    if (idempotencyKey) {
      const firstId = await claimIdempotencyKey(tx, { scope: employeeId, key: idempotencyKey, operation: operationOf[kind], request: input, entityId: shiftId });
      if (firstId) {
        const [first] = await tx.select().from(shifts).where(eq(shifts.id, firstId));
        if (!first) throw new NotFoundError(firstId);
        return first;
      }
    }
    const punchRow = {
      id: newId('Punch'),
      shiftId,
      employeeId,
      kind,
      deviceAt: values.at,
      deviceTimeZone: values.timeZone,
      receivedAt,
      latitude: values.location ? coarse(values.location.latitude) : null,
      longitude: values.location ? coarse(values.location.longitude) : null,
      note: values.note,
    };
    if (kind === 'CLOCK_IN') {
      if (open) throw new ClockStateError(clockStateOf(open), open.id, 'You are already clocked in; clock out first');
      const [previous] = await tx.select({ endedAt: shifts.endedAt }).from(shifts).where(eq(shifts.employeeId, employeeId)).orderBy(desc(shifts.endedAt)).limit(1);
      checkPunchTime(values.at, receivedAt, policy, previous?.endedAt ?? null);
      const costCenterId = await costCenterOfClockIn(tx, employeeId, values.costCenterId);
      // Hours of an approved week cannot grow: refuse the shift now rather than at clock-out.
      await lockOpenWeek(tx, employeeId, dayIn(values.at, values.timeZone));
      const [created] = await tx
        .insert(shifts)
        .values({ id: shiftId, employeeId, costCenterId, timeZone: values.timeZone, startedAt: values.at, note: values.note })
        .returning();
      if (!created) throw new Error('shift insert returned no row');
      await tx.insert(punches).values(punchRow);
      const change = { type: 'TIME_CLOCK' as const, action: 'CREATE' as const, entityId: shiftId, employeeId, snapshot: shiftSnapshot(created), actorId: employeeId };
      await recordChanges(tx, [change], [historyOfChange(change, null)]);
      return created;
    }
    if (!open) throw new ClockStateError('NOT_CLOCKED_IN', null, kind === 'BREAK_START' ? 'You can only take a break during a shift; clock in first' : 'You are not clocked in');
    checkPunchTime(values.at, receivedAt, policy, lastPunchAt(open));
    const changes = applyPunch(kind, open, values.at, values.note);
    const shift = open;
    const [updated] = await tx
      .update(shifts)
      .set({ ...changes, version: sql`${shifts.version} + 1`, updatedAt: sql`now()` })
      .where(eq(shifts.id, shift.id))
      .returning();
    if (!updated) throw new Error('shift update returned no row');
    await tx.insert(punches).values(punchRow);
    const before = shiftSnapshot(shift);
    const change = withChangeDetails({ type: 'TIME_CLOCK', action: 'UPDATE', entityId: shift.id, employeeId, snapshot: shiftSnapshot(updated), actorId: employeeId }, before);
    await recordChanges(tx, [change], [historyOfChange(change, before)]);
    if (kind === 'CLOCK_OUT') await syncShiftEntries(tx, updated, employeeId);
    return updated;
  });
}
