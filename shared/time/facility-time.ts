import { TZDate } from '@date-fns/tz';

/**
 * Day boundaries and local times in a facility's IANA time zone, never the workstation's.
 * A day is [local midnight, next local midnight): 23 hours long when clocks spring forward,
 * 25 when they fall back.
 */
export function dayBounds(date: string, timeZone: string): { startsAt: number; endsAt: number } {
  return { startsAt: instantAt(date, '00:00', timeZone), endsAt: instantAt(addDaysToDate(date, 1), '00:00', timeZone) };
}

/**
 * Local wall-clock times already converted, by zone, date and time. A calendar, a slot search or a series
 * asks for the same few (each physician's 08:00 and 17:00 of each day) hundreds of times per call, and each
 * conversion through TZDate costs several Intl offset look-ups. Cleared whole when it grows large.
 */
const instants = new Map<string, number>();
const INSTANT_CACHE_SIZE = 20_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Wall-clock parts of an instant in a zone, from Intl (independent of any replaced global Date). */
function wallClock(instant: number, timeZone: string): Record<'year' | 'month' | 'day' | 'hour' | 'minute', string> {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  const parts = { year: '', month: '', day: '', hour: '', minute: '' };
  for (const part of formatter.formatToParts(instant)) if (part.type in parts) parts[part.type as keyof typeof parts] = part.value;
  return parts;
}

/** The calendar date (`YYYY-MM-DD`) of an instant in a time zone. */
export function localDate(instant: number, timeZone: string): string {
  const { year, month, day } = wallClock(instant, timeZone);
  return `${year}-${month}-${day}`;
}

/** `HH:mm` of an instant in a time zone. */
export function localTime(instant: number, timeZone: string): string {
  const { hour, minute } = wallClock(instant, timeZone);
  return `${hour}:${minute}`;
}

/** The instant of a local wall-clock time (`HH:mm`) on a date in a time zone. */
export function instantAt(date: string, time: string, timeZone: string): number {
  const key = `${timeZone} ${date} ${time}`;
  const known = instants.get(key);
  if (known !== undefined) return known;
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const instant = new TZDate(year, month - 1, day, hour, minute, timeZone).getTime();
  if (instants.size >= INSTANT_CACHE_SIZE) instants.clear();
  instants.set(key, instant);
  return instant;
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
