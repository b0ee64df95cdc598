import { Select, type SelectProps } from '@mantine/core';
import { useQuery } from 'urql';
import { EmployeesPage_List } from '../employees/employees-page-query';

/** Everyone the viewer may see fits one page; the same query as the employees table, so it shares the live cache. */
export const pickerPage = { first: 500 } as const;

/** Picks one employee the viewer may see, by name. */
export function EmployeeSelect(props: Omit<SelectProps, 'data'>) {
  const [{ data, fetching }] = useQuery({ query: EmployeesPage_List, variables: pickerPage });
  const options = (data?.employees.nodes ?? []).map((employee) => ({ value: employee.id, label: employee.name }));
  return <Select searchable nothingFoundMessage="No one by that name" disabled={fetching && !data} {...props} data={options} />;
}
