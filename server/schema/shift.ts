import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import type { Context } from '../context';
import { punchKindEnum, shifts, type PunchRow, type ShiftRow, type StoredBreak, type TimeEntryRow } from '../db/schema';
import { hoursByDay, workedHours } from '../domain/shift-days';
import { entriesOfShifts, listShiftPage, punchesOfShifts, shiftConditions } from '../domain/shift-queries';
import { clockStateOf } from '../domain/shift-state';
import { builder } from './builder';
import { ClockStateEnum } from './errors';
import { connectionType, decodeKeyCursor, encodeKeyCursor, pageSize } from './pagination';
import { CostCenterRef, EmployeeRef, isEntity, NodeInterface, ShiftRef, TimeEntryRef } from './refs';

/** A shift from the database, or from a change-log snapshot (timestamps as strings): always with Dates. */
function asShift(value: ShiftRow): ShiftRow {
  if (value.startedAt instanceof Date) return value;
  const raw = value as unknown as Record<string, string | null>;
  return { ...value, startedAt: new Date(String(raw.startedAt)), endedAt: raw.endedAt ? new Date(raw.endedAt) : null };
}

function perShiftLoader<Row>(load: (context: Context, ids: readonly string[]) => Promise<Map<string, Row[]>>) {
  // Uncached: a subscription keeps its context for its whole life.
  return createContextCache(
    (context: Context) =>
      new DataLoader<string, Row[]>(
        async (ids) => {
          const byShift = await load(context, ids);
          return ids.map((id) => byShift.get(id) ?? []);
        },
        { cache: false },
      ),
  );
}

const shiftPunches = perShiftLoader<PunchRow>((context, ids) => punchesOfShifts(context.db, ids));
const shiftEntries = perShiftLoader<TimeEntryRow>((context, ids) => entriesOfShifts(context.db, ids));

const PunchKindEnum = builder.enumType('PunchKind', { values: punchKindEnum.enumValues });

const LocationRef = builder.objectRef<{ latitude: number; longitude: number }>('CoarseLocation').implement({
  description: 'Where a punch was made, rounded to two decimals (about a kilometre); only sent with the employee’s consent',
  fields: (t) => ({ latitude: t.exposeFloat('latitude'), longitude: t.exposeFloat('longitude') }),
});

const PunchRef = builder.objectRef<PunchRow>('Punch').implement({
  description: 'One punch as it arrived: never changed, even when a supervisor corrects the shift',
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.field({ type: PunchKindEnum, resolve: (row) => row.kind }),
    deviceAt: t.expose('deviceAt', { type: 'DateTime', description: 'When the device says it happened (the time used)' }),
    deviceTimeZone: t.exposeString('deviceTimeZone', { description: 'The IANA zone the device was in' }),
    receivedAt: t.expose('receivedAt', { type: 'DateTime', description: 'When the server received it (later for punches made offline)' }),
    location: t.field({
      type: LocationRef,
      nullable: true,
      resolve: (row) => (row.latitude === null || row.longitude === null ? null : { latitude: row.latitude, longitude: row.longitude }),
    }),
    note: t.exposeString('note'),
  }),
});

const BreakRef = builder.objectRef<StoredBreak>('ShiftBreak').implement({
  fields: (t) => ({
    startedAt: t.field({ type: 'DateTime', resolve: (item) => item.startedAt }),
    endedAt: t.field({ type: 'DateTime', nullable: true, description: 'Null while the break runs', resolve: (item) => item.endedAt }),
  }),
});

const DayHoursRef = builder.objectRef<{ date: string; hours: number }>('ShiftDay').implement({
  description: "The hours a shift worked on one local day of its zone",
  fields: (t) => ({ date: t.expose('date', { type: 'Date' }), hours: t.exposeFloat('hours') }),
});

