import { describe, expect, it } from 'vitest';
import type { Scope } from '../../server/auth/rules';
import type { Viewer } from '../../server/auth/viewer';
import type { EntryStatus } from '../../server/db/schema';
import { assertUnlocked, planTransition, workflowActions, type WorkflowAction } from '../../server/domain/entry-status';
import { ForbiddenError, IllegalTransitionError, LockedError, ValidationError } from '../../server/domain/errors';

const viewer = (employeeId: string, role: Viewer['role']): Viewer => ({ employeeId, name: employeeId, role, sessionId: 's', sessionExpiresAt: new Date() });
const employee = viewer('emp_jordan', 'EMPLOYEE');
const supervisor = viewer('emp_sam', 'SUPERVISOR');
const admin = viewer('emp_avery', 'ADMIN');
const scopeOf = (who: Viewer): Scope =>
  who.role === 'ADMIN' ? { kind: 'all' } : { kind: 'employees', employeeIds: new Set(who.role === 'SUPERVISOR' ? [who.employeeId, 'emp_jordan'] : [who.employeeId]) };
const statuses: EntryStatus[] = ['DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED', 'REIMBURSED'];

/** The table from the issue, written out independently of the implementation: [from, action] -> to. */
const legal: Record<string, EntryStatus> = {
  'DRAFT SUBMIT': 'SUBMITTED',
  'REJECTED SUBMIT': 'SUBMITTED',
  'SUBMITTED APPROVE': 'APPROVED',
  'SUBMITTED REJECT': 'REJECTED',
  'APPROVED REIMBURSE': 'REIMBURSED',
  'APPROVED REOPEN': 'DRAFT',
  'REIMBURSED REOPEN': 'DRAFT',
};

const decide = (action: WorkflowAction, who: Viewer, status: EntryStatus, reason: string | null = 'because') =>
  planTransition({ action, viewer: who, scope: scopeOf(who), ownerId: 'emp_jordan', status, reimbursable: true, reason }, 'now');

/** Who may take each step on Jordan's entry (a supervisor of Jordan, an admin, Jordan himself). */
const actorFor: Record<WorkflowAction, Viewer> = { SUBMIT: employee, APPROVE: supervisor, REJECT: supervisor, REIMBURSE: admin, REOPEN: admin };

describe('the review state machine', () => {
  it.each(statuses.flatMap((status) => workflowActions.map((action) => [status, action] as const)))('%s + %s: moves exactly as the table says', (status, action) => {
    const to = legal[`${status} ${action}`];
    if (to) expect(decide(action, actorFor[action], status).status).toBe(to);
    else expect(() => decide(action, actorFor[action], status)).toThrow(IllegalTransitionError);
  });

  it('lets nobody approve or reject their own entry, not even an admin', () => {
    const own = (who: Viewer, action: WorkflowAction) =>
      planTransition({ action, viewer: who, scope: scopeOf(who), ownerId: who.employeeId, status: 'SUBMITTED', reimbursable: true, reason: 'x' }, 'now');
    for (const who of [employee, supervisor, admin]) {
      expect(() => own(who, 'APPROVE')).toThrow(ForbiddenError);
      expect(() => own(who, 'REJECT')).toThrow(ForbiddenError);
    }
  });

  it('gives each step to its actor only: the owner submits, reviewers review, admins reimburse and reopen', () => {
    expect(() => decide('SUBMIT', supervisor, 'DRAFT')).toThrow(ForbiddenError);
    expect(() => decide('APPROVE', employee, 'SUBMITTED')).toThrow(ForbiddenError);
    expect(() => decide('REIMBURSE', supervisor, 'APPROVED')).toThrow(ForbiddenError);
    expect(() => decide('REOPEN', supervisor, 'APPROVED')).toThrow(ForbiddenError);
    const outsider = viewer('emp_other_supervisor', 'SUPERVISOR');
    const outsiderScope: Scope = { kind: 'employees', employeeIds: new Set([outsider.employeeId]) };
    expect(() =>
      planTransition({ action: 'APPROVE', viewer: outsider, scope: outsiderScope, ownerId: 'emp_jordan', status: 'SUBMITTED', reimbursable: true }, 'now'),
    ).toThrow(ForbiddenError);
    expect(decide('APPROVE', admin, 'SUBMITTED').reviewedById).toBe(admin.employeeId);
  });

  it('requires a reason to reject and to reopen, and records it on a rejection', () => {
    expect(() => decide('REJECT', supervisor, 'SUBMITTED', '  ')).toThrow(ValidationError);
    expect(() => decide('REOPEN', admin, 'APPROVED', null)).toThrow(ValidationError);
    expect(() => decide('REJECT', supervisor, 'SUBMITTED', 'x'.repeat(501))).toThrow(ValidationError);
    expect(decide('REJECT', supervisor, 'SUBMITTED', ' No receipt photo ').rejectionReason).toBe('No receipt photo');
    expect(decide('SUBMIT', employee, 'REJECTED').rejectionReason).toBeNull();
  });

  it('never reimburses a week of hours', () => {
    expect(() =>
      planTransition({ action: 'REIMBURSE', viewer: admin, scope: scopeOf(admin), ownerId: 'emp_jordan', status: 'APPROVED', reimbursable: false }, 'now'),
    ).toThrow(IllegalTransitionError);
  });

  it('locks approved and reimbursed records, naming who locked them and when', () => {
    const at = new Date('2026-03-31T10:00:00Z');
    const record = { id: 'mil_1', reviewedById: 'emp_sam', reviewedAt: at, reimbursedById: 'emp_avery', reimbursedAt: new Date('2026-04-02T10:00:00Z') };
    for (const status of ['DRAFT', 'SUBMITTED', 'REJECTED'] as const) expect(() => assertUnlocked({ ...record, status })).not.toThrow();
    const approved = (() => {
      try {
        assertUnlocked({ ...record, status: 'APPROVED' });
      } catch (error) {
        return error;
      }
    })();
    expect(approved).toBeInstanceOf(LockedError);
    expect(approved).toMatchObject({ status: 'APPROVED', lockedById: 'emp_sam', lockedAt: at });
    expect(() => assertUnlocked({ ...record, status: 'REIMBURSED' })).toThrow(expect.objectContaining({ lockedById: 'emp_avery' }));
  });
});
