import { requireViewer } from '../auth/rules';
import type { Context } from '../context';
import type { Writer } from '../domain/entity-writer';

/** The signed-in viewer as a writer; throws NotAuthenticatedError (a typed result) when signed out. */
export async function writerOf(context: Context): Promise<Writer> {
  const viewer = requireViewer(context.viewer);
  return { db: context.db, viewer, scope: await context.scope(), noteReplay: (key) => context.replayedIdempotencyKeys.add(key) };
}

/** GraphQL sends null for a field set to null; the domain treats null like an absent field except where it clears a value. */
export function withoutNulls(input: object, nullable: readonly string[] = []): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([key, value]) => value !== null || nullable.includes(key)));
}
