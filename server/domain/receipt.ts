import { z } from 'zod';
import { receiptCategoryEnum, receipts, type ReceiptRow } from '../db/schema';
import { entryKind } from './entry-kind';
import type { EntryReview } from './entry-workflow';
import { entityId, entryDate, futureDateWarnings, text } from './validation';

export const receiptSchema = z.object({
  employeeId: entityId,
  costCenterId: entityId,
  date: entryDate,
  amountCents: z
    .number('must be a number of cents')
    .int('must be a whole number of cents')
    .min(0, 'must not be negative')
    .max(10_000_000_00, 'must be at most 10,000,000.00'),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, 'must be a three-letter code like USD')
    .default('USD'),
  vendor: text(200),
  category: z.enum(receiptCategoryEnum.enumValues, 'is not a known category'),
  description: text(2_000, 0).default(''),
  /** Set only by attaching or removing a photo (receipt-photo.ts); update<Type>'s input has no such field. */
  photoId: z.string().nullable().default(null),
});

export const receiptKind = entryKind<ReceiptRow, typeof receiptSchema>({
  typename: 'Receipt',
  dataType: 'RECEIPT',
  table: receipts,
  schema: receiptSchema,
  warnings: async (_db, receipt) => futureDateWarnings(receipt.date),
});

export const receiptReview: EntryReview<ReceiptRow> = { kind: receiptKind, table: receipts };
