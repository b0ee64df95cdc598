import type { ResultOf } from 'gql.tada';
import type { EmployeeFields } from '../employees/employee-fields';
import type { MileageEntryFields } from '../mileage/mileage-entry-fields';
import type { ReceiptFields } from '../receipts/receipt-fields';
import type { TimeEntryFields } from '../time/time-entry-fields';

/** What the cache last held of an entity deleted elsewhere, by type. */
export type RemovedEntity =
  | { typename: 'Employee'; node: ResultOf<typeof EmployeeFields> }
  | { typename: 'MileageEntry'; node: ResultOf<typeof MileageEntryFields> }
  | { typename: 'Receipt'; node: ResultOf<typeof ReceiptFields> }
  | { typename: 'TimeEntry'; node: ResultOf<typeof TimeEntryFields> };

/**
 * A delete event carries only an id, and the cache drops the entity as it applies the event. The cache
 * hands its last state here first, so the toast can say which entry went ("the receipt of $12.00 at
 * Staples"). Only the latest few are kept: each is taken once, right after.
 */
export interface RemovedEntities {
  remember(id: string, entity: RemovedEntity): void;
  /** The entity's last state, once; null when this tab never had it. */
  take(id: string): RemovedEntity | null;
}

const kept = 50;

export function createRemovedEntities(): RemovedEntities {
  const entities = new Map<string, RemovedEntity>();
  return {
    remember(id, entity) {
      entities.set(id, entity);
      if (entities.size > kept) entities.delete(entities.keys().next().value!);
    },
    take(id) {
      const entity = entities.get(id) ?? null;
      entities.delete(id);
      return entity;
    },
  };
}
