import dayjs from 'dayjs';
import type { ResultOf } from 'gql.tada';
import type { Names } from '../forms/use-names';
import { formatDate, formatMoney, humanize } from '../lists/format';
import type { ReceiptFields } from './receipt-fields';

export type Receipt = ResultOf<typeof ReceiptFields>;
export type ReceiptCategory = Receipt['category'];

export const isReceipt = (value: { __typename: string }): value is Receipt & { __typename: 'Receipt' } => value.__typename === 'Receipt';

export const receiptCategories: ReceiptCategory[] = ['MEALS', 'LODGING', 'TRAVEL', 'FUEL', 'SUPPLIES', 'OTHER'];

/** The receipt form; the amount is in dollars here and in cents on the wire. */
export type ReceiptValues = {
  employeeId: string | null;
  costCenterId: string | null;
  date: string | null;
  vendor: string;
  amount: number | string;
  currency: string;
  category: ReceiptCategory | null;
  description: string;
};

export function newReceiptValues(employeeId: string): ReceiptValues {
  return {
    employeeId,
    costCenterId: null,
    date: dayjs().format('YYYY-MM-DD'),
    vendor: '',
    amount: '',
    currency: 'USD',
    category: 'OTHER',
    description: '',
  };
}

export function receiptValues(receipt: Receipt): ReceiptValues {
  return {
    employeeId: receipt.employeeId,
    costCenterId: receipt.costCenterId,
    date: receipt.date,
    vendor: receipt.vendor,
    amount: receipt.amountCents / 100,
    currency: receipt.currency,
    category: receipt.category,
    description: receipt.description,
  };
}

export function amountCents(amount: number | string): number {
  return Math.round(Number(amount) * 100);
}

/** The receipt in words, field by field, for comparing two versions. */
export function describeReceipt(values: ReceiptValues, names: Names): Array<[string, string]> {
  return [
    ['Employee', names.employee(values.employeeId)],
    ['Cost center', names.costCenter(values.costCenterId)],
    ['Date', values.date ? formatDate(values.date) : '—'],
    ['Vendor', values.vendor],
    ['Amount', formatMoney(amountCents(values.amount), values.currency)],
    ['Category', values.category ? humanize(values.category) : '—'],
    ['Description', values.description || '—'],
  ];
}
