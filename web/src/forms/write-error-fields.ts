import { graphql } from '../graphql/graphql';

/**
 * What every entry form reads from a failed write: the message, a ValidationError's message per
 * field, and who locked an approved entry. Unmasked, so `writeOutcome` reads it straight off the result.
 */
export const WriteErrorFields = graphql(`
  fragment WriteErrorFields on Error @_unmask {
    message
    ... on ValidationError {
      fields {
        field
        message
      }
    }
    ... on LockedError {
      status
      lockedAt
      lockedBy {
        id
        name
      }
    }
  }
`);
