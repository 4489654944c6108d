import { instantAt, weekdayOf } from '../time/facility-time';

/**
 * Local wall-clock times of one facility as instants, fast enough for a million appointments.
 *
 * `instantAt` resolves the zone through `Intl` on every call (tens of microseconds). A facility day has
 * one UTC offset for every time after 03:00, because US zones change clocks at 02:00; so the offset
 * of local noon is looked up once per date and reused for the whole business day. Times before 03:00
 * fall back to the exact (slow) path.
 */
export class FacilityClock {
  private readonly midnights = new Map<string, number>();

  constructor(readonly timeZone: string) {}

  /** The instant of `minute` minutes after local midnight (wall clock) on `date`. */
  at(date: string, minute: number): number {
    if (minute < 180) {
      const hours = String(Math.floor(minute / 60)).padStart(2, '0');
      const minutes = String(minute % 60).padStart(2, '0');
      return instantAt(date, `${hours}:${minutes}`, this.timeZone);
    }
    let midnight = this.midnights.get(date);
    if (midnight === undefined) {
      midnight = instantAt(date, '12:00', this.timeZone) - 12 * 60 * 60_000;
      this.midnights.set(date, midnight);
    }
    return midnight + minute * 60_000;
  }

  /**
   * The local date of an instant. Exact for every instant except the hour around local midnight on a
   * clock-change day, which no demo row uses: the date is the one whose local noon is nearest.
   */
  dateOf(instant: number): string {
    const utcDate = new Date(instant).toISOString().slice(0, 10);
    const shift = Math.round((instant - this.at(utcDate, 720)) / 86_400_000);
    return shift === 0 ? utcDate : shiftDate(utcDate, shift);
  }
}

// Date arithmetic on `YYYY-MM-DD` text is the generator's hottest path (a few calls per invoice), and
// the demo only ever touches a few thousand distinct dates, so both directions are memoised.
const dayNumbers = new Map<string, number>();
const dateTexts = new Map<number, string>();

function dayNumber(date: string): number {
  let day = dayNumbers.get(date);
  if (day === undefined) {
    day = Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
    if (Number.isNaN(day)) throw new Error(`Not a date: ${date}`);
    dayNumbers.set(date, day);
  }
  return day;
}

function dateText(day: number): string {
  let date = dateTexts.get(day);
  if (date === undefined) {
    date = new Date(day * 86_400_000).toISOString().slice(0, 10);
    dateTexts.set(day, date);
  }
  return date;
}

/** Whole days from `from` to `to` (dates as `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** `date` moved by whole days; the same result as `addDaysToDate`, memoised. */
export function shiftDate(date: string, days: number): string {
  return dateText(dayNumber(date) + days);
}

function nthWeekday(year: number, month: number, weekday: number, nth: number): string {
  const first = `${year}-${String(month).padStart(2, '0')}-01`;
  const offset = (weekday - weekdayOf(first) + 7) % 7;
  return shiftDate(first, offset + (nth - 1) * 7);
}

function lastWeekday(year: number, month: number, weekday: number): string {
  const nextMonth = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
  const last = shiftDate(nextMonth, -1);
  return shiftDate(last, -((weekdayOf(last) - weekday + 7) % 7));
}

/** A fixed-date holiday moved to Friday or Monday when it falls on a weekend, as offices observe it. */
function observed(date: string): string {
  const weekday = weekdayOf(date);
  if (weekday === 6) return shiftDate(date, -1);
  if (weekday === 0) return shiftDate(date, 1);
  return date;
}

/** The days a US clinic closes for in a year, with the holiday's name. */
export function clinicHolidays(year: number): { date: string; name: string }[] {
  return [
    { date: observed(`${year}-01-01`), name: "New Year's Day" },
    { date: lastWeekday(year, 5, 1), name: 'Memorial Day' },
    { date: observed(`${year}-07-04`), name: 'Independence Day' },
    { date: nthWeekday(year, 9, 1, 1), name: 'Labor Day' },
    { date: nthWeekday(year, 11, 4, 4), name: 'Thanksgiving' },
    { date: observed(`${year}-12-25`), name: 'Christmas Day' },
  ];
}
