import type { CacheExchangeOpts, Cache, Data, KeyingConfig } from '@urql/exchange-graphcache';
import { receiptQueue, tripQueue } from '../approvals/approval-lists';
import { employeeList } from '../employees/employee-list';
import { mileageList } from '../mileage/mileage-list';
import { receiptList } from '../receipts/receipt-list';
import { timeList } from '../time/time-list';
import { listUpdater, type ChangeAction, type ListUpdater } from './cached-lists';
import { introspection } from './graphql-env';
import type { EntityTypename } from './list-kind';
import type { RemovedEntities, RemovedEntity } from './removed-entities';
import type { LiveChangeReplay } from './replay-live-changes';

/** Every cached list an entity of each type can be in (the queues depend on who is looking). */
function listUpdaters(viewerId: string | null): Record<EntityTypename, ListUpdater[]> {
  return {
    Employee: [listUpdater(employeeList, viewerId)],
    MileageEntry: [listUpdater(mileageList, viewerId), listUpdater(tripQueue, viewerId)],
    Receipt: [listUpdater(receiptList, viewerId), listUpdater(receiptQueue, viewerId)],
    TimeEntry: [listUpdater(timeList, viewerId)],
    // The board is the only view of shifts, and it is derived (below).
    Shift: [],
  };
}

/** Query fields that are sums or groupings over entries: dropped on every entry change, and fetched again where shown. */
const derivedFields: Record<EntityTypename, readonly string[]> = {
  Employee: [],
  MileageEntry: ['totals'],
  Receipt: ['totals'],
  // Timesheets are not in the change log: their hours and status follow from their entries' events.
  TimeEntry: ['totals', 'timesheets', 'timesheetsToApprove'],
  // Who is on the board and their hours today follow from every punch.
  Shift: ['clockBoard'],
};

const typenameOfDataType: Record<string, EntityTypename> = {
  EMPLOYEE: 'Employee',
  MILEAGE: 'MileageEntry',
  RECEIPT: 'Receipt',
  TIME_TRACKING: 'TimeEntry',
  TIME_CLOCK: 'Shift',
};

const byId = (data: Data) => (typeof data.id === 'string' ? data.id : null);
const embedded = () => null;

/**
 * Entities are keyed by id. Everything else lives inside its parent: connections, edges and page
 * info (per list and page), totals (per filter), the change events, sessions and typed errors (a
 * NotFoundError's or DataChange's `id` is the id of something else, not their own).
 */
const keys: KeyingConfig = {
  CostCenter: byId,
  Employee: byId,
  HistoryEntry: byId,
  MileageEntry: byId,
  MileageRate: byId,
  Person: byId,
  Receipt: byId,
  Shift: byId,
  TimeEntry: byId,
  Timesheet: byId,
  ...Object.fromEntries(
    [
      'ChangePage',
      'ClockBoard',
      'ClockBoardEntry',
      'ShiftBreak',
      'ExportLink',
      'FieldChange',
      'HistoryEntryConnection',
      'HistoryEntryEdge',
      'IllegalTransitionError',
      'LockedError',
      'MileageReimbursement',
      'NodeVersionConflictError',
      'TimesheetConnection',
      'TimesheetEdge',
      'CostCenterTotals',
      'CurrencyAmount',
      'DataChange',
      'DeletedEntity',
      'EmployeeConnection',
      'EmployeeEdge',
      'FieldError',
      'ForbiddenError',
      'InvalidCredentialsError',
      'MileageEntryConnection',
      'MileageEntryEdge',
      'NotAuthenticatedError',
      'NotFoundError',
      'PageInfo',
      'ReceiptConnection',
      'ReceiptEdge',
      'ResyncRequiredError',
      'Session',
      'TimeEntryConnection',
      'TimeEntryEdge',
      'TooManyAttemptsError',
      'Totals',
      'ValidationError',
      'VersionConflictError',
      'WeekOvertime',
      'WeekTotals',
    ].map((typename) => [typename, embedded]),
  ),
};

/** The entity's last cached state, for the toast of its deletion; null when it was never cached (or is a shift). */
function lastState(cache: Cache, typename: EntityTypename, id: string): RemovedEntity | null {
  const entity = { __typename: typename, id };
  switch (typename) {
    case 'Employee': {
      const node = cache.readFragment(employeeList.fragment, entity);
      return node && { typename, node };
    }
    case 'MileageEntry': {
      const node = cache.readFragment(mileageList.fragment, entity);
      return node && { typename, node };
    }
    case 'Receipt': {
      const node = cache.readFragment(receiptList.fragment, entity);
      return node && { typename, node };
    }
    case 'TimeEntry': {
      const node = cache.readFragment(timeList.fragment, entity);
      return node && { typename, node };
    }
    case 'Shift':
      return null;
  }
}

type ApplyChange = (cache: Cache, typename: EntityTypename, action: ChangeAction, id: string) => void;

