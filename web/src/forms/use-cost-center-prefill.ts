import { useEffect } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../graphql/graphql';

const CostCenterPrefill_Employee = graphql(`
  query CostCenterPrefill_Employee($id: ID!) {
    node(id: $id) {
      __typename
      ... on Employee {
        id
        costCenters {
          id
        }
      }
    }
  }
`);

/**
 * The cost centers an entry of `employeeId` may be charged to (the server refuses others), or null
 * while unknown. A new entry of someone in exactly one cost center gets it filled in.
 */
export function useCostCenterPrefill(employeeId: string | null, current: string | null, isNew: boolean, fill: (costCenterId: string) => void): string[] | null {
  const [{ data }] = useQuery({ query: CostCenterPrefill_Employee, variables: { id: employeeId ?? '' }, pause: !employeeId });
  const allowed = data?.node?.__typename === 'Employee' ? data.node.costCenters.map((center) => center.id) : null;
  const only = allowed?.length === 1 ? allowed[0] : undefined;
  useEffect(() => {
    if (isNew && only && current !== only) fill(only);
    // Only when the employee (and with it the only choice) changes: a user's own pick is kept.
  }, [only, isNew]);
  return allowed && current && !allowed.includes(current) ? [...allowed, current] : allowed;
}