ShiftRef.implement({
  description:
    'One stretch of work on the time clock, from clock-in to clock-out, with its breaks. A closed shift becomes time entries, one per local day of its zone (split at midnight, breaks subtracted).',
  interfaces: [NodeInterface],
  isTypeOf: isEntity('Shift'),
  fields: (t) => ({
    employeeId: t.exposeID('employeeId'),
    employee: t.field({ type: EmployeeRef, resolve: (shift) => shift.employeeId }),
    costCenterId: t.exposeID('costCenterId'),
    costCenter: t.field({ type: CostCenterRef, resolve: (shift) => shift.costCenterId }),
    timeZone: t.exposeString('timeZone', { description: 'The IANA zone clocked in from; days are split at its midnight' }),
    startedAt: t.field({ type: 'DateTime', resolve: (shift) => asShift(shift).startedAt }),
    endedAt: t.field({ type: 'DateTime', nullable: true, description: 'Null while the shift is open', resolve: (shift) => asShift(shift).endedAt }),
    breaks: t.field({ type: [BreakRef], resolve: (shift) => shift.breaks }),
    state: t.field({ type: ClockStateEnum, description: 'NOT_CLOCKED_IN once the shift is closed', resolve: (shift) => clockStateOf(asShift(shift)) }),
    workedHours: t.float({ description: 'Hours worked, breaks subtracted; for an open shift, up to now', resolve: (shift) => workedHours(asShift(shift)) }),
    days: t.field({ type: [DayHoursRef], description: 'Hours per local day (for an open shift, up to now)', resolve: (shift) => hoursByDay(asShift(shift)) }),
    forgottenAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When an open shift counts as forgotten (SHIFT_FORGOTTEN_AFTER_HOURS after it started); null once closed',
      resolve: (shift, _args, context) => {
        const { startedAt, endedAt } = asShift(shift);
        return endedAt ? null : new Date(startedAt.getTime() + context.config.timeClock.forgottenAfterMs);
      },
    }),
    forgotten: t.boolean({
      description: 'Open for longer than a shift should be: someone forgot to clock out. It stays open until the employee clocks out or a supervisor corrects it.',
      resolve: (shift, _args, context) => {
        const { startedAt, endedAt } = asShift(shift);
        return !endedAt && Date.now() - startedAt.getTime() > context.config.timeClock.forgottenAfterMs;
      },
    }),
    note: t.exposeString('note'),
    punches: t.field({ type: [PunchRef], description: 'The punches as they arrived, oldest first', resolve: (shift, _args, context) => shiftPunches(context).load(shift.id) }),
    entries: t.field({ type: [TimeEntryRef], description: 'The time entries built from the closed shift, by day', resolve: (shift, _args, context) => shiftEntries(context).load(shift.id) }),
  }),
});

const ShiftFilterInput = builder.inputType('ShiftFilter', {
  fields: (t) => ({
    employeeId: t.id({ required: false }),
    from: t.field({ type: 'DateTime', required: false, description: 'Shifts that started at or after this instant' }),
    to: t.field({ type: 'DateTime', required: false, description: 'Shifts that started at or before this instant' }),
    open: t.boolean({ required: false, description: 'true: only open shifts; false: only closed ones' }),
    forgotten: t.boolean({ required: false, description: 'true: only shifts open longer than SHIFT_FORGOTTEN_AFTER_HOURS (to correct); false: all others' }),
  }),
});

const ShiftConnection = connectionType<ShiftRow>('Shift', ShiftRef);

builder.queryField('shifts', (t) =>
  t.field({
    type: ShiftConnection,
    description: 'Shifts of the employees the viewer may see, newest first',
    args: {
      filter: t.arg({ type: ShiftFilterInput, required: false }),
      first: t.arg.int({ required: false, description: 'Page size, 1 to 1000 (default 50)' }),
      after: t.arg.string({ required: false }),
    },
    resolve: async (_root, args, context) => {
      const limit = pageSize(args.first);
      const after = args.after ? decodeKeyCursor(args.after, 2) : null;
      const forgottenBefore = new Date(Date.now() - context.config.timeClock.forgottenAfterMs);
      const where = shiftConditions(await context.scope(), args.filter, forgottenBefore);
      const page = await listShiftPage(context.db, where, limit, after ? { startedAt: after[0]!, id: after[1]! } : null);
      return {
        ...page,
        cursorOf: (shift: ShiftRow) => encodeKeyCursor([shift.startedAt.toISOString(), shift.id]),
        totalCount: () => context.db.$count(shifts, where),
      };
    },
  }),
);
