import type { ResultOf } from 'gql.tada';
import type { ListKind } from '../graphql/list-kind';
import { EmployeeFields } from './employee-fields';
import { EmployeesPage_List } from './employees-page-query';

/** The EmployeeFilter input. */
export interface EmployeeFilter {
  active?: boolean | null;
  costCenterId?: string | null;
  search?: string | null;
}

type Employee = ResultOf<typeof EmployeeFields>;

export const employeeList: ListKind<ResultOf<typeof EmployeesPage_List>, Employee, EmployeeFilter> = {
  typename: 'Employee',
  field: 'employees',
  pageQuery: EmployeesPage_List,
  fragment: EmployeeFields,
  connectionOf: (data) => data.employees,
  withConnection: (data, employees) => ({ ...data, employees }),
  matches(employee, filter) {
    const search = filter?.search?.trim().toLowerCase();
    return (
      (typeof filter?.active !== 'boolean' || employee.active === filter.active) &&
      (!filter?.costCenterId || employee.costCenters.some((center) => center.id === filter.costCenterId)) &&
      (!search || employee.name.toLowerCase().includes(search) || employee.email.toLowerCase().includes(search))
    );
  },
  // By name, then id, ascending, as the server's keyset order.
  precedes: (a, b) => (a.name === b.name ? a.id < b.id : a.name < b.name),
};
