import { useState } from 'react';
import { newIdempotencyKey } from './idempotency-key';
import type { WriteOutcome } from './write-outcome';

/** The type's own create and update mutations, each read into a WriteOutcome. */
export interface EntityWrites<Input, Node> {
  create(input: Input, idempotencyKey: string): Promise<WriteOutcome<Node>>;
  update(id: string, version: number, input: Input): Promise<WriteOutcome<Node>>;
}

/**
 * The `save` an EntityFormModal calls: updates the entity being edited, or creates one. The create's
 * idempotency key lives as long as the form, so pressing Save again after a lost answer does not
 * create the entity twice.
 */
export function useEntitySave<Values, Input, Node>(
  existing: { id: string } | null,
  toInput: (values: Values) => Input,
  writes: EntityWrites<Input, Node>,
): (values: Values, version: number | null) => Promise<WriteOutcome<Node>> {
  const [idempotencyKey] = useState(newIdempotencyKey);
  return async (values, version) => {
    const input = toInput(values);
    if (existing && version !== null) return writes.update(existing.id, version, input);
    return writes.create(input, idempotencyKey);
  };
}
