import { graphql } from '../graphql/graphql';

/**
 * What every entry form reads from a failed write: the message, a ValidationError's message per
 * field, the warnings to confirm, and who locked an approved entry. Unmasked, so `writeOutcome` reads it straight off the result.
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
    ... on ConfirmationRequiredError {
      warnings {
        code
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
