import type { ResultOf } from 'gql.tada';
import { formatDate, formatHours, formatMiles, formatMoney, humanize } from '../lists/format';
import type { LiveSync_DataChanged } from './data-changed-subscription';

export type DataChange = ResultOf<typeof LiveSync_DataChanged>['dataChanged'];

const nouns: Record<DataChange['type'], string> = {
  EMPLOYEE: 'An employee',
  MILEAGE: 'A trip',
  RECEIPT: 'A receipt',
  TIME_TRACKING: 'A time entry',
};

/** The toast for a change made by someone else, e.g. "Jordan Lee added a receipt: $42.10 at Staples". */
export function changeMessage(change: DataChange): string {
  const node = change.node;
  if (change.action === 'DELETE' || !node) return `${nouns[change.type]} was deleted`;
  const created = change.action === 'CREATE';
  switch (node.__typename) {
    case 'Receipt': {
      const what = `${formatMoney(node.amountCents, node.currency)} at ${node.vendor}`;
      return created ? `${node.employee.name} added a receipt: ${what}` : `${node.employee.name}'s receipt changed: ${what}`;
    }
    case 'MileageEntry': {
      const what = `${formatMiles(node.miles)}, ${node.startLocation} → ${node.endLocation}`;
      return created ? `${node.employee.name} logged a trip: ${what}` : `${node.employee.name}'s trip changed: ${what}`;
    }
    case 'TimeEntry': {
      const what = `${formatHours(node.hours)} on ${formatDate(node.date)} (${humanize(node.timeCategory)})`;
      return created ? `${node.employee.name} logged ${what}` : `${node.employee.name}'s hours changed: ${what}`;
    }
    case 'Employee':
      return created ? `New employee: ${node.name}` : `${node.name}'s profile changed`;
  }
}
