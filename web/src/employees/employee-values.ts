import type { ResultOf } from 'gql.tada';
import type { Names } from '../forms/use-names';
import { humanize } from '../lists/format';
import type { EmployeeFields } from './employee-fields';

export type Employee = ResultOf<typeof EmployeeFields>;
export type Role = Employee['role'];

export const isEmployee = (value: { __typename: string }): value is Employee & { __typename: 'Employee' } => value.__typename === 'Employee';

export const roles: Role[] = ['EMPLOYEE', 'SUPERVISOR', 'ADMIN'];

export type EmployeeValues = {
  name: string;
  email: string;
  role: Role | null;
  active: boolean;
  costCenterIds: string[];
  /** Empty keeps the current password. */
  password: string;
};

export const newEmployeeValues: EmployeeValues = { name: '', email: '', role: 'EMPLOYEE', active: true, costCenterIds: [], password: '' };

export function employeeValues(employee: Employee): EmployeeValues {
  return {
    name: employee.name,
    email: employee.email,
    role: employee.role,
    active: employee.active,
    costCenterIds: employee.costCenters.map((center) => center.id),
    password: '',
  };
}

/** The employee in words, field by field, for comparing two versions. */
export function describeEmployee(values: EmployeeValues, names: Names): Array<[string, string]> {
  return [
    ['Name', values.name],
    ['Email', values.email],
    ['Role', values.role ? humanize(values.role) : '—'],
    ['Active', values.active ? 'Yes' : 'No'],
    ['Cost centers', values.costCenterIds.map((id) => names.costCenter(id)).join(', ') || '—'],
  ];
}
