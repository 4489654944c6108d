import { localTime } from '../../shared/time/facility-time';

/**
 * Times on screen are always in a named IANA zone (a facility's, or the clinic's default), never the
 * workstation's, and carry the zone's abbreviation so a reader at another site is not misled.
 */

/** `CST`, `EDT`, or `GMT+5:30` where the zone has no common abbreviation. */
export function zoneAbbreviation(instant: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' }).formatToParts(instant);
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
}

/** `09:30 CST` */
export function timeInZone(instant: number, timeZone: string): string {
  return `${localTime(instant, timeZone)} ${zoneAbbreviation(instant, timeZone)}`;
}

/** `Mar 3, 2026` for an instant, as a calendar day in the zone. */
export function dateInZone(instant: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'short', day: 'numeric' }).format(instant);
}

/** `09:30:12 CST`: a wall-clock time to the second (for records such as the audit trail). */
export function preciseTimeInZone(instant: number, timeZone: string): string {
  const text = new Intl.DateTimeFormat('en-US', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(instant);
  return `${text} ${zoneAbbreviation(instant, timeZone)}`;
}

/** `Tuesday, March 3, 2026` for a `YYYY-MM-DD` date; the date is a calendar day, so no zone applies. */
export function longDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }).format(
    Date.UTC(year, month - 1, day),
  );
}

/** `4:59` for a number of seconds. */
export function countdown(seconds: number): string {
  const whole = Math.max(0, Math.ceil(seconds));
  const minutes = Math.floor(whole / 60);
  return `${minutes}:${String(whole % 60).padStart(2, '0')}`;
}
