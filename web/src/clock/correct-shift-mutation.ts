import { graphql } from '../graphql/graphql';
import { ShiftFields } from './shift-fields';

/** A supervisor's correction of a shift from the board, with the reason kept in the history. */
export const CorrectShift_Mutation = graphql(
  `
    mutation CorrectShift_Mutation($id: ID!, $version: Int!, $input: CorrectShiftInput!, $reason: String!) {
      correctShift(id: $id, version: $version, input: $input, reason: $reason) {
        __typename
        ... on Shift {
          ...ShiftFields
        }
        ... on ValidationError {
          fields {
            field
            message
          }
        }
        ... on Error {
          message
        }
      }
    }
  `,
  [ShiftFields],
);
