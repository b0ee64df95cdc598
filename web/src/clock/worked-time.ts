import type { ResultOf } from 'gql.tada';
import type { ShiftFields } from './shift-fields';

type Shift = ResultOf<typeof ShiftFields>;

/** Milliseconds worked in a shift up to `now`, breaks subtracted (a running shift or break counts up to now). */
export function workedMs(shift: Pick<Shift, 'startedAt' | 'endedAt' | 'breaks'>, now: number): number {
  const end = shift.endedAt ? Date.parse(shift.endedAt) : now;
  const breaks = shift.breaks.reduce((sum, item) => sum + Math.max(0, Math.min(end, item.endedAt ? Date.parse(item.endedAt) : now) - Date.parse(item.startedAt)), 0);
  return Math.max(0, end - Date.parse(shift.startedAt) - breaks);
}

/** 3725000 → "1:02:05": a running clock. */
export function formatElapsed(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${Math.floor(seconds / 3600)}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;
}

/** Hours today as of `asOf`, plus what a shift still running has worked since. */
export function hoursTodayNow(hoursAsOf: number, running: boolean, asOf: string, now: number): number {
  return hoursAsOf + (running ? Math.max(0, now - Date.parse(asOf)) / 3_600_000 : 0);
}
