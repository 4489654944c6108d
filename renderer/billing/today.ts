import { localDate } from '../../shared/time/facility-time';

/** Today as a `YYYY-MM-DD` date in a facility's zone (never the workstation's): the default for posting and invoice dates. */
export function todayIn(timeZone: string, now = Date.now()): string {
  return localDate(now, timeZone);
}
