/** The checks every dated, cost-centered entry form runs before sending anything. */
export const entryValidation = {
  costCenterId: (value: string | null) => (value ? null : 'Pick a cost center'),
  date: (value: string | null) => (value ? null : 'Pick a date'),
};
