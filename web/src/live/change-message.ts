import type { ResultOf } from 'gql.tada';
import { formatDate, formatHours, formatMiles, formatMoney, humanize } from '../lists/format';
import { stepDone, type ReviewStatus } from '../review/review-steps';
import type { RemovedEntity } from '../graphql/removed-entities';
import type { LiveSync_DataChanged } from './data-changed-subscription';

export type DataChange = ResultOf<typeof LiveSync_DataChanged>['dataChanged'];

const nouns: Record<DataChange['type'], string> = {
  EMPLOYEE: 'An employee',
  MILEAGE: 'A trip',
  RECEIPT: 'A receipt',
  TIME_TRACKING: 'A time entry',
  TIME_CLOCK: 'A shift',
};

type ReviewedNode = {
  status: ReviewStatus;
  statusChangedAt: string | null;
  updatedAt: string;
  statusChangedBy: { name: string } | null;
  rejectionReason: string | null;
  employeeId: string;
  employee: { name: string };
};

/** Whether the change was a review step (the status and the entity changed in the same statement). */
export function isReviewStep(node: ReviewedNode | null | undefined): node is ReviewedNode {
  return !!node && node.statusChangedAt !== null && node.statusChangedAt === node.updatedAt;
}

/** "Sam Supervisor approved your", "Jordan Lee submitted a", "Avery Admin reopened Jordan Lee's". */
export function reviewedBy(node: ReviewedNode, viewerId: string): string {
  const who = node.statusChangedBy?.name ?? 'Someone';
  if (node.status === 'SUBMITTED') return `${who} submitted ${node.employeeId === viewerId ? 'your' : 'a'}`;
  return `${who} ${stepDone[node.status]} ${node.employeeId === viewerId ? 'your' : `${node.employee.name}'s`}`;
}

/** " (the reason)" after a rejection, for toasts. */
export const because = (node: Pick<ReviewedNode, 'status' | 'rejectionReason'>) => (node.status === 'REJECTED' && node.rejectionReason ? ` (${node.rejectionReason})` : '');

const created = (change: DataChange) => change.action === 'CREATE';

type ShiftNode = Extract<NonNullable<DataChange['node']>, { __typename: 'Shift' }>;

/** "Jordan Lee clocked in", "… started a break", "… is back from a break", "… clocked out". */
function shiftMessage(node: ShiftNode, clockedIn: boolean): string {
  const who = node.employee.name;
  if (clockedIn) return `${who} clocked in`;
  if (node.endedAt) return `${who} clocked out`;
  if (node.state === 'ON_BREAK') return `${who} started a break`;
  return node.breaks.length > 0 ? `${who} is back from a break` : `${who}'s shift changed`;
}

/** "the receipt of $12.00 at Staples", "the trip of 42 mi, Depot → Harbor", "the 8 h of Mar 3, 2026", "the employee Jordan Lee". */
function removedName(removed: RemovedEntity): string {
  switch (removed.typename) {
    case 'Receipt':
      return `the receipt of ${formatMoney(removed.node.amountCents, removed.node.currency)} at ${removed.node.vendor}`;
    case 'MileageEntry':
      return `the trip of ${formatMiles(removed.node.miles)}, ${removed.node.startLocation} → ${removed.node.endLocation}`;
    case 'TimeEntry':
      return `the ${formatHours(removed.node.hours)} of ${formatDate(removed.node.date)}`;
    case 'Employee':
      return `the employee ${removed.node.name}`;
  }
}

/**
 * The toast for a change made by someone else, e.g. "Jordan Lee added a receipt: $42.10 at Staples" or,
 * for a review step, "Sam Supervisor approved your receipt: $42.10 at Staples".
 */
export function changeMessage(change: DataChange, viewerId: string, removed: RemovedEntity | null = null): string {
  const node = change.node;
  if (change.action === 'DELETE' || !node) {
    const what = removed ? removedName(removed) : nouns[change.type].toLowerCase();
    return change.actor ? `${change.actor.name} deleted ${what}` : `${what.charAt(0).toUpperCase()}${what.slice(1)} was deleted`;
  }
  if (node.__typename === 'Shift') return shiftMessage(node, created(change));
  if (node.__typename !== 'Employee' && change.action === 'UPDATE' && isReviewStep(node)) {
    const what =
      node.__typename === 'Receipt'
        ? `receipt: ${formatMoney(node.amountCents, node.currency)} at ${node.vendor}`
        : node.__typename === 'MileageEntry'
          ? `trip: ${formatMiles(node.miles)}, ${node.startLocation} → ${node.endLocation}`
          : `hours of ${formatDate(node.date)}`;
    return `${reviewedBy(node, viewerId)} ${what}${because(node)}`;
  }
  switch (node.__typename) {
    case 'Receipt': {
      const what = `${formatMoney(node.amountCents, node.currency)} at ${node.vendor}`;
      return created(change) ? `${node.employee.name} added a receipt: ${what}` : `${node.employee.name}'s receipt changed: ${what}`;
    }
    case 'MileageEntry': {
      const what = `${formatMiles(node.miles)}, ${node.startLocation} → ${node.endLocation}`;
      return created(change) ? `${node.employee.name} logged a trip: ${what}` : `${node.employee.name}'s trip changed: ${what}`;
    }
    case 'TimeEntry': {
      const what = `${formatHours(node.hours)} on ${formatDate(node.date)} (${humanize(node.timeCategory)})`;
      return created(change) ? `${node.employee.name} logged ${what}` : `${node.employee.name}'s hours changed: ${what}`;
    }
    case 'Employee':
      return created(change) ? `New employee: ${node.name}` : `${node.name}'s profile changed`;
  }
}
