import type { CombinedError } from '@urql/core';
import { formatDate } from '../lists/format';

export interface FieldMessage {
  field: string;
  message: string;
}

/** What one create, update or delete came to, for the form that sent it. */
export type WriteOutcome<Node> =
  | { kind: 'saved' }
  | { kind: 'invalid'; message: string; fields: readonly FieldMessage[] }
  | { kind: 'conflict'; message: string; current: Node }
  | { kind: 'failed'; message: string };

/** The members of every write result union, seen from the fields the portal selects on them. */
export interface WriteResult {
  __typename: string;
  message?: string;
  fields?: readonly FieldMessage[];
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

/**
 * Reads a write result union: the entity (or DeletedEntity) is success, ValidationError carries
 * per-field messages, VersionConflictError carries the entity as it is now, any other error its message.
 */
export function writeOutcome<Node extends { __typename: string }>(
  result: WriteResult | null | undefined,
  error: CombinedError | undefined,
  isNode: (value: { __typename: string }) => value is Node,
): WriteOutcome<Node> {
  if (!result) return { kind: 'failed', message: error?.message ?? 'No answer from the server. Try again.' };
  if (result.__typename === 'ValidationError') {
    return { kind: 'invalid', message: result.message ?? 'Some fields need attention', fields: result.fields ?? [] };
  }
  if (result.__typename === 'VersionConflictError' && result.current && isNode(result.current)) {
    return { kind: 'conflict', message: result.message ?? 'Someone else changed this entry', current: result.current };
  }
  if (result.__typename === 'LockedError') return { kind: 'failed', message: lockedMessage(result) };
  if (result.message !== undefined) return { kind: 'failed', message: result.message };
  return { kind: 'saved' };
}
