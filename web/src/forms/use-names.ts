import { useQuery } from 'urql';
import { EmployeesPage_List } from '../employees/employees-page-query';
import { CostCenterSelect_CostCenters } from '../lists/CostCenterSelect';
import { pickerPage } from '../lists/EmployeeSelect';

export interface Names {
  employee(id: string | null | undefined): string;
  costCenter(id: string | null | undefined): string;
}

/** Names for the ids a form holds, from the pickers' cached lists, for showing two versions side by side. */
export function useNames(): Names {
  const [{ data: people }] = useQuery({ query: EmployeesPage_List, variables: pickerPage });
  const [{ data: centers }] = useQuery({ query: CostCenterSelect_CostCenters });
  return {
    employee: (id) => people?.employees.nodes.find((employee) => employee.id === id)?.name ?? id ?? '—',
    costCenter: (id) => centers?.costCenters.find((center) => center.id === id)?.name ?? id ?? '—',
  };
}
