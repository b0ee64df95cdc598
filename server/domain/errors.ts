/** A problem with one input field, shown next to that field in a form. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** Input that breaks a rule; nothing was written. */
export class ValidationError extends Error {
  override name = 'ValidationError';
  constructor(readonly fields: FieldProblem[]) {
    super(fields.length === 1 ? `${fields[0]?.field}: ${fields[0]?.message}` : `${fields.length} fields are invalid`);
  }

  static of(field: string, message: string): ValidationError {
    return new ValidationError([{ field, message }]);
  }
}

/** The entity does not exist, or the viewer may not know that it does. */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
  constructor(readonly id: string) {
    super(`Nothing with id ${id} was found`);
  }
}

/** The viewer is signed in but may not do this. */
export class ForbiddenError extends Error {
  override name = 'ForbiddenError';
  constructor(message = 'You are not allowed to do this') {
    super(message);
  }
}

/** The request needs a signed-in viewer. */
export class NotAuthenticatedError extends Error {
  override name = 'NotAuthenticatedError';
  constructor() {
    super('Sign in first: send Authorization: Bearer <token> from the login mutation');
  }
}

/** Someone else changed the entity since the client read it; nothing was written. */
export class VersionConflictError extends Error {
  override name = 'VersionConflictError';
  constructor(
    readonly expectedVersion: number,
    /** The stored entity as it is now. */
    readonly current: { id: string; version: number },
  ) {
    super(`This entry was changed by someone else (you edited version ${expectedVersion}, it is now version ${current.version})`);
  }
}

/** Review states, as the database names them (db/schema.ts `entry_status`). */
export type ReviewStatus = 'DRAFT' | 'SUBMITTED' | 'APPROVED' | 'REJECTED' | 'REIMBURSED';

/**
 * The entry, or the week it belongs to, is approved or reimbursed: it cannot be created, changed or
 * deleted until an admin reopens it. Nothing was written.
 */
export class LockedError extends Error {
  override name = 'LockedError';
  constructor(
    /** The locked entry, or the timesheet whose week is locked. */
    readonly entityId: string,
    readonly status: ReviewStatus,
    /** Who approved or reimbursed it (null when they are unknown). */
    readonly lockedById: string | null,
    readonly lockedAt: Date | null,
    what = 'This entry',
  ) {
    super(`${what} is ${status.toLowerCase()} and can no longer be changed; an admin can reopen it`);
  }
}

/** The action does not apply to the entity's current review state (e.g. approving a draft). Nothing was written. */
export class IllegalTransitionError extends Error {
  override name = 'IllegalTransitionError';
  constructor(
    readonly action: string,
    readonly status: ReviewStatus,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Like VersionConflictError, for entities outside the change log (timesheets, mileage rates), whose
 * current state is any Node rather than a synced entity. Nothing was written.
 */
export class NodeVersionConflictError extends Error {
  override name = 'NodeVersionConflictError';
  constructor(
    readonly expectedVersion: number,
    readonly current: { id: string; version: number },
  ) {
    super(`This was changed by someone else (you saw version ${expectedVersion}, it is now version ${current.version})`);
  }
}

/** The idempotency key was already used for a different request; nothing was written. */
export class IdempotencyKeyReusedError extends Error {
  override name = 'IdempotencyKeyReusedError';
  constructor(readonly key: string) {
    super('This idempotency key was already used for a different request; use a new key for a new change');
  }
}

/** Where an employee is on the time clock. */
export const clockStates = ['NOT_CLOCKED_IN', 'ON_THE_CLOCK', 'ON_BREAK'] as const;
export type ClockState = (typeof clockStates)[number];

/**
 * The punch does not fit where the employee is on the clock: a second clock-in, a clock-out or a break
 * with no open shift, a break started twice or ended when none runs. Nothing was written.
 */
export class ClockStateError extends Error {
  override name = 'ClockStateError';
  constructor(
    readonly state: ClockState,
    /** The open shift, when there is one. */
    readonly shiftId: string | null,
    message: string,
  ) {
    super(message);
  }
}

export const punchTimeProblems = ['IN_THE_FUTURE', 'TOO_OLD', 'BEFORE_PREVIOUS_PUNCH'] as const;
export type PunchTimeProblem = (typeof punchTimeProblems)[number];

/** The punch's device time is outside the accepted window, or before the shift's previous punch. Nothing was written. */
export class PunchTimeError extends Error {
  override name = 'PunchTimeError';
  constructor(
    readonly problem: PunchTimeProblem,
    /** The earliest and latest device time that would have been accepted. */
    readonly earliest: Date,
    readonly latest: Date,
    message: string,
  ) {
    super(message);
  }
}

/** A correction would make the shift overlap another shift of the same employee. Nothing was written. */
export class ShiftOverlapError extends Error {
  override name = 'ShiftOverlapError';
  constructor(readonly otherShiftId: string) {
    super('The corrected times overlap another shift of this employee');
  }
}

/** Why an account is protected from a change. */
export type ProtectedAccountReason = 'OWN_ACCOUNT' | 'LAST_ADMIN';

/**
 * The change would lock everyone out of managing employees: nobody deletes, demotes or deactivates their
 * own account, and the last active admin stays an active admin. Nothing was written.
 */
export class ProtectedAccountError extends Error {
  override name = 'ProtectedAccountError';
  constructor(
    readonly reason: ProtectedAccountReason,
    message: string,
  ) {
    super(message);
  }
}

/** The employee has trips, receipts or hours, whose history must stay: deactivate instead. Nothing was written. */
export class EmployeeHasEntriesError extends Error {
  override name = 'EmployeeHasEntriesError';
  constructor(
    readonly employeeId: string,
    readonly entryCount: number,
  ) {
    super(`This employee has ${entryCount} ${entryCount === 1 ? 'entry' : 'entries'}; deactivate the account instead, so their history stays`);
  }
}

/** Something unusual the user confirms before it is saved (a trip dated ahead, miles far from the odometer). */
export interface Warning {
  code: WarningCode;
  field: string;
  message: string;
}

export const warningCodes = ['FUTURE_DATE', 'MILES_DIFFER_FROM_ODOMETER'] as const;
export type WarningCode = (typeof warningCodes)[number];

/** The input is valid but unusual; send it again with these codes in `confirmWarnings` to save it. Nothing was written. */
export class ConfirmationRequiredError extends Error {
  override name = 'ConfirmationRequiredError';
  constructor(readonly warnings: Warning[]) {
    super(warnings.length === 1 ? `Please confirm: ${warnings[0]?.message}` : `Please confirm ${warnings.length} unusual values`);
  }
}

/** Why an uploaded photo or PDF was refused (photos/photo-inspection.ts). */
export const photoRejectionReasons = [
  'EMPTY',
  'TOO_LARGE',
  'UNSUPPORTED_TYPE',
  'HEIC_NOT_SUPPORTED',
  'DAMAGED',
  'TOO_MANY_PIXELS',
  'PDF_ACTIVE_CONTENT',
  'PDF_ENCRYPTED',
] as const;
export type PhotoRejectionReason = (typeof photoRejectionReasons)[number];

/** The upload is not a photo or PDF this server keeps. Nothing was stored. */
export class PhotoRejectedError extends Error {
  override name = 'PhotoRejectedError';
  constructor(
    readonly reason: PhotoRejectionReason,
    message: string,
    /** What the bytes were found to be (e.g. application/x-elf), when anything was recognized. */
    readonly detectedType: string | null = null,
  ) {
    super(message);
  }
}
