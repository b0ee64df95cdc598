import { MultiSelect, Select, type MultiSelectProps, type SelectProps } from '@mantine/core';
import { useQuery } from 'urql';
import { graphql } from '../graphql/graphql';

export const CostCenterSelect_CostCenters = graphql(`
  query CostCenterSelect_CostCenters {
    costCenters {
      id
      code
      name
    }
  }
`);

function useCostCenterOptions(only?: readonly string[] | null) {
  const [{ data }] = useQuery({ query: CostCenterSelect_CostCenters });
  return (data?.costCenters ?? [])
    .filter((center) => !only || only.includes(center.id))
    .map((center) => ({ value: center.id, label: `${center.name} (${center.code})` }));
}

/** Picks one cost center; `only` narrows the choice (to those an employee works for). */
export function CostCenterSelect({ only, ...props }: Omit<SelectProps, 'data'> & { only?: readonly string[] | null }) {
  return <Select searchable {...props} data={useCostCenterOptions(only)} />;
}

/** Picks any number of cost centers. */
export function CostCenterMultiSelect(props: Omit<MultiSelectProps, 'data'>) {
  return <MultiSelect searchable {...props} data={useCostCenterOptions()} />;
}
