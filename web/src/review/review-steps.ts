import type { Viewer } from '../app/viewer-context';

export type ReviewStatus = 'DRAFT' | 'SUBMITTED' | 'APPROVED' | 'REJECTED' | 'REIMBURSED';
export type ReviewStep = 'SUBMIT' | 'APPROVE' | 'REJECT' | 'REIMBURSE' | 'REOPEN';

/** A reviewed record as the buttons need it. */
export interface Reviewed {
  id: string;
  version: number;
  employeeId: string;
  status: ReviewStatus;
}

/**
 * The steps to offer the viewer on a record. The server decides (domain/entry-status.ts) and answers a
 * step it refuses with a typed error; this only hides buttons that could not work. It is not a
 * `viewerCanX` field because change events are rendered once for every viewer sharing a scope.
 */
export function offeredSteps(viewer: Viewer, record: Reviewed, reimbursable: boolean): ReviewStep[] {
  const own = record.employeeId === viewer.id;
  const reviewer = !own && viewer.role !== 'EMPLOYEE';
  const admin = viewer.role === 'ADMIN';
  switch (record.status) {
    case 'DRAFT':
    case 'REJECTED':
      return own ? ['SUBMIT'] : [];
    case 'SUBMITTED':
      return reviewer ? ['APPROVE', 'REJECT'] : [];
    case 'APPROVED':
      return admin ? [...(reimbursable ? (['REIMBURSE'] as const) : []), 'REOPEN'] : [];
    case 'REIMBURSED':
      return admin ? ['REOPEN'] : [];
  }
}

export const stepLabels: Record<ReviewStep, string> = {
  SUBMIT: 'Submit',
  APPROVE: 'Approve',
  REJECT: 'Reject',
  REIMBURSE: 'Mark reimbursed',
  REOPEN: 'Reopen',
};

/** What a step did, in the past tense, for toasts: "approved", "marked reimbursed". */
export const stepDone: Record<ReviewStatus, string> = {
  DRAFT: 'reopened',
  SUBMITTED: 'submitted',
  APPROVED: 'approved',
  REJECTED: 'rejected',
  REIMBURSED: 'marked reimbursed',
};
