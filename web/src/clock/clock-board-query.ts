import { graphql } from '../graphql/graphql';
import { ShiftFields } from './shift-fields';

/**
 * The "On the clock" board of the viewer's scope. Shift events patch the shifts in place; the board as a
 * whole (who is on it, hours today) is dropped on every TIME_CLOCK event and fetched again (cache-options).
 */
export const ClockBoard_Query = graphql(
  `
    query ClockBoard_Query {
      clockBoard {
        asOf
        hoursToday
        onTheClock
        entries {
          state
          hoursToday
          employee {
            id
            name
          }
          shift {
            ...ShiftFields
          }
        }
      }
    }
  `,
  [ShiftFields],
);
