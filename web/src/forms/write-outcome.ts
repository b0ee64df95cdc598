import type { CombinedError } from '@urql/core';
import type { graphql } from '../graphql/graphql';
import { requestErrorMessage } from '../graphql/request-error';
import { formatDate } from '../lists/format';

/** What the server may ask the user to confirm (schema enum WarningCode). */
export type WarningCode = ReturnType<typeof graphql.scalar<'WarningCode'>>;

export interface FieldMessage {
  field: string;
  message: string;
}

/** Something unusual the server asks the user to confirm before saving. */
export interface FieldWarning extends FieldMessage {
  code: WarningCode;
}

/** What one create, update or delete came to, for the form that sent it. */
export type WriteOutcome<Node> =
  | { kind: 'saved' }
  | { kind: 'invalid'; message: string; fields: readonly FieldMessage[] }
  | { kind: 'confirm'; message: string; warnings: readonly FieldWarning[] }
  | { kind: 'conflict'; message: string; current: Node }
  | { kind: 'failed'; message: string; reason?: string; unreachable?: boolean }
  /** Kept on this device: the server could not be reached; the outbox sends it when it can. */
  | { kind: 'queued' };

/** The members of every write result union, seen from the fields the portal selects on them. */
export interface WriteResult {
  __typename: string;
  message?: string;
  fields?: readonly FieldMessage[];
  warnings?: readonly FieldWarning[];
  current?: { __typename: string };
  /** A LockedError's state and who locked it. */
  status?: string;
  lockedAt?: string | null;
  lockedBy?: { name: string } | null;
}

/** "Approved by Sam Supervisor on Mar 31, 2026: it can no longer be changed. An admin can reopen it." */
function lockedMessage(result: WriteResult): string {
  const state = result.status === 'REIMBURSED' ? 'Reimbursed' : 'Approved';
  const by = result.lockedBy ? ` by ${result.lockedBy.name}` : '';
  const on = result.lockedAt ? ` on ${formatDate(result.lockedAt)}` : '';
  return `${state}${by}${on}: it can no longer be changed. An admin can reopen it.`;
}

/** A failed request: a bad value names its field when the server said which one (`extensions.field`). */
function requestFailure(error: CombinedError | undefined): WriteOutcome<never> {
  const field = error?.graphQLErrors.find((graphQLError) => graphQLError.extensions?.code === 'BAD_USER_INPUT')?.extensions?.field;
  if (typeof field === 'string') {
    return { kind: 'invalid', message: 'A value is out of range', fields: [{ field, message: 'is not a value that can be saved; check it' }] };
  }
  // No answer, or a proxy's instead of the server's: the write may be sent again with its idempotency key.
  return { kind: 'failed', message: requestErrorMessage(error, 'saved'), unreachable: error?.networkError !== undefined && error.graphQLErrors.length === 0 };
}

/**
 * Reads a write result union: the entity (or DeletedEntity) is success, ValidationError carries
 * per-field messages, VersionConflictError carries the entity as it is now, any other error its message.
 */
export function writeOutcome<Node extends { __typename: string }>(
  result: WriteResult | null | undefined,
  error: CombinedError | undefined,
  isNode: (value: { __typename: string }) => value is Node,
): WriteOutcome<Node> {
  if (!result) return requestFailure(error);
  if (result.__typename === 'ValidationError') {
    return { kind: 'invalid', message: result.message ?? 'Some fields need attention', fields: result.fields ?? [] };
  }
  if (result.__typename === 'ConfirmationRequiredError') {
    return { kind: 'confirm', message: result.message ?? 'Please confirm', warnings: result.warnings ?? [] };
  }
  if (result.__typename === 'NotFoundError') {
    return { kind: 'failed', reason: result.__typename, message: 'This was deleted by someone else, or you can no longer see it. Close this and check the list.' };
  }
  if (result.__typename === 'VersionConflictError' && result.current && isNode(result.current)) {
    return { kind: 'conflict', message: result.message ?? 'Someone else changed this entry', current: result.current };
  }
  if (result.__typename === 'LockedError') return { kind: 'failed', message: lockedMessage(result) };
  if (result.message !== undefined) return { kind: 'failed', reason: result.__typename, message: result.message };
  return { kind: 'saved' };
}