/** Applies one committed change to the cache: lists in place, sums dropped (and refetched where shown). */
function changeApplier(viewerId: string | null): ApplyChange {
  const updaters = listUpdaters(viewerId);
  return (cache, typename, action, id) => {
    for (const update of updaters[typename]) update(cache, action, id);
    const derived = derivedFields[typename];
    for (const field of cache.inspectFields('Query')) {
      if (derived.includes(field.fieldName)) cache.invalidate('Query', field.fieldName, field.arguments ?? undefined);
    }
    if (action === 'DELETE') cache.invalidate({ __typename: typename, id });
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The id of a mutation result when it is an entity of `typename` (not one of the typed errors). */
function entityId(result: unknown, typename: EntityTypename): string | null {
  return isRecord(result) && result.__typename === typename && typeof result.id === 'string' ? result.id : null;
}

function updated(applyChange: ApplyChange, typename: EntityTypename, field: string) {
  return (result: Data, _args: unknown, cache: Cache) => {
    const id = entityId(result[field], typename);
    if (id) applyChange(cache, typename, 'UPDATE', id);
  };
}

function deleted(applyChange: ApplyChange, typename: EntityTypename, field: string) {
  return (result: Data, _args: unknown, cache: Cache) => {
    const removed = result[field];
    if (isRecord(removed) && removed.__typename === 'DeletedEntity' && typeof removed.id === 'string') {
      applyChange(cache, typename, 'DELETE', removed.id);
    }
  };
}

/** A week's review step changed every entry of the week. */
function weekStepped(applyChange: ApplyChange, field: string) {
  return (result: Data, _args: unknown, cache: Cache) => {
    const sheet = result[field];
    if (!isRecord(sheet) || sheet.__typename !== 'Timesheet' || !Array.isArray(sheet.entries)) return;
    for (const entry of sheet.entries) {
      const id = entityId(entry, 'TimeEntry');
      if (id) applyChange(cache, 'TimeEntry', 'UPDATE', id);
    }
  };
}

const reviewVerbs = ['submit', 'approve', 'reject', 'reimburse', 'reopen'] as const;

/**
 * The Graphcache configuration of the portal, shared by the app and its tests. Each call makes a
 * fresh one, since it remembers which creates it already applied: a create arrives twice in the
 * tab that made it (as the mutation result and as the live event) and must count once. `viewerId`
 * is who is signed in: a review queue never holds their own entries. `removed` receives the last state
 * of each entity a live event deletes, before the cache drops it. `replays` tells a live event applied
 * again on top of a newer answer (replay-live-changes.ts) from a second arrival.
 */
export function createCacheOptions(viewerId: string | null = null, removed?: RemovedEntities, replays?: Pick<LiveChangeReplay, 'isReplay'>): CacheExchangeOpts {
  const applyChange = changeApplier(viewerId);
  const createsApplied = new Set<string>();
  const once = (typename: EntityTypename, action: ChangeAction, id: string) => {
    if (action !== 'CREATE') return true;
    const key = `${typename}:${id}`;
    if (createsApplied.has(key)) return false;
    createsApplied.add(key);
    return true;
  };
  const created = (typename: EntityTypename, field: string) => (result: Data, _args: unknown, cache: Cache) => {
    const id = entityId(result[field], typename);
    if (id && once(typename, 'CREATE', id)) applyChange(cache, typename, 'CREATE', id);
  };

  return {
    // The generated introspection is deeply readonly; Graphcache only reads it.
    schema: introspection as unknown as CacheExchangeOpts['schema'],
    keys,
    updates: {
      Subscription: {
        dataChanged(result, _args, cache) {
          const change = result.dataChanged;
          if (!isRecord(change) || typeof change.id !== 'string' || typeof change.type !== 'string') return;
          const typename = typenameOfDataType[change.type];
          const action = change.action;
          if (!typename || (action !== 'CREATE' && action !== 'UPDATE' && action !== 'DELETE')) return;
          // Applied again, the change lands on an answer that may predate it: it counts as the first time there.
          if (replays?.isReplay(change)) return applyChange(cache, typename, action, change.id);
          if (action === 'DELETE' && removed) {
            const last = lastState(cache, typename, change.id);
            if (last) removed.remember(change.id, last);
          }
          if (once(typename, action, change.id)) applyChange(cache, typename, action, change.id);
        },
      },
      Mutation: {
        createEmployee: created('Employee', 'createEmployee'),
        createMileageEntry: created('MileageEntry', 'createMileageEntry'),
        createReceipt: created('Receipt', 'createReceipt'),
        createTimeEntry: created('TimeEntry', 'createTimeEntry'),
        updateEmployee: updated(applyChange, 'Employee', 'updateEmployee'),
        updateMileageEntry: updated(applyChange, 'MileageEntry', 'updateMileageEntry'),
        updateReceipt: updated(applyChange, 'Receipt', 'updateReceipt'),
        updateTimeEntry: updated(applyChange, 'TimeEntry', 'updateTimeEntry'),
        deleteEmployee: deleted(applyChange, 'Employee', 'deleteEmployee'),
        deleteMileageEntry: deleted(applyChange, 'MileageEntry', 'deleteMileageEntry'),
        deleteReceipt: deleted(applyChange, 'Receipt', 'deleteReceipt'),
        deleteTimeEntry: deleted(applyChange, 'TimeEntry', 'deleteTimeEntry'),
        correctShift: updated(applyChange, 'Shift', 'correctShift'),
        ...Object.fromEntries(
          reviewVerbs.flatMap((verb) => [
            [`${verb}MileageEntry`, updated(applyChange, 'MileageEntry', `${verb}MileageEntry`)],
            [`${verb}Receipt`, updated(applyChange, 'Receipt', `${verb}Receipt`)],
            // Hours are never reimbursed: there is no reimburseTimesheet.
            ...(verb === 'reimburse' ? [] : [[`${verb}Timesheet`, weekStepped(applyChange, `${verb}Timesheet`)]]),
          ]),
        ),
      },
    },
  };
}
