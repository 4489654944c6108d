import type { WeeklyHours } from '../../shared/admin/facility.contract';
import { WEEKDAYS } from '../../shared/admin/facility.contract';
import { addDaysToDate, instantAt, localTime, weekdayOf } from '../../shared/time/facility-time';

/**
 * The calendar's geometry, independent of React: which wall-clock minutes a day shows, where an
 * appointment sits, how overlapping appointments share a column, and how the keyboard cursor moves.
 * Every minute here is a wall-clock minute in the facility's zone (minutes since local midnight), so a
 * 9:00 appointment sits on the 9:00 row on a DST day as on any other.
 */

/** One row of the calendar is this many minutes. */
export const SLOT_MINUTES = 15;

/** The wall-clock minute of an instant in a zone (0 … 1439). */
export function minuteOfDay(instant: number, timeZone: string): number {
  const [hour, minute] = localTime(instant, timeZone).split(':').map(Number) as [number, number];
  return hour * 60 + minute;
}

/** `HH:mm` of a minute of the day. */
export function clockOf(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** `9:00 AM`: how the calendar labels a row. */
export function twelveHour(minute: number): string {
  const hour = Math.floor(minute / 60);
  const suffix = hour < 12 ? 'AM' : 'PM';
  return `${((hour + 11) % 12) + 1}:${String(minute % 60).padStart(2, '0')} ${suffix}`;
}

/** `9:00 AM`: the facility's wall-clock time of an instant, as every scheduling screen shows it. */
export function wallClock(instant: number, timeZone: string): string {
  return twelveHour(minuteOfDay(instant, timeZone));
}

export interface DayWindow {
  /** First shown minute (on an hour). */
  readonly startMinute: number;
  /** End of the last shown slot (on an hour). */
  readonly endMinute: number;
}

/** Opening spans of a facility on a date, as minutes; none when it is closed that weekday. */
function openSpans(hours: WeeklyHours, date: string): { start: number; end: number }[] {
  const day = WEEKDAYS[weekdayOf(date)];
  return (day ? (hours[day] ?? []) : []).map((span) => ({ start: toMinute(span.open), end: toMinute(span.close) }));
}

function toMinute(clock: string): number {
  const [hour, minute] = clock.split(':').map(Number) as [number, number];
  return hour * 60 + minute;
}

/**
 * The rows a set of dates shows: the facility's earliest opening to its latest closing over the week,
 * widened to whole hours and to any appointment outside them (nothing booked is ever off screen).
 * A facility with no hours at all shows 7 am to 7 pm.
 */
export function dayWindow(hours: WeeklyHours, dates: readonly string[], bookedMinutes: readonly { start: number; end: number }[] = []): DayWindow {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const date of dates) {
    for (const span of openSpans(hours, date)) {
      start = Math.min(start, span.start);
      end = Math.max(end, span.end);
    }
  }
  if (!Number.isFinite(start)) {
    start = 7 * 60;
    end = 19 * 60;
  }
  for (const booked of bookedMinutes) {
    start = Math.min(start, booked.start);
    end = Math.max(end, booked.end);
  }
  return { startMinute: Math.floor(start / 60) * 60, endMinute: Math.min(24 * 60, Math.ceil(end / 60) * 60) };
}

/** The rows of a window, one per slot, as minutes of the day. */
export function slotMinutes(window: DayWindow): number[] {
  const rows: number[] = [];
  for (let minute = window.startMinute; minute < window.endMinute; minute += SLOT_MINUTES) rows.push(minute);
  return rows;
}

export interface Timed {
  readonly id: string;
  readonly startsAt: number;
  readonly endsAt: number;
}

export interface Placed<T extends Timed> {
  readonly item: T;
  /** Wall-clock minutes, clipped to the day. */
  readonly startMinute: number;
  readonly endMinute: number;
  /** Side-by-side position among overlapping items of the same column. */
  readonly lane: number;
  readonly lanes: number;
}

/**
 * Places one column's items: each overlapping cluster is split into lanes (first free lane, in start
 * order), and every item of a cluster knows how many lanes the cluster needs, so they share the width.
 */
