import { receipts } from '../db/schema';
import { PhotoRejectedError } from '../domain/errors';
import { receiptKind, receiptReview } from '../domain/receipt';
import { photoAtCreation } from '../domain/receipt-photo';
import { builder } from './builder';
import { defineEntryOperations } from './entry';
import { inspectReceiptUpload } from './receipt-photo';
import { defineEntryReview } from './review';
import { ReceiptCategoryEnum } from './enums';
import { EntryInterface, isEntity, NodeInterface, ReceiptRef, ReviewableInterface } from './refs';

ReceiptRef.implement({
  description: 'An expense paid by an employee, to be reimbursed',
  interfaces: [NodeInterface, EntryInterface, ReviewableInterface],
  isTypeOf: isEntity('Receipt'),
  fields: (t) => ({
    amountCents: t.exposeInt('amountCents', { description: 'Exact amount in the smallest unit of the currency (cents)' }),
    currency: t.exposeString('currency', { description: 'ISO 4217 code, e.g. USD' }),
    vendor: t.exposeString('vendor'),
    category: t.field({ type: ReceiptCategoryEnum, resolve: (receipt) => receipt.category }),
    description: t.exposeString('description'),
  }),
});

function receiptInput(name: string, required: boolean) {
  return builder.inputType(name, {
    fields: (t) => ({
      employeeId: t.id({ required: false, description: required ? 'Whose receipt; defaults to the signed-in employee' : undefined }),
      costCenterId: t.id({ required }),
      date: t.field({ type: 'Date', required }),
      amountCents: t.int({ required }),
      currency: t.string({ required: false, description: required ? 'Defaults to USD' : undefined }),
      vendor: t.string({ required }),
      category: t.field({ type: ReceiptCategoryEnum, required }),
      description: t.string({ required: false }),
    }),
  });
}

const connection = defineEntryOperations({
  typename: 'Receipt',
  listField: 'receipts',
  ref: ReceiptRef,
  kind: receiptKind,
  table: receipts,
  sortKeys: { AMOUNT: receipts.amountCents, VENDOR: receipts.vendor, CATEGORY: receipts.category },
  createInput: receiptInput('CreateReceiptInput', true),
  updateInput: receiptInput('UpdateReceiptInput', false),
  createFile: {
    argument: 'photo',
    description:
      'A photo (JPEG, PNG, WebP) or PDF of at most 10 MB, with the GraphQL multipart request spec, checked as attachReceiptPhoto checks it: a refused file creates no receipt (PhotoRejectedError)',
    errors: [PhotoRejectedError],
    attachment: async (file, context, writer) => photoAtCreation(context.photoStore, writer.viewer.employeeId, await inspectReceiptUpload(file, context)),
  },
});

defineEntryReview({ typename: 'Receipt', listField: 'receipts', ref: ReceiptRef, connection, table: receipts, review: receiptReview });
