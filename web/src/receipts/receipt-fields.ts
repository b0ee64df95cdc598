import { graphql } from '../graphql/graphql';
import { ReviewFields } from '../review/review-fields';

/** Everything the portal shows of a receipt; lists, forms and live events all select exactly this. */
export const ReceiptFields = graphql(
  `
    fragment ReceiptFields on Receipt @_unmask {
      id
      version
      date
      amountCents
      currency
      vendor
      category
      description
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
      photo {
        id
        contentType
        sizeBytes
        width
        height
        url
        thumbnailUrl
      }
    }
`,
  [ReviewFields],
);
