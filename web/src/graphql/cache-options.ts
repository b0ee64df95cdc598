import type { CacheExchangeOpts, Cache, Data, KeyingConfig } from '@urql/exchange-graphcache';
import { employeeList } from '../employees/employee-list';
import { mileageList } from '../mileage/mileage-list';
import { receiptList } from '../receipts/receipt-list';
import { timeList } from '../time/time-list';
import { listUpdater, type ChangeAction, type ListUpdater } from './cached-lists';
import { introspection } from './graphql-env';
import type { EntityTypename } from './list-kind';

const listUpdaters: Record<EntityTypename, ListUpdater> = {
  Employee: listUpdater(employeeList),
  MileageEntry: listUpdater(mileageList),
  Receipt: listUpdater(receiptList),
  TimeEntry: listUpdater(timeList),
};

const typenameOfDataType: Record<string, EntityTypename> = {
  EMPLOYEE: 'Employee',
  MILEAGE: 'MileageEntry',
  RECEIPT: 'Receipt',
  TIME_TRACKING: 'TimeEntry',
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
  MileageEntry: byId,
  Receipt: byId,
  TimeEntry: byId,
  ...Object.fromEntries(
    [
      'ChangePage',
      'CostCenterTotals',
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
      'WeekTotals',
    ].map((typename) => [typename, embedded]),
  ),
};

/** Applies one committed change to the cache; returns nothing and fetches nothing. */
function applyChange(cache: Cache, typename: EntityTypename, action: ChangeAction, id: string): void {
  listUpdaters[typename](cache, action, id);
  // Totals are sums over many entries: drop exactly the cached totals, and the dashboard refetches them.
  if (typename !== 'Employee') {
    for (const field of cache.inspectFields('Query')) {
      if (field.fieldName === 'totals') cache.invalidate('Query', 'totals', field.arguments ?? undefined);
    }
  }
  if (action === 'DELETE') cache.invalidate({ __typename: typename, id });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The id of a mutation result when it is an entity of `typename` (not one of the typed errors). */
function entityId(result: unknown, typename: EntityTypename): string | null {
  return isRecord(result) && result.__typename === typename && typeof result.id === 'string' ? result.id : null;
}

function updated(typename: EntityTypename, field: string) {
  return (result: Data, _args: unknown, cache: Cache) => {
    const id = entityId(result[field], typename);
    if (id) applyChange(cache, typename, 'UPDATE', id);
  };
}

function deleted(typename: EntityTypename, field: string) {
  return (result: Data, _args: unknown, cache: Cache) => {
    const removed = result[field];
    if (isRecord(removed) && removed.__typename === 'DeletedEntity' && typeof removed.id === 'string') {
      applyChange(cache, typename, 'DELETE', removed.id);
    }
  };
}

/**
 * The Graphcache configuration of the portal, shared by the app and its tests. Each call makes a
 * fresh one, since it remembers which creates it already applied: a create arrives twice in the
 * tab that made it (as the mutation result and as the live event) and must count once.
 */
export function createCacheOptions(): CacheExchangeOpts {
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
          if (once(typename, action, change.id)) applyChange(cache, typename, action, change.id);
        },
      },
      Mutation: {
        createEmployee: created('Employee', 'createEmployee'),
        createMileageEntry: created('MileageEntry', 'createMileageEntry'),
        createReceipt: created('Receipt', 'createReceipt'),
        createTimeEntry: created('TimeEntry', 'createTimeEntry'),
        updateEmployee: updated('Employee', 'updateEmployee'),
        updateMileageEntry: updated('MileageEntry', 'updateMileageEntry'),
        updateReceipt: updated('Receipt', 'updateReceipt'),
        updateTimeEntry: updated('TimeEntry', 'updateTimeEntry'),
        deleteEmployee: deleted('Employee', 'deleteEmployee'),
        deleteMileageEntry: deleted('MileageEntry', 'deleteMileageEntry'),
        deleteReceipt: deleted('Receipt', 'deleteReceipt'),
        deleteTimeEntry: deleted('TimeEntry', 'deleteTimeEntry'),
      },
    },
  };
}
