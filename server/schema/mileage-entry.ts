import { mileageEntries } from '../db/schema';
import { mileageEntryKind } from '../domain/mileage-entry';
import { builder } from './builder';
import { defineEntryOperations } from './entry';
import { EntryInterface, isEntity, MileageEntryRef, NodeInterface } from './refs';

MileageEntryRef.implement({
  description: 'A business trip driven in a private vehicle',
  interfaces: [NodeInterface, EntryInterface],
  isTypeOf: isEntity('MileageEntry'),
  fields: (t) => ({
    startLocation: t.exposeString('startLocation'),
    endLocation: t.exposeString('endLocation'),
    odometerStart: t.exposeInt('odometerStart', { nullable: true }),
    odometerEnd: t.exposeInt('odometerEnd', { nullable: true }),
    miles: t.exposeFloat('miles', { description: 'Distance in miles, to one decimal' }),
    purpose: t.exposeString('purpose'),
  }),
});

function mileageInput(name: string, required: boolean) {
  return builder.inputType(name, {
    fields: (t) => ({
      employeeId: t.id({ required: false, description: required ? 'Whose trip; defaults to the signed-in employee' : undefined }),
      costCenterId: t.id({ required }),
      date: t.field({ type: 'Date', required }),
      startLocation: t.string({ required }),
      endLocation: t.string({ required }),
      odometerStart: t.int({ required: false }),
      odometerEnd: t.int({ required: false }),
      miles: t.float({ required }),
      purpose: t.string({ required }),
    }),
  });
}

defineEntryOperations({
  typename: 'MileageEntry',
  listField: 'mileageEntries',
  ref: MileageEntryRef,
  kind: mileageEntryKind,
  table: mileageEntries,
  createInput: mileageInput('CreateMileageEntryInput', true),
  updateInput: mileageInput('UpdateMileageEntryInput', false),
  nullableFields: ['odometerStart', 'odometerEnd'],
});
