import { useState } from 'react';
import { newIdempotencyKey } from './idempotency-key';
import type { WarningCode, WriteOutcome } from './write-outcome';

/** The type's own create and update mutations, each read into a WriteOutcome. */
export interface EntityWrites<Input, Node> {
  create(input: Input, idempotencyKey: string, confirmWarnings: WarningCode[]): Promise<WriteOutcome<Node>>;
  /** `input` holds only the fields this user changed, so a save never puts back someone else's edits. */
  update(id: string, version: number, input: Partial<Input>, confirmWarnings: WarningCode[]): Promise<WriteOutcome<Node>>;
}

/** One save from a form: the values, the version and values they were edited from, and the warnings confirmed. */
export interface SaveRequest<Values> {
  values: Values;
  /** The version being edited, or null when creating. */
  version: number | null;
  /** The values as they were at `version`; only fields that differ from them are sent. */
  base: Values | null;
  confirmWarnings: WarningCode[];
}

/** The fields of `input` that differ from `base`. */
function changedFields<Input extends object>(input: Input, base: Input): Partial<Input> {
  return Object.fromEntries(
    Object.entries(input).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify((base as Record<string, unknown>)[key])),
  ) as Partial<Input>;
}

/**
 * The `save` an EntityFormModal calls: updates the entity being edited with the fields changed, or
 * creates one. The create's idempotency key lives as long as the form, so pressing Save again after a
 * lost answer does not create the entity twice.
 */
export function useEntitySave<Values, Input extends object, Node>(
  existing: { id: string } | null,
  toInput: (values: Values) => Input,
  writes: EntityWrites<Input, Node>,
): (request: SaveRequest<Values>) => Promise<WriteOutcome<Node>> {
  const [idempotencyKey] = useState(newIdempotencyKey);
  return async ({ values, version, base, confirmWarnings }) => {
    const input = toInput(values);
    if (existing && version !== null) return writes.update(existing.id, version, base ? changedFields(input, toInput(base)) : input, confirmWarnings);
    return writes.create(input, idempotencyKey, confirmWarnings);
  };
}
