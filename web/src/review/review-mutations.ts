import type { TypedDocumentNode } from '@urql/core';
import { WriteErrorFields } from '../forms/write-error-fields';
import { graphql } from '../graphql/graphql';
import { MileageEntryFields } from '../mileage/mileage-entry-fields';
import { ReceiptFields } from '../receipts/receipt-fields';
import { TimesheetFields } from '../time/timesheet-fields';
import type { ReviewStep } from './review-steps';

const ReviewButtons_SubmitMileageEntry = graphql(
  `
    mutation ReviewButtons_SubmitMileageEntry($id: ID!, $version: Int!) {
      submitMileageEntry(id: $id, version: $version) {
        __typename
        ... on MileageEntry {
          ...MileageEntryFields
        }
        ...WriteErrorFields
      }
    }
  `,
  [MileageEntryFields, WriteErrorFields],
);

const ReviewButtons_ApproveMileageEntry = graphql(
  `
    mutation ReviewButtons_ApproveMileageEntry($id: ID!, $version: Int!) {
      approveMileageEntry(id: $id, version: $version) {
        __typename
        ... on MileageEntry {
          ...MileageEntryFields
        }
        ...WriteErrorFields
      }
    }
  `,
  [MileageEntryFields, WriteErrorFields],
);

const ReviewButtons_RejectMileageEntry = graphql(
  `
    mutation ReviewButtons_RejectMileageEntry($id: ID!, $version: Int!, $reason: String!) {
      rejectMileageEntry(id: $id, version: $version, reason: $reason) {
        __typename
        ... on MileageEntry {
          ...MileageEntryFields
        }
        ...WriteErrorFields
      }
    }
  `,
  [MileageEntryFields, WriteErrorFields],
);

const ReviewButtons_ReimburseMileageEntry = graphql(
  `
    mutation ReviewButtons_ReimburseMileageEntry($id: ID!, $version: Int!) {
      reimburseMileageEntry(id: $id, version: $version) {
        __typename
        ... on MileageEntry {
          ...MileageEntryFields
        }
        ...WriteErrorFields
      }
    }
  `,
  [MileageEntryFields, WriteErrorFields],
);

const ReviewButtons_ReopenMileageEntry = graphql(
  `
    mutation ReviewButtons_ReopenMileageEntry($id: ID!, $version: Int!, $reason: String!) {
      reopenMileageEntry(id: $id, version: $version, reason: $reason) {
        __typename
        ... on MileageEntry {
          ...MileageEntryFields
        }
        ...WriteErrorFields
      }
    }
  `,
  [MileageEntryFields, WriteErrorFields],
);

const ReviewButtons_SubmitReceipt = graphql(
  `
    mutation ReviewButtons_SubmitReceipt($id: ID!, $version: Int!) {
      submitReceipt(id: $id, version: $version) {
        __typename
        ... on Receipt {
          ...ReceiptFields
        }
        ...WriteErrorFields
      }
    }
  `,
  [ReceiptFields, WriteErrorFields],
);

const ReviewButtons_ApproveReceipt = graphql(
  `
    mutation ReviewButtons_ApproveReceipt($id: ID!, $version: Int!) {
      approveReceipt(id: $id, version: $version) {
        __typename
        ... on Receipt {
          ...ReceiptFields
        }
        ...WriteErrorFields
      }
    }
  `,
  [ReceiptFields, WriteErrorFields],
);

const ReviewButtons_RejectReceipt = graphql(
  `
    mutation ReviewButtons_RejectReceipt($id: ID!, $version: Int!, $reason: String!) {
      rejectReceipt(id: $id, version: $version, reason: $reason) {
        __typename
        ... on Receipt {
          ...ReceiptFields
        }
        ...WriteErrorFields
      }
    }
  `,
  [ReceiptFields, WriteErrorFields],
);

const ReviewButtons_ReimburseReceipt = graphql(
  `
    mutation ReviewButtons_ReimburseReceipt($id: ID!, $version: Int!) {
      reimburseReceipt(id: $id, version: $version) {
        __typename
        ... on Receipt {
          ...ReceiptFields
        }
        ...WriteErrorFields
      }
    }
  `,
  [ReceiptFields, WriteErrorFields],
);

const ReviewButtons_ReopenReceipt = graphql(
  `
    mutation ReviewButtons_ReopenReceipt($id: ID!, $version: Int!, $reason: String!) {
      reopenReceipt(id: $id, version: $version, reason: $reason) {
        __typename
        ... on Receipt {
          ...ReceiptFields
        }
        ...WriteErrorFields
      }
    }
  `,
  [ReceiptFields, WriteErrorFields],
);

