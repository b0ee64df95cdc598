import { timeEntries } from '../db/schema';
import { timeEntryKind } from '../domain/time-entry';
import { builder } from './builder';
import { defineEntryOperations } from './entry';
import { TimeCategoryEnum } from './enums';
import { EntryInterface, isEntity, NodeInterface, ReviewableInterface, TimeEntryRef } from './refs';

TimeEntryRef.implement({
  description: 'Hours worked on one day',
  interfaces: [NodeInterface, EntryInterface, ReviewableInterface],
  isTypeOf: isEntity('TimeEntry'),
  fields: (t) => ({
    hours: t.exposeFloat('hours', { description: 'More than 0, at most 24, to two decimals' }),
    timeCategory: t.field({ type: TimeCategoryEnum, resolve: (entry) => entry.timeCategory }),
    notes: t.exposeString('notes'),
    shiftId: t.exposeID('shiftId', { nullable: true, description: 'The time-clock shift these hours were built from; null when typed in' }),
  }),
});

function timeEntryInput(name: string, required: boolean) {
  return builder.inputType(name, {
    fields: (t) => ({
      employeeId: t.id({ required: false, description: required ? 'Whose hours; defaults to the signed-in employee' : undefined }),
      costCenterId: t.id({ required }),
      date: t.field({ type: 'Date', required }),
      hours: t.float({ required }),
      timeCategory: t.field({ type: TimeCategoryEnum, required: false, description: required ? 'Defaults to REGULAR' : undefined }),
      notes: t.string({ required: false }),
    }),
  });
}

defineEntryOperations({
  typename: 'TimeEntry',
  listField: 'timeEntries',
  ref: TimeEntryRef,
  kind: timeEntryKind,
  table: timeEntries,
  sortKeys: { HOURS: timeEntries.hours, CATEGORY: timeEntries.timeCategory },
  createInput: timeEntryInput('CreateTimeEntryInput', true),
  updateInput: timeEntryInput('UpdateTimeEntryInput', false),
  lockedOnCreate: true,
});
