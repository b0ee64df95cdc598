import type { Entity, Write } from '../../../client/writes';
import { fieldLabel } from '../forms/field-label';
import { formatDate, formatMoney, humanize } from '../lists/format';

const nouns: Record<Write['typename'], string> = { Receipt: 'receipt', MileageEntry: 'trip', TimeEntry: 'hours', Employee: 'employee', Shift: 'punch' };

/** The fields that name a new entry in a line. */
const summaryFields: Partial<Record<Write['typename'], string[]>> = {
  Receipt: ['vendor', 'amountCents', 'date'],
  MileageEntry: ['startLocation', 'endLocation', 'miles', 'date'],
  TimeEntry: ['hours', 'timeCategory', 'date'],
  Employee: ['name', 'email'],
};

/** One input value as a person reads it; `record` gives a money amount its currency. */
export function formatField(field: string, record: Record<string, unknown>): string {
  const value = record[field];
  if (value === null || value === undefined || value === '') return '—';
  if (field === 'amountCents' && typeof value === 'number') return formatMoney(value, typeof record.currency === 'string' ? record.currency : undefined);
  if (field === 'date' && typeof value === 'string') return formatDate(value);
  if (field === 'miles' && typeof value === 'number') return `${value} mi`;
  if (field === 'hours' && typeof value === 'number') return `${value} h`;
  if ((field === 'category' || field === 'timeCategory') && typeof value === 'string') return humanize(value);
  return String(value);
}

/** The fields of `record` that name an entry of `typename`, as a person reads them: "Staples, $12.00, Dec 1, 2026". */
function summaryOf(typename: Write['typename'], record: Record<string, unknown>): string {
  const fields = (summaryFields[typename] ?? []).filter((field) => field in record);
  return fields.map((field) => formatField(field, record)).join(', ');
}

/**
 * "New receipt: Staples, $12.00, Dec 1, 2026, with photo IMG_0042.JPG"; "Changed trip: purpose Client visit";
 * "Deleted receipt"; "Receipt photo for Staples, $12.00, Dec 1, 2026: IMG_0043.JPG".
 */
export function describeWrite(write: Write): string {
  const noun = nouns[write.typename];
  switch (write.action) {
    case 'create': {
      const photo = write.photo ? `, with photo ${write.photo.name}` : '';
      return `New ${noun}: ${summaryOf(write.typename, write.input)}${photo}`;
    }
    case 'attachPhoto':
      return `Receipt photo for ${write.summary ? summaryOf(write.typename, write.summary) : 'a receipt'}: ${write.photo.name}`;
    case 'update':
      return `Changed ${noun}: ${Object.keys(write.input).map((field) => `${fieldLabel(field).toLowerCase()} ${formatField(field, write.input)}`).join(', ')}`;
    case 'delete':
      return `Deleted ${noun}`;
    case 'punch':
      return `${humanize(write.punch)} at ${new Date(write.input.at).toLocaleTimeString()}`;
  }
}

/** The user's queued values beside the server's, for the fields the write changes. */
export function comparedFields(write: Write & { action: 'update' }, current: Entity) {
  return Object.keys(write.input).map((field) => ({ label: fieldLabel(field), mine: formatField(field, write.input), theirs: formatField(field, current) }));
}
