import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import type { Context } from '../context';
import { mileageEntries, type MileageEntryRow, type MileageRateRow } from '../db/schema';
import { mileageEntryKind, mileageEntryReview } from '../domain/mileage-entry';
import { listMileageRates, rateCovering, reimbursementCents } from '../domain/mileage-rates';
import { builder } from './builder';
import { defineEntryOperations } from './entry';
import { defineEntryReview } from './review';
import { EntryInterface, isEntity, MileageEntryRef, NodeInterface, ReviewableInterface } from './refs';

interface Reimbursement {
  centsPerMile: number;
  amountCents: number;
  fixed: boolean;
}

const MileageReimbursementRef = builder.objectRef<Reimbursement>('MileageReimbursement').implement({
  description: 'What a trip is paid: miles x the rate in force on its day, to the cent',
  fields: (t) => ({
    centsPerMile: t.exposeFloat('centsPerMile'),
    amountCents: t.exposeInt('amountCents'),
    fixed: t.exposeBoolean('fixed', { description: 'Fixed at approval: later rate changes do not alter it. False: priced at the current rates' }),
  }),
});

/** The rate table, read once per batch of trips (uncached: a subscription keeps its context for its life). */
const rateLoader = createContextCache(
  (context: Context) =>
    new DataLoader<string, MileageRateRow | null>(
      async (dates) => {
        const rates = await listMileageRates(context.db);
        return dates.map((date) => rateCovering(rates, date) ?? null);
      },
      { cache: false },
    ),
);

async function reimbursementOf(trip: MileageEntryRow, context: Context): Promise<Reimbursement | null> {
  if (trip.reimbursementCents !== null && trip.rateCentsPerMile !== null) {
    return { centsPerMile: trip.rateCentsPerMile, amountCents: trip.reimbursementCents, fixed: true };
  }
  const rate = await rateLoader(context).load(trip.date);
  return rate ? { centsPerMile: rate.centsPerMile, amountCents: reimbursementCents(trip.miles, rate.centsPerMile), fixed: false } : null;
}

MileageEntryRef.implement({
  description: 'A business trip driven in a private vehicle',
  interfaces: [NodeInterface, EntryInterface, ReviewableInterface],
  isTypeOf: isEntity('MileageEntry'),
  fields: (t) => ({
    startLocation: t.exposeString('startLocation'),
    endLocation: t.exposeString('endLocation'),
    odometerStart: t.exposeInt('odometerStart', { nullable: true }),
    odometerEnd: t.exposeInt('odometerEnd', { nullable: true }),
    miles: t.exposeFloat('miles', { description: 'Distance in miles, to one decimal' }),
    purpose: t.exposeString('purpose'),
    reimbursement: t.field({
      type: MileageReimbursementRef,
      nullable: true,
      description: 'The amount owed for the trip; null when no mileage rate covers its day',
      resolve: (trip, _args, context) => reimbursementOf(trip, context),
    }),
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

const connection = defineEntryOperations({
  typename: 'MileageEntry',
  listField: 'mileageEntries',
  ref: MileageEntryRef,
  kind: mileageEntryKind,
  table: mileageEntries,
  sortKeys: { MILES: mileageEntries.miles, PURPOSE: mileageEntries.purpose },
  createInput: mileageInput('CreateMileageEntryInput', true),
  updateInput: mileageInput('UpdateMileageEntryInput', false),
  nullableFields: ['odometerStart', 'odometerEnd'],
});

defineEntryReview({ typename: 'MileageEntry', listField: 'mileageEntries', ref: MileageEntryRef, connection, table: mileageEntries, review: mileageEntryReview });
