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

function useCostCenterOptions() {
  const [{ data }] = useQuery({ query: CostCenterSelect_CostCenters });
  return (data?.costCenters ?? []).map((center) => ({ value: center.id, label: `${center.name} (${center.code})` }));
}

/** Picks one cost center. */
export function CostCenterSelect(props: Omit<SelectProps, 'data'>) {
  return <Select searchable {...props} data={useCostCenterOptions()} />;
}

/** Picks any number of cost centers. */
export function CostCenterMultiSelect(props: Omit<MultiSelectProps, 'data'>) {
  return <MultiSelect searchable {...props} data={useCostCenterOptions()} />;
}
