/**
 * The time clock's settings (server/config.ts reads them from the environment; README "Time clock").
 *
 * A punch carries the time the device says it happened. It is accepted when that time is at most
 * `futureToleranceMs` ahead of the server's clock (a device clock running a little fast) and at most
 * `offlineWindowMs` behind it (a phone that was offline sends its punches when it is back); outside
 * that window it is refused with a PunchTimeError and nothing is written.
 */
export interface TimeClockPolicy {
  /** Default 2 minutes (PUNCH_FUTURE_TOLERANCE_SECONDS). */
  futureToleranceMs: number;
  /** Default 72 hours, at most 7 days, the time idempotency keys are kept (PUNCH_OFFLINE_WINDOW_HOURS). */
  offlineWindowMs: number;
  /** An open shift older than this is flagged as forgotten (never closed by the server). Default 14 hours (SHIFT_FORGOTTEN_AFTER_HOURS). */
  forgottenAfterMs: number;
  /** Hours in one week (Monday to Sunday) past which hours count as overtime. Default 40 (OVERTIME_WEEKLY_HOURS). */
  weeklyOvertimeHours: number;
}
