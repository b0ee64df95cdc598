import { requireViewer } from '../auth/rules';
import type { PunchKind } from '../db/schema';
import { checkIdempotencyKey } from '../domain/idempotency';
import { punch } from '../domain/punches';
import { correctShift } from '../domain/shift-corrections';
import { clockBoard, openShiftOfEmployee, type BoardRow } from '../domain/shift-queries';
import { builder } from './builder';
import { idempotencyKeyDescription } from './entry';
import { correctionErrors, punchErrors } from './errors';
import { reasonDescription, versionArgument } from './review';
import { EmployeeRef, ShiftRef } from './refs';
import { withoutNulls, writerOf } from './writer';

const LocationInput = builder.inputType('CoarseLocationInput', {
  description: 'Send only when the employee consented to share where they punch; stored rounded to about a kilometre',
  fields: (t) => ({ latitude: t.float({ required: true }), longitude: t.float({ required: true }) }),
});

const PunchInput = builder.inputType('PunchInput', {
  description: "A punch as the phone makes it. `at` is the device's clock when the employee tapped (kept, with `timeZone`, beside the server's receipt time).",
  fields: (t) => ({
    at: t.field({ type: 'DateTime', required: true, description: 'When the punch was made, by the device clock; accepted from PUNCH_OFFLINE_WINDOW_HOURS (default 72) ago to PUNCH_FUTURE_TOLERANCE_SECONDS (default 120) ahead' }),
    timeZone: t.string({ required: true, description: 'The IANA zone of the device, e.g. Europe/Berlin (not an offset)' }),
    costCenterId: t.id({ required: false, description: 'clockIn only: one of your cost centers; may be left out when you work for exactly one' }),
    note: t.string({ required: false, description: 'Up to 500 characters' }),
    location: t.field({ type: LocationInput, required: false }),
  }),
});

const punchOperations: Array<{ field: string; kind: PunchKind; description: string }> = [
  { field: 'clockIn', kind: 'CLOCK_IN', description: 'Starts a shift for the signed-in employee (one open shift at a time)' },
  { field: 'startBreak', kind: 'BREAK_START', description: 'Starts a break in the open shift' },
  { field: 'endBreak', kind: 'BREAK_END', description: 'Ends the running break' },
  { field: 'clockOut', kind: 'CLOCK_OUT', description: "Closes the open shift (ending a running break) and turns it into the days' time entries" },
];

for (const operation of punchOperations) {
  builder.mutationField(operation.field, (t) =>
    t.field({
      type: ShiftRef,
      description: `${operation.description}. Answers with the shift after the punch, or a typed error with nothing written.`,
      errors: { types: punchErrors },
      args: {
        input: t.arg({ type: PunchInput, required: true }),
        idempotencyKey: t.arg.string({ required: false, description: `${idempotencyKeyDescription} Phones send one with every punch, so a punch retried from the outbox counts once.` }),
      },
      resolve: async (_root, { input, idempotencyKey }, context) =>
        punch(await writerOf(context), context.config.timeClock, operation.kind, withoutNulls(input), checkIdempotencyKey(idempotencyKey)),
    }),
  );
}

const BreakInput = builder.inputType('ShiftBreakInput', {
  fields: (t) => ({
    startedAt: t.field({ type: 'DateTime', required: true }),
    endedAt: t.field({ type: 'DateTime', required: false, description: 'Null only for a break still running in an open shift' }),
  }),
});

const CorrectShiftInput = builder.inputType('CorrectShiftInput', {
  description: 'The fields to change; absent fields keep their value. `breaks`, when given, replaces all breaks.',
  fields: (t) => ({
    startedAt: t.field({ type: 'DateTime', required: false }),
    endedAt: t.field({ type: 'DateTime', required: false, description: 'Closes a forgotten shift; a closed shift cannot be reopened' }),
    breaks: t.field({ type: [BreakInput], required: false }),
    costCenterId: t.id({ required: false }),
    note: t.string({ required: false }),
  }),
});

builder.mutationField('correctShift', (t) =>
  t.field({
    type: ShiftRef,
    description:
      "A supervisor of the employee, or an admin, corrects a shift (never their own): times, breaks, cost center, note. The reason is kept in the history; the raw punches stay as they were; the shift's time entries follow.",
    errors: { types: correctionErrors },
    args: {
      id: t.arg.id({ required: true }),
      version: t.arg.int({ required: true, description: versionArgument }),
      input: t.arg({ type: CorrectShiftInput, required: true }),
      reason: t.arg.string({ required: true, description: reasonDescription }),
      idempotencyKey: t.arg.string({ required: false, description: idempotencyKeyDescription }),
    },
    resolve: async (_root, args, context) => {
      const input = withoutNulls(args.input, ['endedAt']);
      const breaks = args.input.breaks?.map((item) => ({ startedAt: item.startedAt, endedAt: item.endedAt ?? null }));
      return correctShift(
        await writerOf(context),
        context.config.timeClock,
        String(args.id),
        args.version,
        { ...input, ...(breaks ? { breaks } : {}), reason: args.reason },
        checkIdempotencyKey(args.idempotencyKey),
      );
    },
  }),
);

const BoardStateEnum = builder.enumType('ClockBoardState', {
  values: ['ON_THE_CLOCK', 'ON_BREAK', 'CLOCKED_OUT'] as const,
});

const BoardEntryRef = builder.objectRef<BoardRow>('ClockBoardEntry').implement({
  description: "One employee's place on the clock today",
  fields: (t) => ({
    employee: t.field({ type: EmployeeRef, resolve: (row) => row.employeeId }),
    state: t.field({ type: BoardStateEnum, resolve: (row) => (row.state === 'NOT_CLOCKED_IN' ? 'CLOCKED_OUT' : row.state) }),
    shift: t.field({ type: ShiftRef, description: 'Their open shift, or the last one they worked today', resolve: (row) => row.shift }),
    hoursToday: t.float({ description: 'Worked today (in the shift’s zone) as of `asOf`, breaks subtracted', resolve: (row) => row.hoursToday }),
  }),
});

const BoardRef = builder.objectRef<{ asOf: Date; rows: BoardRow[] }>('ClockBoard').implement({
  description: 'Who is on the clock now, on a break, or clocked out today, among the employees the viewer may see',
  fields: (t) => ({
    asOf: t.field({ type: 'DateTime', description: 'When the hours were measured; running shifts keep counting from here', resolve: (board) => board.asOf }),
    entries: t.field({ type: [BoardEntryRef], description: 'Earliest clock-in first', resolve: (board) => board.rows }),
    hoursToday: t.float({ description: 'The sum of everyone’s hours today', resolve: (board) => Math.round(board.rows.reduce((sum, row) => sum + row.hoursToday, 0) * 100) / 100 }),
    onTheClock: t.int({ description: 'How many are working now (on a break or not)', resolve: (board) => board.rows.filter((row) => row.state !== 'CLOCKED_OUT').length }),
  }),
});

builder.queryFields((t) => ({
  currentShift: t.field({
    type: ShiftRef,
    nullable: true,
    description: "The signed-in employee's open shift; null when not clocked in",
    resolve: (_root, _args, context) => openShiftOfEmployee(context.db, requireViewer(context.viewer).employeeId),
  }),
  clockBoard: t.field({
    type: BoardRef,
    description: 'The live "On the clock" board; follow it with dataChanged(type: TIME_CLOCK)',
    resolve: async (_root, _args, context) => {
      const asOf = new Date();
      return { asOf, rows: await clockBoard(context.db, await context.scope(), asOf) };
    },
  }),
}));
