import { graphql } from '../graphql/graphql';

/** What the "On the clock" board shows of a shift; the board query and live events select exactly this. */
export const ShiftFields = graphql(`
  fragment ShiftFields on Shift @_unmask {
    id
    version
    employeeId
    timeZone
    startedAt
    endedAt
    state
    forgotten
    forgottenAt
    updatedAt
    breaks {
      startedAt
      endedAt
    }
    employee {
      id
      name
    }
    costCenter {
      id
      code
    }
  }
`);
