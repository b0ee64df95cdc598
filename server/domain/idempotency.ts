import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Transaction } from '../db/client';
import { idempotencyKeys } from '../db/schema';
import { IdempotencyKeyReusedError, ValidationError } from './errors';

export interface IdempotencyClaim {
  /** Whose key it is: keys are per employee, so two phones cannot collide. */
  scope: string;
  key: string;
  operation: string;
  request: unknown;
  entityId: string;
}

/** A stable hash of a request: the same fields in any order hash the same. */
function hashRequest(operation: string, request: unknown): string {
  const canonical = JSON.stringify(request, (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)))
      : value,
  );
  return createHash('sha256').update(operation).update('\0').update(canonical).digest('base64url');
}

/** The row that claims a key (for a statement that claims it on a condition of its own, too). */
export function idempotencyKeyRow(claim: IdempotencyClaim) {
  return { scope: claim.scope, key: claim.key, operation: claim.operation, requestHash: hashRequest(claim.operation, claim.request), entityId: claim.entityId };
}

/**
 * A key's claim, as one statement: insert the key unless it is there. `settle` then says what it meant:
 * null when the key is new (the caller goes on to write), or the id of the entity the first request
 * wrote. A concurrent request with the same key waits on the key's row and then sees the committed
 * claim; if the first transaction rolled back, the key is free. The same key with a different request is
 * refused (IdempotencyKeyReusedError). The insert can run as a WITH of the write's first statement.
 */
export function idempotencyClaim(tx: Transaction, claim: IdempotencyClaim) {
  const values = idempotencyKeyRow(claim);
  const { requestHash } = values;
  return {
    insert: tx
      .insert(idempotencyKeys)
      .values(values)
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key }),
    async settle(inserted: boolean): Promise<string | null> {
      if (inserted) return null;
      const [existing] = await tx
        .select()
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.scope, claim.scope), eq(idempotencyKeys.key, claim.key)));
      if (!existing) throw new Error('idempotency key vanished between insert and select');
      if (existing.requestHash !== requestHash) throw new IdempotencyKeyReusedError(claim.key);
      return existing.entityId;
    },
  };
}

/** Claims an idempotency key inside the writer's transaction, on its own (see idempotencyClaim). */
export async function claimIdempotencyKey(tx: Transaction, claim: IdempotencyClaim): Promise<string | null> {
  const { insert, settle } = idempotencyClaim(tx, claim);
  return settle((await insert).length > 0);
}

const maxKeyLength = 200;

/** A key as a client sent it: absent, or 1 to 200 characters. */
export function checkIdempotencyKey(key: string | null | undefined): string | null {
  if (key === null || key === undefined) return null;
  if (key.length === 0 || key.length > maxKeyLength) throw ValidationError.of('idempotencyKey', `must be 1 to ${maxKeyLength} characters`);
  return key;
}