export function placeColumn<T extends Timed>(items: readonly T[], date: string, timeZone: string): Placed<T>[] {
  const dayStart = instantAt(date, '00:00', timeZone);
  const nextDayStart = instantAt(addDaysToDate(date, 1), '00:00', timeZone);
  const sorted = [...items].sort((a, b) => a.startsAt - b.startsAt || b.endsAt - a.endsAt || a.id.localeCompare(b.id));
  const placed: { item: T; startMinute: number; endMinute: number; lane: number; cluster: number }[] = [];
  const clusterLanes: number[] = [];
  let laneEnds: number[] = [];
  let clusterEnd = Number.NEGATIVE_INFINITY;
  for (const item of sorted) {
    const startMinute = item.startsAt <= dayStart ? 0 : minuteOfDay(item.startsAt, timeZone);
    const endMinute = Math.max(item.endsAt >= nextDayStart ? 24 * 60 : minuteOfDay(item.endsAt, timeZone), startMinute + 5);
    if (item.startsAt >= clusterEnd) {
      clusterLanes.push(0);
      laneEnds = [];
    }
    const cluster = clusterLanes.length - 1;
    let lane = laneEnds.findIndex((laneEnd) => laneEnd <= item.startsAt);
    if (lane === -1) {
      lane = laneEnds.length;
      laneEnds.push(item.endsAt);
    } else {
      laneEnds[lane] = item.endsAt;
    }
    clusterLanes[cluster] = Math.max(clusterLanes[cluster] ?? 0, lane + 1);
    clusterEnd = Math.max(clusterEnd, item.endsAt);
    placed.push({ item, startMinute, endMinute, lane, cluster });
  }
  return placed.map(({ cluster, ...rest }) => ({ ...rest, lanes: clusterLanes[cluster] ?? 1 }));
}

/** The items of a column that cover a slot (start inclusive, end exclusive). */
export function coveringSlot<T extends Timed>(placed: readonly Placed<T>[], slotMinute: number): Placed<T>[] {
  return placed.filter((entry) => entry.startMinute < slotMinute + SLOT_MINUTES && entry.endMinute > slotMinute);
}

/** Where the keyboard is: a column (physician or day) and a row (slot). */
export interface Cursor {
  readonly column: number;
  readonly row: number;
}

export type CursorKey = 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight' | 'Home' | 'End';

export const CURSOR_KEYS: readonly string[] = ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End'];

/**
 * Moves the cursor by a key within `columns` × `rows`; it stops at the edges rather than wrapping, so
 * holding a key never jumps to the other side of the day. `control` with Home/End goes to the first or
 * last column as well.
 */
export function moveCursor(cursor: Cursor, key: CursorKey, columns: number, rows: number, control = false): Cursor {
  const clampRow = (row: number) => Math.max(0, Math.min(rows - 1, row));
  const clampColumn = (column: number) => Math.max(0, Math.min(columns - 1, column));
  switch (key) {
    case 'ArrowUp':
      return { column: cursor.column, row: clampRow(cursor.row - 1) };
    case 'ArrowDown':
      return { column: cursor.column, row: clampRow(cursor.row + 1) };
    case 'ArrowLeft':
      return { column: clampColumn(cursor.column - 1), row: cursor.row };
    case 'ArrowRight':
      return { column: clampColumn(cursor.column + 1), row: cursor.row };
    case 'Home':
      return { column: control ? 0 : cursor.column, row: 0 };
    case 'End':
      return { column: control ? clampColumn(columns - 1) : cursor.column, row: clampRow(rows - 1) };
  }
}

/** The seven dates of the week (Monday first) that holds a date. */
export function weekOf(date: string): string[] {
  const monday = addDaysToDate(date, -((weekdayOf(date) + 6) % 7));
  return Array.from({ length: 7 }, (_, index) => addDaysToDate(monday, index));
}

/**
 * Where the current-time line goes, as a fraction of the window's height, or null when now is not on
 * this date in the facility's zone or falls outside the shown hours.
 */
export function nowLine(now: number, date: string, timeZone: string, window: DayWindow): number | null {
  const today = instantAt(date, '00:00', timeZone);
  const tomorrow = instantAt(addDaysToDate(date, 1), '00:00', timeZone);
  if (now < today || now >= tomorrow) return null;
  const minute = minuteOfDay(now, timeZone);
  if (minute < window.startMinute || minute >= window.endMinute) return null;
  return (minute - window.startMinute) / (window.endMinute - window.startMinute);
}

/** The instant a slot starts: its wall-clock time on the date in the facility's zone. */
export function slotInstant(date: string, minute: number, timeZone: string): number {
  return instantAt(date, clockOf(minute), timeZone);
}
