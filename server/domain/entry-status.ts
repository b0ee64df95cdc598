import { canAccessEmployee, type Scope } from '../auth/rules';
import type { Viewer } from '../auth/viewer';
import type { EntryStatus } from '../db/schema';
import { ForbiddenError, IllegalTransitionError, LockedError, ValidationError } from './errors';

/**
 * The review workflow of mileage entries, receipts and timesheets, as one state machine:
 *
 *   DRAFT --submit--> SUBMITTED --approve--> APPROVED --reimburse--> REIMBURSED
 *   REJECTED <--reject-- SUBMITTED;  REJECTED --submit--> SUBMITTED
 *   APPROVED | REIMBURSED --reopen--> DRAFT
 *
 * Who may act: the owner submits their own; a supervisor (for employees in their scope) or an admin
 * approves and rejects, never their own; an admin reimburses and reopens. APPROVED and REIMBURSED
 * records are locked: nothing edits or deletes them until an admin reopens them. Resolvers and writers
 * ask this module; none of them re-implements a rule.
 */
export const workflowActions = ['SUBMIT', 'APPROVE', 'REJECT', 'REIMBURSE', 'REOPEN'] as const;
export type WorkflowAction = (typeof workflowActions)[number];

type Actor = 'owner' | 'reviewer' | 'admin';

interface Rule {
  from: readonly EntryStatus[];
  to: EntryStatus;
  actor: Actor;
  /** A reason is required and recorded (shown to the employee on a rejection). */
  needsReason: boolean;
  /** Only for records that are paid out (mileage and receipts; not timesheets). */
  reimbursableOnly?: boolean;
}

const rules: Record<WorkflowAction, Rule> = {
  SUBMIT: { from: ['DRAFT', 'REJECTED'], to: 'SUBMITTED', actor: 'owner', needsReason: false },
  APPROVE: { from: ['SUBMITTED'], to: 'APPROVED', actor: 'reviewer', needsReason: false },
  REJECT: { from: ['SUBMITTED'], to: 'REJECTED', actor: 'reviewer', needsReason: true },
  REIMBURSE: { from: ['APPROVED'], to: 'REIMBURSED', actor: 'admin', needsReason: false, reimbursableOnly: true },
  REOPEN: { from: ['APPROVED', 'REIMBURSED'], to: 'DRAFT', actor: 'admin', needsReason: true },
};

/** Statuses in which a record can be neither edited nor deleted (nor, for a week, added to). */
export const lockedStatuses: readonly EntryStatus[] = ['APPROVED', 'REIMBURSED'];

export const maxReasonLength = 500;

/** The review columns every entry and timesheet carries (db/schema.ts `workflowColumns`). */
export interface WorkflowRecord {
  id: string;
  status: EntryStatus;
  reviewedById: string | null;
  reviewedAt: Date | null;
  reimbursedById: string | null;
  reimbursedAt: Date | null;
}

export interface TransitionRequest {
  action: WorkflowAction;
  viewer: Viewer;
  scope: Scope;
  ownerId: string;
  status: EntryStatus;
  /** False for timesheets: hours are paid through payroll. */
  reimbursable: boolean;
  reason?: string | null;
  /** How messages name the record: "an entry" (default) or "a week". */
  noun?: string;
}

/** The review columns a transition sets, with `now` (e.g. SQL `now()`) for its timestamps. */
export interface TransitionColumns<Now> {
  status: EntryStatus;
  statusChangedAt: Now;
  statusChangedById: string;
  submittedAt?: Now | null;
  reviewedAt?: Now | null;
  reviewedById?: string | null;
  rejectionReason?: string | null;
  reimbursedAt?: Now | null;
  reimbursedById?: string | null;
}

const verbs: Record<WorkflowAction, string> = {
  SUBMIT: 'submit',
  APPROVE: 'approve',
  REJECT: 'reject',
  REIMBURSE: 'mark reimbursed',
  REOPEN: 'reopen',
};

