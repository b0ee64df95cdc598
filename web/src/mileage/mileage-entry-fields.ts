import { graphql } from '../graphql/graphql';
import { ReviewFields } from '../review/review-fields';

/** Everything the portal shows of a trip; lists, forms and live events all select exactly this. */
export const MileageEntryFields = graphql(
  `
    fragment MileageEntryFields on MileageEntry @_unmask {
      id
      version
      date
      miles
      startLocation
      endLocation
      purpose
      odometerStart
      odometerEnd
      employeeId
      costCenterId
      createdAt
      updatedAt
      ...ReviewFields
      reimbursement {
        centsPerMile
        amountCents
        fixed
      }
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
