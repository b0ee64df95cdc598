/**
 * Milliseconds on the machine's monotonic clock. Every bench process (driver, server, subscriber workers)
 * reads the same system-wide monotonic clock through hrtime, so a mutation's response time taken in the
 * driver and a delivery time taken in a worker can be subtracted directly. Wall-clock time (Date.now) could
 * be stepped by NTP between the two readings; this cannot.
 */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