function assertActor(rule: Rule, request: TransitionRequest): void {
  const { viewer, ownerId, action } = request;
  const own = viewer.employeeId === ownerId;
  const verb = verbs[action];
  if (rule.actor === 'owner' && !own) throw new ForbiddenError(`Only the employee who logged it can ${verb} it`);
  if (rule.actor === 'admin' && viewer.role !== 'ADMIN') throw new ForbiddenError(`Only an admin can ${verb} it`);
  if (rule.actor === 'reviewer') {
    if (own) throw new ForbiddenError(`You cannot ${verb} your own entries; another supervisor or an admin does`);
    const reviewer = viewer.role === 'ADMIN' || (viewer.role === 'SUPERVISOR' && canAccessEmployee(request.scope, ownerId));
    if (!reviewer) throw new ForbiddenError(`Only a supervisor of this employee or an admin can ${verb} it`);
  }
}

function checkedReason(rule: Rule, reason: string | null | undefined): string | null {
  if (!rule.needsReason) return null;
  const text = reason?.trim() ?? '';
  if (text.length === 0) throw ValidationError.of('reason', 'must not be empty');
  if (text.length > maxReasonLength) throw ValidationError.of('reason', `must be at most ${maxReasonLength} characters`);
  if (text.includes('\u0000')) throw ValidationError.of('reason', 'must not contain NUL characters');
  return text;
}

/**
 * Decides one transition: throws ForbiddenError when the viewer may not take it, IllegalTransitionError
 * when the record's status does not allow it, ValidationError for a missing reason; otherwise returns
 * the columns to write. The caller has already checked that the viewer may see the record.
 */
export function planTransition<Now>(request: TransitionRequest, now: Now): TransitionColumns<Now> {
  const rule = rules[request.action];
  const verb = verbs[request.action];
  if (rule.reimbursableOnly && !request.reimbursable) {
    throw new IllegalTransitionError(request.action, request.status, `Hours are paid through payroll; a week cannot be ${verb}ed`);
  }
  assertActor(rule, request);
  if (!rule.from.includes(request.status)) {
    const allowed = rule.from.map((status) => status.toLowerCase()).join(' or ');
    const noun = request.noun ?? 'an entry';
    throw new IllegalTransitionError(request.action, request.status, `Cannot ${verb} ${noun} that is ${request.status.toLowerCase()}; only one that is ${allowed}`);
  }
  const reason = checkedReason(rule, request.reason);
  const base = { status: rule.to, statusChangedAt: now, statusChangedById: request.viewer.employeeId };
  const actor = request.viewer.employeeId;
  switch (request.action) {
    case 'SUBMIT':
      return { ...base, submittedAt: now, reviewedAt: null, reviewedById: null, rejectionReason: null };
    case 'APPROVE':
      return { ...base, reviewedAt: now, reviewedById: actor, rejectionReason: null };
    case 'REJECT':
      return { ...base, reviewedAt: now, reviewedById: actor, rejectionReason: reason };
    case 'REIMBURSE':
      return { ...base, reimbursedAt: now, reimbursedById: actor };
    case 'REOPEN':
      return { ...base, submittedAt: null, reviewedAt: null, reviewedById: null, rejectionReason: null, reimbursedAt: null, reimbursedById: null };
  }
}

/** Whether `action` is open to the record's status at all (whoever asks). */
export function transitionApplies(action: WorkflowAction, status: EntryStatus, reimbursable: boolean): boolean {
  const rule = rules[action];
  return rule.from.includes(status) && (!rule.reimbursableOnly || reimbursable);
}

export function isLocked(status: EntryStatus): boolean {
  return lockedStatuses.includes(status);
}

/** Throws LockedError when the record is approved or reimbursed, naming who locked it and when. */
export function assertUnlocked(record: WorkflowRecord, what?: string): void {
  if (!isLocked(record.status)) return;
  const reimbursed = record.status === 'REIMBURSED';
  throw new LockedError(
    record.id,
    record.status,
    reimbursed ? record.reimbursedById : record.reviewedById,
    reimbursed ? record.reimbursedAt : record.reviewedAt,
    what,
  );
}
