import { graphql } from '../graphql/graphql';
import { EmployeeFields } from './employee-fields';

/** One page of employees, by name; every cached employees page (the table and the pickers) has exactly this shape. */
export const EmployeesPage_List = graphql(
  `
    query EmployeesPage_List($filter: EmployeeFilter, $first: Int, $after: String) {
      employees(filter: $filter, first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...EmployeeFields
        }
      }
    }
  `,
  [EmployeeFields],
);
