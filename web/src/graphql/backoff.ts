const baseDelayMs = 500;
const maxDelayMs = 30_000;

/**
 * How long to wait before reconnect attempt `retries` (0 for the first): 0.5 s doubling up to 30 s,
 * each drawn between half and all of that, so the tabs of a whole office do not all come back to a
 * restarted server in the same instant.
 */
export function backoffDelay(retries: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, retries));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
