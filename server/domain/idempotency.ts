import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Transaction } from '../db/client';
import { idempotencyKeys } from '../db/schema';
import { ValidationError } from './errors';

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

/**
 * Claims an idempotency key inside the writer's transaction. Returns null when the key is new (the caller
 * goes on to write), or the id the first request created. A concurrent request with the same key waits on
 * the key's row and then sees the committed claim; if the first transaction rolled back, the key is free.
 */
export async function claimIdempotencyKey(tx: Transaction, claim: IdempotencyClaim): Promise<string | null> {
  const requestHash = hashRequest(claim.operation, claim.request);
  const inserted = await tx
    .insert(idempotencyKeys)
    .values({ scope: claim.scope, key: claim.key, operation: claim.operation, requestHash, entityId: claim.entityId })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (inserted.length > 0) return null;
  const [existing] = await tx
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, claim.scope), eq(idempotencyKeys.key, claim.key)));
  if (!existing) throw new Error('idempotency key vanished between insert and select');
  if (existing.requestHash !== requestHash) {
    throw ValidationError.of('idempotencyKey', 'was already used for a different request; use a new key for a new entry');
  }
  return existing.entityId;
}
