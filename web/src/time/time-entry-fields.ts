import { graphql } from '../graphql/graphql';
import { ReviewFields } from '../review/review-fields';

/** Everything the portal shows of a day's hours; lists, forms and live events all select exactly this. */
export const TimeEntryFields = graphql(
  `
    fragment TimeEntryFields on TimeEntry @_unmask {
      id
      version
      date
      hours
      timeCategory
      notes
      employeeId
      costCenterId
      createdAt
      updatedAt
      ...ReviewFields
      employee {
        id
        name
      }
      costCenter {
        id
        code
        name
      }
    }
`,
  [ReviewFields],
);
