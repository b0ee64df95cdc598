import dayjs from 'dayjs';
import type { ResultOf } from 'gql.tada';
import type { Names } from '../forms/use-names';
import { formatDate, formatMiles } from '../lists/format';
import type { MileageEntryFields } from './mileage-entry-fields';

export type MileageEntry = ResultOf<typeof MileageEntryFields>;

export const isMileageEntry = (value: { __typename: string }): value is MileageEntry & { __typename: 'MileageEntry' } =>
  value.__typename === 'MileageEntry';

export type MileageValues = {
  employeeId: string | null;
  costCenterId: string | null;
  date: string | null;
  startLocation: string;
  endLocation: string;
  miles: number | string;
  odometerStart: number | string;
  odometerEnd: number | string;
  purpose: string;
};

export function newMileageValues(employeeId: string): MileageValues {
  return {
    employeeId,
    costCenterId: null,
    date: dayjs().format('YYYY-MM-DD'),
    startLocation: '',
    endLocation: '',
    miles: '',
    odometerStart: '',
    odometerEnd: '',
    purpose: '',
  };
}

export function mileageValues(entry: MileageEntry): MileageValues {
  return {
    employeeId: entry.employeeId,
    costCenterId: entry.costCenterId,
    date: entry.date,
    startLocation: entry.startLocation,
    endLocation: entry.endLocation,
    miles: entry.miles,
    odometerStart: entry.odometerStart ?? '',
    odometerEnd: entry.odometerEnd ?? '',
    purpose: entry.purpose,
  };
}

/** An optional whole number from a number field: empty stays empty (null). */
export function optionalInteger(value: number | string): number | null {
  return value === '' ? null : Math.round(Number(value));
}

/** The trip in words, field by field, for comparing two versions. */
export function describeMileage(values: MileageValues, names: Names): Array<[string, string]> {
  return [
    ['Employee', names.employee(values.employeeId)],
    ['Cost center', names.costCenter(values.costCenterId)],
    ['Date', values.date ? formatDate(values.date) : '—'],
    ['From', values.startLocation],
    ['To', values.endLocation],
    ['Miles', values.miles === '' ? '—' : formatMiles(Number(values.miles))],
    ['Odometer', `${values.odometerStart === '' ? '—' : values.odometerStart} → ${values.odometerEnd === '' ? '—' : values.odometerEnd}`],
    ['Purpose', values.purpose],
  ];
}