const ReviewButtons_SubmitTimesheet = graphql(
  `
    mutation ReviewButtons_SubmitTimesheet($id: ID!, $version: Int!) {
      submitTimesheet(id: $id, version: $version) {
        __typename
        ... on Timesheet {
          ...TimesheetFields
        }
        ...WriteErrorFields
      }
    }
  `,
  [TimesheetFields, WriteErrorFields],
);

const ReviewButtons_ApproveTimesheet = graphql(
  `
    mutation ReviewButtons_ApproveTimesheet($id: ID!, $version: Int!) {
      approveTimesheet(id: $id, version: $version) {
        __typename
        ... on Timesheet {
          ...TimesheetFields
        }
        ...WriteErrorFields
      }
    }
  `,
  [TimesheetFields, WriteErrorFields],
);

const ReviewButtons_RejectTimesheet = graphql(
  `
    mutation ReviewButtons_RejectTimesheet($id: ID!, $version: Int!, $reason: String!) {
      rejectTimesheet(id: $id, version: $version, reason: $reason) {
        __typename
        ... on Timesheet {
          ...TimesheetFields
        }
        ...WriteErrorFields
      }
    }
  `,
  [TimesheetFields, WriteErrorFields],
);

const ReviewButtons_ReopenTimesheet = graphql(
  `
    mutation ReviewButtons_ReopenTimesheet($id: ID!, $version: Int!, $reason: String!) {
      reopenTimesheet(id: $id, version: $version, reason: $reason) {
        __typename
        ... on Timesheet {
          ...TimesheetFields
        }
        ...WriteErrorFields
      }
    }
  `,
  [TimesheetFields, WriteErrorFields],
);

/** The result of any review step: the record, or a typed error (read with writeOutcome). */
export interface ReviewResult {
  __typename: string;
  message?: string;
}

export type ReviewedTypename = 'MileageEntry' | 'Receipt' | 'Timesheet';

type StepVariables = { id: string; version: number; reason?: string };

/** The mutation of each review step of each reviewed type, as one table. */
export const reviewMutations: Record<ReviewedTypename, Partial<Record<ReviewStep, TypedDocumentNode<Record<string, ReviewResult>, StepVariables>>>> = {
  MileageEntry: {
    SUBMIT: ReviewButtons_SubmitMileageEntry as unknown as TypedDocumentNode<Record<string, ReviewResult>, StepVariables>,
    APPROVE: ReviewButtons_ApproveMileageEntry as unknown as TypedDocumentNode<Record<string, ReviewResult>, StepVariables>,
    REJECT: ReviewButtons_RejectMileageEntry as unknown as TypedDocumentNode<Record<string, ReviewResult>, StepVariables>,
    REIMBURSE: ReviewButtons_ReimburseMileageEntry as unknown as TypedDocumentNode<Record<string, ReviewResult>, StepVariables>,
    REOPEN: ReviewButtons_ReopenMileageEntry as unknown as TypedDocumentNode<Record<string, ReviewResult>, StepVariables>,
  },
  Receipt: {
    SUBMIT: ReviewButtons_SubmitReceipt as unknown as TypedDocumentNode<Record<string, ReviewResult>, StepVariables>,
    APPROVE: ReviewButtons_ApproveReceipt as unknown as TypedDocumentNode<Record<string, ReviewResult>, StepVariables>,
    REJECT: ReviewButtons_RejectReceipt as unknown as TypedDocumentNode<Record<string, ReviewResult>, StepVariables>,
    REIMBURSE: ReviewButtons_ReimburseReceipt as unknown as TypedDocumentNode<Record<string, ReviewResult>, StepVariables>,
    REOPEN: ReviewButtons_ReopenReceipt as unknown as TypedDocumentNode<Record<string, ReviewResult>, StepVariables>,
  },
  Timesheet: {
    SUBMIT: ReviewButtons_SubmitTimesheet as unknown as TypedDocumentNode<Record<string, ReviewResult>, StepVariables>,
    APPROVE: ReviewButtons_ApproveTimesheet as unknown as TypedDocumentNode<Record<string, ReviewResult>, StepVariables>,
    REJECT: ReviewButtons_RejectTimesheet as unknown as TypedDocumentNode<Record<string, ReviewResult>, StepVariables>,
    REOPEN: ReviewButtons_ReopenTimesheet as unknown as TypedDocumentNode<Record<string, ReviewResult>, StepVariables>,
  },
};
