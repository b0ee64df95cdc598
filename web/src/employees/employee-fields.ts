import { graphql } from '../graphql/graphql';

/** Everything the portal shows of an employee; lists, forms and live events all select exactly this. */
export const EmployeeFields = graphql(`
  fragment EmployeeFields on Employee @_unmask {
    id
    version
    name
    email
    role
    active
    createdAt
    updatedAt
    costCenters {
      id
      code
      name
    }
  }
`);
