import { requireViewer } from '../auth/rules';
import { createMileageRate, deleteMileageRate, listMileageRates, updateMileageRate } from '../domain/mileage-rates';
import { builder } from './builder';
import { nodeCreateErrors, nodeWriteErrors } from './errors';
import { isEntity, MileageRateRef, NodeInterface } from './refs';
import { versionArgument } from './review';
import { withoutNulls, writerOf } from './writer';

MileageRateRef.implement({
  description: 'Reimbursement per mile for a period of days; trips are paid at the rate in force on their day, fixed when approved',
  interfaces: [NodeInterface],
  isTypeOf: isEntity('MileageRate'),
  fields: (t) => ({
    effectiveFrom: t.expose('effectiveFrom', { type: 'Date', description: 'First day it applies to' }),
    effectiveTo: t.expose('effectiveTo', { type: 'Date', nullable: true, description: 'Last day it applies to; null: until further notice' }),
    centsPerMile: t.exposeFloat('centsPerMile', { description: 'e.g. 72.5 (to two decimals)' }),
    note: t.exposeString('note', { description: 'Where the rate comes from, e.g. the IRS notice' }),
  }),
});

function rateInput(name: string, required: boolean) {
  return builder.inputType(name, {
    fields: (t) => ({
      effectiveFrom: t.field({ type: 'Date', required }),
      effectiveTo: t.field({ type: 'Date', required: false, description: 'Null or absent: until further notice' }),
      centsPerMile: t.float({ required, description: '0 or more, at most two decimals' }),
      note: t.string({ required: false }),
    }),
  });
}

const CreateMileageRateInput = rateInput('CreateMileageRateInput', true);
const UpdateMileageRateInput = rateInput('UpdateMileageRateInput', false);

builder.queryField('mileageRates', (t) =>
  t.field({
    type: [MileageRateRef],
    description: 'Every mileage rate period, oldest first (reference data every signed-in user may read)',
    resolve: (_root, _args, context) => {
      requireViewer(context.viewer);
      return listMileageRates(context.db);
    },
  }),
);

const mutationDescription = 'Admins only. Periods may not overlap. Approved trips keep the rate they were approved at.';

builder.mutationFields((t) => ({
  createMileageRate: t.field({
    type: MileageRateRef,
    description: mutationDescription,
    errors: { types: nodeCreateErrors },
    args: { input: t.arg({ type: CreateMileageRateInput, required: true }) },
    resolve: async (_root, { input }, context) => createMileageRate(await writerOf(context), withoutNulls(input, ['effectiveTo'])),
  }),
  updateMileageRate: t.field({
    type: MileageRateRef,
    description: mutationDescription,
    errors: { types: nodeWriteErrors },
    args: {
      id: t.arg.id({ required: true }),
      version: t.arg.int({ required: true, description: versionArgument }),
      input: t.arg({ type: UpdateMileageRateInput, required: true }),
    },
    resolve: async (_root, { id, version, input }, context) =>
      updateMileageRate(await writerOf(context), String(id), version, withoutNulls(input, ['effectiveTo'])),
  }),
  deleteMileageRate: t.field({
    type: MileageRateRef,
    description: `${mutationDescription} Returns the rate as it was.`,
    errors: { types: nodeWriteErrors },
    args: { id: t.arg.id({ required: true }), version: t.arg.int({ required: true, description: versionArgument }) },
    resolve: async (_root, { id, version }, context) => deleteMileageRate(await writerOf(context), String(id), version),
  }),
}));
