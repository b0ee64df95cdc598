import { PunchTimeError } from './errors';
import type { TimeClockPolicy } from './time-clock-policy';

/**
 * Accepts a punch's device time, or throws PunchTimeError: it must lie within the policy's window
 * around the server's receipt time (see TimeClockPolicy) and not before the previous punch of the
 * shift (punches made offline arrive in the order they were made).
 */
export function checkPunchTime(deviceAt: Date, receivedAt: Date, policy: TimeClockPolicy, previousPunchAt: Date | null): void {
  const windowStart = receivedAt.getTime() - policy.offlineWindowMs;
  const earliest = new Date(Math.max(windowStart, previousPunchAt?.getTime() ?? windowStart));
  const latest = new Date(receivedAt.getTime() + policy.futureToleranceMs);
  if (deviceAt > latest) {
    throw new PunchTimeError('IN_THE_FUTURE', earliest, latest, "The punch's time is ahead of the server's clock; check the device's date and time");
  }
  if (deviceAt.getTime() < windowStart) {
    throw new PunchTimeError('TOO_OLD', earliest, latest, 'The punch is older than punches are accepted; ask a supervisor to correct the shift');
  }
  if (previousPunchAt && deviceAt < previousPunchAt) {
    throw new PunchTimeError('BEFORE_PREVIOUS_PUNCH', earliest, latest, "The punch's time is before the previous punch");
  }
}
