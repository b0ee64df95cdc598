import { eq } from 'drizzle-orm';
import { shifts } from '../db/schema';
import {
  clockStates,
  ConfirmationRequiredError,
  EmployeeHasEntriesError,
  ClockStateError,
  ForbiddenError,
  IdempotencyKeyReusedError,
  IllegalTransitionError,
  LockedError,
  NodeVersionConflictError,
  NotAuthenticatedError,
  NotFoundError,
  PhotoRejectedError,
  photoRejectionReasons,
  PunchTimeError,
  punchTimeProblems,
  ShiftOverlapError,
  ProtectedAccountError,
  ValidationError,
  VersionConflictError,
  warningCodes,
  type FieldProblem,
  type Warning,
} from '../domain/errors';
import { builder } from './builder';
import { EntryStatusEnum } from './enums';
import { NodeInterface, PersonRef, ShiftRef, SyncNodeUnion } from './refs';

export const ErrorInterface = builder.interfaceRef<Error>('Error').implement({
  description: 'An expected failure: nothing was written',
  fields: (t) => ({
    message: t.exposeString('message'),
  }),
});

const FieldErrorRef = builder.objectRef<FieldProblem>('FieldError').implement({
  description: 'What is wrong with one input field',
  fields: (t) => ({
    field: t.exposeString('field', { description: 'The input field, e.g. `miles` or `costCenterIds`' }),
    message: t.exposeString('message', { description: 'Shown next to the field, e.g. "must not be negative"' }),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ValidationError,
  fields: (t) => ({
    fields: t.field({ type: [FieldErrorRef], resolve: (error) => error.fields }),
  }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof NotFoundError,
  fields: (t) => ({
    id: t.exposeID('id'),
  }),
});

builder.objectType(ForbiddenError, {
  name: 'ForbiddenError',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ForbiddenError,
  fields: () => ({}),
});

builder.objectType(NotAuthenticatedError, {
  name: 'NotAuthenticatedError',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof NotAuthenticatedError,
  fields: () => ({}),
});

builder.objectType(VersionConflictError, {
  name: 'VersionConflictError',
  description: 'Someone else changed the entity since you read it. Nothing was written; `current` is the entity as it is now.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof VersionConflictError,
  fields: (t) => ({
    expectedVersion: t.exposeInt('expectedVersion'),
    current: t.field({ type: SyncNodeUnion, resolve: (error) => error.current as never }),
  }),
});

builder.objectType(NodeVersionConflictError, {
  name: 'NodeVersionConflictError',
  description: 'Someone else changed it since you read it (a timesheet or a mileage rate). Nothing was written; `current` is how it is now.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof NodeVersionConflictError,
  fields: (t) => ({
    expectedVersion: t.exposeInt('expectedVersion'),
    current: t.field({ type: NodeInterface, resolve: (error) => error.current as never }),
  }),
});

builder.objectType(LockedError, {
  name: 'LockedError',
  description: 'The entry, or its week, is approved or reimbursed: it cannot be created, changed or deleted until an admin reopens it. Nothing was written.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof LockedError,
  fields: (t) => ({
    entityId: t.exposeID('entityId', { description: 'The locked entry, or the timesheet of the locked week' }),
    status: t.field({ type: EntryStatusEnum, resolve: (error) => error.status }),
    lockedBy: t.field({ type: PersonRef, nullable: true, description: 'Who approved or reimbursed it', resolve: (error) => error.lockedById }),
    lockedAt: t.field({ type: 'DateTime', nullable: true, resolve: (error) => error.lockedAt }),
  }),
});

builder.objectType(IllegalTransitionError, {
  name: 'IllegalTransitionError',
  description: 'The review step does not apply to the current status (e.g. approving a draft). Nothing was written.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof IllegalTransitionError,
  fields: (t) => ({
    status: t.field({ type: EntryStatusEnum, description: 'The status it is in', resolve: (error) => error.status }),
  }),
});

builder.objectType(IdempotencyKeyReusedError, {
  name: 'IdempotencyKeyReusedError',
  description: 'The idempotency key was already used for a different request (another entity, other fields). Nothing was written; make a new key for a new change.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof IdempotencyKeyReusedError,
  fields: (t) => ({ key: t.exposeString('key') }),
});

export const ClockStateEnum = builder.enumType('ClockState', {
  description: 'Where an employee is on the time clock',
  values: clockStates,
});

builder.objectType(ClockStateError, {
  name: 'ClockStateError',
  description: 'The punch does not fit where you are on the clock (a second clock-in, a clock-out or break with no open shift, a break started twice or ended when none runs). Nothing was written.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ClockStateError,
  fields: (t) => ({
    state: t.field({ type: ClockStateEnum, description: 'Where you are on the clock now', resolve: (error) => error.state }),
    shiftId: t.exposeID('shiftId', { nullable: true, description: 'Your open shift, when there is one' }),
  }),
});

const PunchTimeProblemEnum = builder.enumType('PunchTimeProblem', {
  description: "IN_THE_FUTURE: ahead of the server's clock by more than the tolerance. TOO_OLD: older than the offline window. BEFORE_PREVIOUS_PUNCH: before the shift's (or the previous shift's) last punch.",
  values: punchTimeProblems,
});

builder.objectType(PunchTimeError, {
  name: 'PunchTimeError',
  description: "The punch's device time is outside the accepted window or before the previous punch. Nothing was written.",
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof PunchTimeError,
  fields: (t) => ({
    problem: t.field({ type: PunchTimeProblemEnum, resolve: (error) => error.problem }),
    earliest: t.field({ type: 'DateTime', description: 'The earliest device time that would be accepted now', resolve: (error) => error.earliest }),
    latest: t.field({ type: 'DateTime', description: 'The latest device time that would be accepted now', resolve: (error) => error.latest }),
  }),
});

builder.objectType(ShiftOverlapError, {
  name: 'ShiftOverlapError',
  description: 'The corrected shift would overlap another shift of the same employee. Nothing was written.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ShiftOverlapError,
  fields: (t) => ({
    other: t.field({
      type: ShiftRef,
      nullable: true,
      description: 'The shift it would overlap (of the same employee, so visible to whoever corrected)',
      resolve: async (error, _args, context) => (await context.db.select().from(shifts).where(eq(shifts.id, error.otherShiftId)))[0] ?? null,
    }),
  }),
});

export const WarningCodeEnum = builder.enumType('WarningCode', {
  description: 'FUTURE_DATE: dated after today. MILES_DIFFER_FROM_ODOMETER: miles far from the odometer difference.',
  values: warningCodes,
});

const WarningRef = builder.objectRef<Warning>('Warning').implement({
  description: 'Something valid but unusual about one input field, for the user to confirm',
  fields: (t) => ({
    code: t.field({ type: WarningCodeEnum, resolve: (warning) => warning.code }),
    field: t.exposeString('field'),
    message: t.exposeString('message', { description: 'Shown next to the field, e.g. "is in the future"' }),
  }),
});

builder.objectType(ConfirmationRequiredError, {
  name: 'ConfirmationRequiredError',
  description: 'The input is valid but unusual. Nothing was written; send it again with the codes in `confirmWarnings` once the user confirmed.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ConfirmationRequiredError,
  fields: (t) => ({
    warnings: t.field({ type: [WarningRef], resolve: (error) => error.warnings }),
  }),
});

const ProtectedAccountReasonEnum = builder.enumType('ProtectedAccountReason', {
  description: 'OWN_ACCOUNT: nobody deletes, demotes or deactivates themselves. LAST_ADMIN: the last active admin stays an active admin.',
  values: ['OWN_ACCOUNT', 'LAST_ADMIN'] as const,
});

builder.objectType(ProtectedAccountError, {
  name: 'ProtectedAccountError',
  description: 'The change would leave nobody able to manage employees, or takes away your own access. Nothing was written.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ProtectedAccountError,
  fields: (t) => ({
    reason: t.field({ type: ProtectedAccountReasonEnum, resolve: (error) => error.reason }),
  }),
});

builder.objectType(EmployeeHasEntriesError, {
  name: 'EmployeeHasEntriesError',
  description: 'The employee has trips, receipts or hours, whose history must stay: set `active: false` instead. Nothing was written.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof EmployeeHasEntriesError,
  fields: (t) => ({
    entryCount: t.exposeInt('entryCount'),
  }),
});

const PhotoRejectionReasonEnum = builder.enumType('PhotoRejectionReason', {
  description:
    'EMPTY: no bytes. TOO_LARGE: over 10 MB. UNSUPPORTED_TYPE: the bytes are not JPEG, PNG, WebP or PDF, whatever the name says. HEIC_NOT_SUPPORTED: a HEIC/HEIF photo, which this server cannot decode. DAMAGED: cut short or corrupt. TOO_MANY_PIXELS: more than 50 megapixels (a decompression bomb, or a panorama). PDF_ACTIVE_CONTENT: a PDF with scripts, actions or embedded files. PDF_ENCRYPTED: a PDF that cannot be checked.',
  values: photoRejectionReasons,
});

builder.objectType(PhotoRejectedError, {
  name: 'PhotoRejectedError',
  description: 'The upload is not a photo or PDF the server keeps. Nothing was stored.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof PhotoRejectedError,
  fields: (t) => ({
    reason: t.field({ type: PhotoRejectionReasonEnum, resolve: (error) => error.reason }),
    detectedType: t.exposeString('detectedType', { nullable: true, description: 'What the bytes were found to be (e.g. application/x-elf), when anything was recognized' }),
  }),
});

/**
 * Errors every create, update and delete can end in. NotAuthenticatedError is not returned any more (a
 * request without a valid session gets HTTP 401 and code UNAUTHENTICATED); it stays listed so documents
 * written against earlier versions stay valid.
 */
export const writeErrors = [ValidationError, NotFoundError, ForbiddenError, NotAuthenticatedError, VersionConflictError, IdempotencyKeyReusedError];
/** Errors a create can end in (nothing to be in conflict with; not found only on a replay of an entity since deleted or moved out of reach). */
export const createErrors = [ValidationError, NotFoundError, ForbiddenError, NotAuthenticatedError, IdempotencyKeyReusedError];
/** Entry writes also meet locks: an approved entry, or (for hours) an approved week. */
export const entryWriteErrors = [...writeErrors, LockedError];
/** Entry creates and updates may also ask the user to confirm unusual values. */
export const entryCreateErrors = [...createErrors, ConfirmationRequiredError];
export const lockableEntryCreateErrors = [...entryCreateErrors, LockedError];
export const entryUpdateErrors = [...entryWriteErrors, ConfirmationRequiredError];
/** Errors a review step on an entry can end in. */
export const transitionErrors = [IllegalTransitionError, ...writeErrors];
/** Changing an employee also meets the account protections; deleting one, their entries. */
export const employeeUpdateErrors = [...writeErrors, ProtectedAccountError];
export const employeeDeleteErrors = [...employeeUpdateErrors, EmployeeHasEntriesError];
/** Errors of writes to entities outside the change log (timesheets, mileage rates). */
export const nodeCreateErrors = [ValidationError, ForbiddenError, NotAuthenticatedError];
export const nodeWriteErrors = [ValidationError, NotFoundError, ForbiddenError, NotAuthenticatedError, NodeVersionConflictError];
export const nodeTransitionErrors = [IllegalTransitionError, ...nodeWriteErrors];
/** Errors attaching a photo to a receipt can end in: those of editing it, and a refused file. */
export const photoAttachErrors = [...entryWriteErrors, PhotoRejectedError];
/** Errors a punch can end in; every punch is the signed-in employee's own. */
export const punchErrors = [ClockStateError, PunchTimeError, ValidationError, ForbiddenError, LockedError, IdempotencyKeyReusedError, NotFoundError];
/** Errors a supervisor's correction of a shift can end in. */
export const correctionErrors = [ShiftOverlapError, LockedError, ...writeErrors];
