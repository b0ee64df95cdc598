import { graphql } from '../graphql/graphql';
import { ReviewFields } from '../review/review-fields';
import { TimeEntryFields } from './time-entry-fields';

/** Everything the portal shows of a week; its entries carry the same fields as the time table. */
export const TimesheetFields = graphql(
  `
    fragment TimesheetFields on Timesheet @_unmask {
      id
      version
      weekStart
      weekEnd
      hours
      overtime {
        overtimeHours
      }
      employeeId
      employee {
        id
        name
      }
      ...ReviewFields
      entries {
        ...TimeEntryFields
      }
    }
  `,
  [ReviewFields, TimeEntryFields],
);
