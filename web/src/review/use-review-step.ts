import { useClient } from 'urql';
import { writeOutcome, type WriteOutcome } from '../forms/write-outcome';
import { reviewMutations, type ReviewedTypename, type ReviewResult } from './review-mutations';
import type { Reviewed, ReviewStep } from './review-steps';

/** Runs one review step on a record and reads the answer as a WriteOutcome (a LockedError or an illegal step is `failed` with the server's message). */
export function useReviewStep(): (typename: ReviewedTypename, step: ReviewStep, record: Reviewed, reason?: string) => Promise<WriteOutcome<ReviewResult>> {
  const client = useClient();
  return async (typename, step, record, reason) => {
    const document = reviewMutations[typename][step];
    if (!document) return { kind: 'failed', message: `A ${typename} has no step ${step}` };
    const result = await client.mutation(document, { id: record.id, version: record.version, ...(reason === undefined ? {} : { reason }) }).toPromise();
    const answer = result.data ? Object.values(result.data)[0] : undefined;
    return writeOutcome(answer, result.error, (value): value is ReviewResult => value.__typename === typename);
  };
}
