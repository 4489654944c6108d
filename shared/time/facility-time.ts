import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';

/**
 * Day boundaries and local times in a facility's IANA time zone, never the workstation's.
 * A day is [local midnight, next local midnight): 23 hours long when clocks spring forward,
 * 25 when they fall back.
 */
export function dayBounds(date: string, timeZone: string): { startsAt: number; endsAt: number } {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const start = new TZDate(year, month - 1, day, timeZone);
  const end = new TZDate(year, month - 1, day + 1, timeZone);
  return { startsAt: start.getTime(), endsAt: end.getTime() };
}

/** The calendar date (`YYYY-MM-DD`) of an instant in a time zone. */
export function localDate(instant: number, timeZone: string): string {
  return format(new TZDate(instant, timeZone), 'yyyy-MM-dd');
}

/** `HH:mm` of an instant in a time zone. */
export function localTime(instant: number, timeZone: string): string {
  return format(new TZDate(instant, timeZone), 'HH:mm');
}

/** The instant of a local wall-clock time (`HH:mm`) on a date in a time zone. */
export function instantAt(date: string, time: string, timeZone: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return new TZDate(year, month - 1, day, hour, minute, timeZone).getTime();
}

/** Weekday 0 (Sunday) … 6 of a date string; independent of any zone. */
export function weekdayOf(date: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** Adds whole days to a date string. */
export function addDaysToDate(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(year, month - 1, day + days));
  return next.toISOString().slice(0, 10);
}
