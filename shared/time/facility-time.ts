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
function intlWallClock(instant: number, timeZone: string): Record<'year' | 'month' | 'day' | 'hour' | 'minute', string> {
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

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/**
 * Instants whose wall clock is worked out from the zone's offset in that hour: from 1980 (since 1972 every
 * zone's offset is whole minutes, and its changes fall on whole minutes) to 2200.
 */
const OFFSET_FROM = 315_532_800_000;
const OFFSET_TO = 7_258_118_400_000;
/** The zone's UTC offset (ms) through an hour, by zone and hour; null when it changes within that hour. */
const offsets = new Map<string, number | null>();
const OFFSET_CACHE_SIZE = 50_000;

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The date of a day count since 1970-01-01 (civil_from_days). */
function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp + (mp < 10 ? 3 : -9);
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day: doy - Math.floor((153 * mp + 2) / 5) + 1 };
}

/** The zone's offset at a whole-minute instant, from Intl's wall clock there. */
function intlOffset(instant: number, timeZone: string): number {
  const p = intlWallClock(instant, timeZone);
  return daysFromCivil(Number(p.year), Number(p.month), Number(p.day)) * DAY_MS + Number(p.hour) * HOUR_MS + Number(p.minute) * MINUTE_MS - instant;
}

const two = (value: number) => (value < 10 ? `0${value}` : String(value));

/**
 * Wall-clock parts of an instant in a zone. Formatting through Intl costs tens of microseconds, and a
 * calendar or a series preview formats hundreds of instants in a few hours of a few days: the zone's
 * offset is asked of Intl once per hour of time (at the hour's first and last minute; an hour in which
 * it changes goes through Intl for every instant) and applied with integer arithmetic. The same parts
 * as Intl's, which the facility-time tests check across zones and their changes.
 */
function wallClock(instant: number, timeZone: string): Record<'year' | 'month' | 'day' | 'hour' | 'minute', string> {
  if (!(instant >= OFFSET_FROM && instant < OFFSET_TO)) return intlWallClock(instant, timeZone);
  const hourStart = instant - (instant % HOUR_MS);
  const key = `${timeZone}|${hourStart}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const first = intlOffset(hourStart, timeZone);
    offset = first === intlOffset(hourStart + HOUR_MS - MINUTE_MS, timeZone) ? first : null;
    if (offsets.size >= OFFSET_CACHE_SIZE) offsets.clear();
    offsets.set(key, offset);
  }
  if (offset === null) return intlWallClock(instant, timeZone);
  const local = instant + offset;
  const days = Math.floor(local / DAY_MS);
  const minuteOfDay = Math.floor((local - days * DAY_MS) / MINUTE_MS);
  const { year, month, day } = civilFromDays(days);
  return { year: String(year), month: two(month), day: two(day), hour: two(Math.floor(minuteOfDay / 60)), minute: two(minuteOfDay % 60) };
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
