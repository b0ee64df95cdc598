import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import { requireViewer } from '../auth/rules';
import type { Context } from '../context';
import { timesheets, type TimeEntryRow, type TimesheetRow } from '../db/schema';
import { listSubmittedPage, reviewQueueConditions } from '../domain/entry-queries';
import type { WorkflowAction } from '../domain/entry-status';
import { entriesOfWeeks, listTimesheetPage, timesheetConditions, weekKey } from '../domain/timesheet-queries';
import { weekOvertime, type WeekOvertime } from '../domain/overtime';
import { transitionTimesheet } from '../domain/timesheet-workflow';
import { weekEndOf } from '../domain/timesheets';
import { builder } from './builder';
import { EntryStatusEnum } from './enums';
import { nodeTransitionErrors } from './errors';
import { connectionType, decodeKeyCursor, encodeKeyCursor, pageSize } from './pagination';
import { EmployeeRef, isEntity, NodeInterface, ReviewableInterface, TimeEntryRef, TimesheetRef } from './refs';
import { reasonDescription, reviewSteps, versionArgument } from './review';
import { writerOf } from './writer';

/** The entries of the weeks resolved together, in one statement (uncached: a subscription keeps its context). */
const weekEntries = createContextCache(
  (context: Context) =>
    new DataLoader<TimesheetRow, TimeEntryRow[], string>(
      async (sheets) => {
        const byWeek = await entriesOfWeeks(context.db, sheets);
        return sheets.map((sheet) => byWeek.get(weekKey(sheet.employeeId, sheet.weekStart)) ?? []);
      },
      { cache: false, cacheKeyFn: (sheet) => sheet.id },
    ),
);

const WeekOvertimeRef = builder.objectRef<WeekOvertime>('WeekOvertime').implement({
  description: 'A week past OVERTIME_WEEKLY_HOURS (default 40) worked hours is in overtime',
  fields: (t) => ({
    workedHours: t.exposeFloat('workedHours', { description: 'Every category but LEAVE' }),
    regularHours: t.exposeFloat('regularHours'),
    overtimeHours: t.exposeFloat('overtimeHours', { description: 'Worked hours past the threshold' }),
    thresholdHours: t.float({ resolve: (_week, _args, context) => context.config.timeClock.weeklyOvertimeHours }),
  }),
});

TimesheetRef.implement({
  description: "One employee's hours of one week (Monday to Sunday), reviewed as a whole; its entries carry its status",
  interfaces: [NodeInterface, ReviewableInterface],
  isTypeOf: isEntity('Timesheet'),
  fields: (t) => ({
    employeeId: t.exposeID('employeeId'),
    employee: t.field({ type: EmployeeRef, resolve: (sheet) => sheet.employeeId }),
    weekStart: t.expose('weekStart', { type: 'Date', description: 'The Monday' }),
    weekEnd: t.field({ type: 'Date', description: 'The Sunday', resolve: (sheet) => weekEndOf(sheet.weekStart) }),
    entries: t.field({ type: [TimeEntryRef], description: 'By day', resolve: (sheet, _args, context) => weekEntries(context).load(sheet) }),
    hours: t.float({
      resolve: async (sheet, _args, context) => {
        const entries = await weekEntries(context).load(sheet);
        return Math.round(entries.reduce((sum, entry) => sum + entry.hours, 0) * 100) / 100;
      },
    }),
    overtime: t.field({
      type: WeekOvertimeRef,
      description: 'Worked hours of the week split at the weekly overtime threshold',
      resolve: async (sheet, _args, context) => weekOvertime(await weekEntries(context).load(sheet), context.config.timeClock.weeklyOvertimeHours),
    }),
  }),
});

const TimesheetFilterInput = builder.inputType('TimesheetFilter', {
  fields: (t) => ({
    employeeId: t.id({ required: false }),
    from: t.field({ type: 'Date', required: false, description: 'Weeks that end on or after this day' }),
    to: t.field({ type: 'Date', required: false, description: 'Weeks that start on or before this day' }),
    status: t.field({ type: [EntryStatusEnum], required: false }),
  }),
});

const TimesheetConnection = connectionType<TimesheetRow>('Timesheet', TimesheetRef);

builder.queryFields((t) => ({
  timesheets: t.field({
    type: TimesheetConnection,
    description: 'Weeks with hours logged, of the employees the viewer may see, newest first',
    args: {
      filter: t.arg({ type: TimesheetFilterInput, required: false }),
      first: t.arg.int({ required: false, description: 'Page size, 1 to 1000 (default 50)' }),
      after: t.arg.string({ required: false }),
    },
    resolve: async (_root, args, context) => {
      const limit = pageSize(args.first);
      const after = args.after ? decodeKeyCursor(args.after, 2) : null;
      const where = timesheetConditions(await context.scope(), args.filter);
      const page = await listTimesheetPage(context.db, where, limit, after ? { weekStart: after[0]!, id: after[1]! } : null);
      return {
        ...page,
        cursorOf: (sheet: TimesheetRow) => encodeKeyCursor([sheet.weekStart, sheet.id]),
        totalCount: async () => (await context.db.$count(timesheets, where)),
      };
    },
  }),
  timesheetsToApprove: t.field({
    type: TimesheetConnection,
    description: 'Submitted weeks the viewer reviews (never their own), the longest waiting first',
    args: { first: t.arg.int({ required: false }), after: t.arg.string({ required: false }) },
    resolve: async (_root, args, context) => {
      const viewer = requireViewer(context.viewer);
      const after = args.after ? decodeKeyCursor(args.after, 2) : null;
      const where = reviewQueueConditions(timesheets, viewer, await context.scope());
      const page = await listSubmittedPage<TimesheetRow>(context.db, timesheets, where, pageSize(args.first), after ? { submittedAt: after[0]!, id: after[1]! } : null);
      return {
        ...page,
        cursorOf: (sheet: TimesheetRow & { submittedKey: string }) => encodeKeyCursor([sheet.submittedKey, sheet.id]),
        totalCount: () => context.db.$count(timesheets, where),
      };
    },
  }),
}));

const weekSteps: Partial<Record<WorkflowAction, string>> = {
  SUBMIT: 'The employee sends their week (a draft, or a rejected week once fixed) for review',
  APPROVE: "A supervisor of the employee, or an admin, approves a submitted week (never their own): its hours are locked, and no hours can be added to it",
  REJECT: 'A supervisor of the employee, or an admin, sends a submitted week back with a reason',
  REOPEN: 'An admin unlocks an approved week, back to DRAFT; the reason is kept in the history',
};

for (const step of reviewSteps) {
  const description = weekSteps[step.action];
  // Hours are paid through payroll: a week is never reimbursed.
  if (!description) continue;
  builder.mutationField(`${step.verb}Timesheet`, (t) =>
    t.field({
      type: TimesheetRef,
      description: `${description}. Every entry of the week takes the same step.`,
      errors: { types: nodeTransitionErrors },
      args: {
        id: t.arg.id({ required: true }),
        version: t.arg.int({ required: true, description: versionArgument }),
        ...(step.reason ? { reason: t.arg.string({ required: true, description: reasonDescription }) } : {}),
      },
      resolve: async (_root, args, context) => {
        const reason = 'reason' in args ? (args.reason as string) : null;
        return transitionTimesheet(await writerOf(context), String(args.id), args.version, step.action, reason);
      },
    }),
  );
}
