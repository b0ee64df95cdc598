import type { Typename } from './ids';

/** The kinds of data a client can subscribe to, as named in the public contract. */
export const dataTypes = ['EMPLOYEE', 'MILEAGE', 'RECEIPT', 'TIME_TRACKING', 'TIME_CLOCK'] as const;
export type DataType = (typeof dataTypes)[number];

export const changeActions = ['CREATE', 'UPDATE', 'DELETE'] as const;
export type ChangeAction = (typeof changeActions)[number];

export const typenameByDataType: Record<DataType, Typename> = {
  EMPLOYEE: 'Employee',
  MILEAGE: 'MileageEntry',
  RECEIPT: 'Receipt',
  TIME_TRACKING: 'TimeEntry',
  TIME_CLOCK: 'Shift',
};
