import type { ObjectRef } from '@pothos/core';
import { requireViewer } from '../auth/rules';
import type { EntryRow } from '../domain/entry-kind';
import { countEntries, listSubmittedPage, reviewQueueConditions, type EntryTable } from '../domain/entry-queries';
import { transitionEntry, type EntryReview } from '../domain/entry-workflow';
import { isLocked, maxReasonLength, type WorkflowAction } from '../domain/entry-status';
import { builder } from './builder';
import { EntryStatusEnum } from './enums';
import { transitionErrors } from './errors';
import { decodeKeyCursor, encodeKeyCursor, pageSize, type Page } from './pagination';
import { PersonRef, ReviewableInterface } from './refs';
import { writerOf } from './writer';

PersonRef.implement({
  description: 'Someone who took a step (reviewed, reimbursed, changed something), by name',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
  }),
});

ReviewableInterface.implement({
  description: 'Something reviewed: a mileage entry, a receipt, a time entry (by its week) or a timesheet',
  fields: (t) => ({
    status: t.field({ type: EntryStatusEnum, resolve: (record) => record.status }),
    locked: t.boolean({
      description: 'Approved or reimbursed: it cannot be changed or deleted (nor, for a week, added to) until an admin reopens it',
      resolve: (record) => isLocked(record.status),
    }),
    statusChangedAt: t.field({ type: 'DateTime', nullable: true, resolve: (record) => record.statusChangedAt }),
    statusChangedBy: t.field({ type: PersonRef, nullable: true, description: 'Who took the last review step', resolve: (record) => record.statusChangedById }),
    submittedAt: t.field({ type: 'DateTime', nullable: true, resolve: (record) => record.submittedAt }),
    reviewedAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was approved or rejected', resolve: (record) => record.reviewedAt }),
    reviewedBy: t.field({ type: PersonRef, nullable: true, description: 'Who approved or rejected it', resolve: (record) => record.reviewedById }),
    rejectionReason: t.string({ nullable: true, description: 'Why it was rejected, while it is REJECTED', resolve: (record) => record.rejectionReason }),
    reimbursedAt: t.field({ type: 'DateTime', nullable: true, resolve: (record) => record.reimbursedAt }),
    reimbursedBy: t.field({ type: PersonRef, nullable: true, resolve: (record) => record.reimbursedById }),
  }),
});

export const versionArgument = 'The version the client last saw; a mismatch is a conflict and nothing is written';
export const reasonDescription = `Why (1 to ${maxReasonLength} characters); shown to the employee and kept in the history`;

/** The review steps, as mutation names: submitMileageEntry, approveMileageEntry, ... */
export const reviewSteps: Array<{ action: WorkflowAction; verb: string; description: string; reason: boolean }> = [
  { action: 'SUBMIT', verb: 'submit', description: 'The owner sends a draft (or a rejected entry, once fixed) for review', reason: false },
  { action: 'APPROVE', verb: 'approve', description: 'A supervisor of the owner, or an admin, approves a submitted entry (never their own); it is locked from then on', reason: false },
  { action: 'REJECT', verb: 'reject', description: 'A supervisor of the owner, or an admin, sends a submitted entry back with a reason', reason: true },
  { action: 'REIMBURSE', verb: 'reimburse', description: 'An admin marks an approved entry as paid out', reason: false },
  { action: 'REOPEN', verb: 'reopen', description: 'An admin unlocks an approved or reimbursed entry, back to DRAFT; the reason is kept in the history', reason: true },
];

/**
 * The review queue and mutations of one entry type (mileage entries, receipts): `<listField>ToApprove`,
 * and one mutation per step of domain/entry-status.ts.
 */
export function defineEntryReview(options: {
  typename: string;
  listField: string;
  ref: ObjectRef<any, EntryRow>;
  connection: ObjectRef<any, Page<EntryRow>>;
  table: EntryTable;
  review: EntryReview<EntryRow>;
}): void {
  const { typename, ref, review, table } = options;
  builder.queryField(`${options.listField}ToApprove`, (t) =>
    t.field({
      type: options.connection,
      description: `Submitted ${typename}s the viewer reviews (never their own), the longest waiting first`,
      args: { first: t.arg.int({ required: false, description: 'Page size, 1 to 1000 (default 50)' }), after: t.arg.string({ required: false }) },
      resolve: async (_root, args, context) => {
        const viewer = requireViewer(context.viewer);
        const after = args.after ? decodeKeyCursor(args.after, 2) : null;
        const where = reviewQueueConditions(table, viewer, await context.scope());
        const page = await listSubmittedPage<EntryRow>(context.db, table, where, pageSize(args.first), after ? { submittedAt: after[0]!, id: after[1]! } : null);
        return {
          ...page,
          cursorOf: (entry: EntryRow & { submittedKey: string }) => encodeKeyCursor([entry.submittedKey, entry.id]),
          totalCount: () => countEntries(context.db, table, where),
        };
      },
    }),
  );
  for (const step of reviewSteps) {
    builder.mutationField(`${step.verb}${typename}`, (t) =>
      t.field({
        type: ref,
        description: step.description,
        errors: { types: transitionErrors },
        args: {
          id: t.arg.id({ required: true }),
          version: t.arg.int({ required: true, description: versionArgument }),
          ...(step.reason ? { reason: t.arg.string({ required: true, description: reasonDescription }) } : {}),
        },
        resolve: async (_root, args, context) => {
          const reason = 'reason' in args ? (args.reason as string) : null;
          return transitionEntry(await writerOf(context), review, String(args.id), args.version, step.action, reason);
        },
      }),
    );
  }
}
