import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../web/src/graphql/backoff';

describe('reconnect backoff', () => {
  it('doubles from half a second and stops growing at thirty', () => {
    const ceilings = [0, 1, 2, 3, 4, 5, 6, 7, 10].map((retries) => backoffDelay(retries, () => 1));
    expect(ceilings).toEqual([500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('spreads each wait between half and all of its ceiling', () => {
    expect(backoffDelay(3, () => 0)).toBe(2_000);
    expect(backoffDelay(3, () => 0.5)).toBe(3_000);
    expect(backoffDelay(20, () => 0)).toBe(15_000);
  });
});
