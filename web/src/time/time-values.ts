import dayjs from 'dayjs';
import type { ResultOf } from 'gql.tada';
import type { Names } from '../forms/use-names';
import { formatDate, formatHours, humanize } from '../lists/format';
import type { TimeEntryFields } from './time-entry-fields';

export type TimeEntry = ResultOf<typeof TimeEntryFields>;
export type TimeCategory = TimeEntry['timeCategory'];

export const isTimeEntry = (value: { __typename: string }): value is TimeEntry & { __typename: 'TimeEntry' } => value.__typename === 'TimeEntry';

export const timeCategories: TimeCategory[] = ['REGULAR', 'OVERTIME', 'TRAVEL', 'TRAINING', 'LEAVE'];

export type TimeValues = {
  employeeId: string | null;
  costCenterId: string | null;
  date: string | null;
  hours: number | string;
  timeCategory: TimeCategory | null;
  notes: string;
};

export function newTimeValues(employeeId: string): TimeValues {
  return { employeeId, costCenterId: null, date: dayjs().format('YYYY-MM-DD'), hours: '', timeCategory: 'REGULAR', notes: '' };
}

export function timeValues(entry: TimeEntry): TimeValues {
  return {
    employeeId: entry.employeeId,
    costCenterId: entry.costCenterId,
    date: entry.date,
    hours: entry.hours,
    timeCategory: entry.timeCategory,
    notes: entry.notes,
  };
}

/** The day's hours in words, field by field, for comparing two versions. */
export function describeTime(values: TimeValues, names: Names): Array<[string, string]> {
  return [
    ['Employee', names.employee(values.employeeId)],
    ['Cost center', names.costCenter(values.costCenterId)],
    ['Date', values.date ? formatDate(values.date) : '—'],
    ['Hours', values.hours === '' ? '—' : formatHours(Number(values.hours))],
    ['Category', values.timeCategory ? humanize(values.timeCategory) : '—'],
    ['Notes', values.notes || '—'],
  ];
}
