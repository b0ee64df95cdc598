import { graphql } from '../graphql/graphql';

/** Where an entry or a week is in review, and who moved it there; every reviewed fragment spreads this. */
export const ReviewFields = graphql(`
  fragment ReviewFields on Reviewable @_unmask {
    status
    locked
    rejectionReason
    submittedAt
    reviewedAt
    reimbursedAt
    statusChangedAt
    statusChangedBy {
      id
      name
    }
    reviewedBy {
      id
      name
    }
  }
`);
