import { ShiftFields } from '../clock/shift-fields';
import { EmployeeFields } from '../employees/employee-fields';
import { graphql } from '../graphql/graphql';
import { MileageEntryFields } from '../mileage/mileage-entry-fields';
import { ReceiptFields } from '../receipts/receipt-fields';
import { TimeEntryFields } from '../time/time-entry-fields';

/**
 * Every change the viewer may see, from `after` on. The node carries the same fields the lists
 * select, so the cache can place a new entity into a list without asking the server.
 */
export const LiveSync_DataChanged = graphql(
  `
    subscription LiveSync_DataChanged($after: String) {
      dataChanged(after: $after) {
        cursor
        type
        action
        id
        employeeId
        at
        actor {
          id
          name
        }
        changedFields
        node {
          __typename
          ... on Employee {
            ...EmployeeFields
          }
          ... on MileageEntry {
            ...MileageEntryFields
          }
          ... on Receipt {
            ...ReceiptFields
          }
          ... on TimeEntry {
            ...TimeEntryFields
          }
          ... on Shift {
            ...ShiftFields
          }
        }
      }
    }
  `,
  [EmployeeFields, MileageEntryFields, ReceiptFields, TimeEntryFields, ShiftFields],
);
