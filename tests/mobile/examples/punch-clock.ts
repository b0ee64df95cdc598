import { randomUUID } from 'node:crypto';
import { request } from './sign-in';

export type PunchField = 'clockIn' | 'startBreak' | 'endBreak' | 'clockOut';

/** A punch as the phone records it when the employee taps: its time, zone and key are fixed then. */
export interface QueuedPunch {
  field: PunchField;
  input: { at: string; timeZone: string; costCenterId?: string; note?: string; location?: { latitude: number; longitude: number } };
  idempotencyKey: string;
}

export interface PunchOutcome {
  __typename: string;
  id?: string;
  state?: string;
  message?: string;
  problem?: string;
}

/** Records a punch now, with the device's clock and zone; keep it in storage until the server answered. */
export function recordPunch(field: PunchField, extra: Omit<QueuedPunch['input'], 'at' | 'timeZone'> = {}): QueuedPunch {
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return { field, input: { at: new Date().toISOString(), timeZone, ...extra }, idempotencyKey: randomUUID() };
}

/**
 * Sends queued punches in the order they were made, each with its own key. A punch the server already
 * has (an answer lost in a tunnel) answers with its shift and writes nothing, so the whole queue can be
 * sent again after any failure. A typed error (ClockStateError, PunchTimeError, LockedError, ...) is
 * final: the punch is dropped from the queue and shown to the employee; a network error stops the send
 * and leaves the rest queued.
 */
export async function sendPunches(api: string, token: string, queue: QueuedPunch[], onOutcome: (punch: QueuedPunch, outcome: PunchOutcome) => void): Promise<void> {
  while (queue.length > 0) {
    const punch = queue[0]!;
    const data = await request<Record<PunchField, PunchOutcome>>(
      api,
      `mutation Punch($input: PunchInput!, $key: String) {
        ${punch.field}(input: $input, idempotencyKey: $key) {
          __typename
          ... on Shift { id state startedAt endedAt workedHours }
          ... on PunchTimeError { problem earliest latest }
          ... on ClockStateError { state }
          ... on Error { message }
        }
      }`,
      { input: punch.input, key: punch.idempotencyKey },
      token,
    );
    queue.shift();
    onOutcome(punch, data[punch.field]);
  }
}
