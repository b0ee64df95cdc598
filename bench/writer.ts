/** A version of one entity, as a write's response reported it. */
export interface Written {
  id: string;
  version: number;
}

/**
 * How the load driver writes to a system under test. StaffSync and the baseline differ only here: GraphQL
 * mutations against REST calls.
 */
export interface Writer {
  /** `signal` aborts a write that takes too long (an overloaded server must not stall the bench). */
  create(sequence: number, signal?: AbortSignal): Promise<Written>;
  update(id: string, version: number, sequence: number, signal?: AbortSignal): Promise<Written>;
}

/** Varied but deterministic field values, so consecutive updates really change the entity. */
export function receiptValues(sequence: number): { amountCents: number; vendor: string } {
  const vendors = ['Staples', 'Shell', 'Hilton', 'Delta', 'Uber', 'Marriott'];
  return { amountCents: 100 + ((sequence * 7919) % 100_000), vendor: `${vendors[sequence % vendors.length]} #${sequence}` };
}

export const today = (): string => new Date().toISOString().slice(0, 10);
