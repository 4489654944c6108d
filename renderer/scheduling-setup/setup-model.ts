import type { ProcedureCode } from '../../shared/scheduling/exam-type.contract';
import type { AvailabilitySpan } from '../../shared/scheduling/schedule-setup.contract';
import { dayBounds, instantAt } from '../../shared/time/facility-time';

/*
 * The pure parts of the scheduling set-up screens: a weekly template as editable rows, its checks (the same
 * ones `availability.save` makes, keyed by the same field paths), a one-line summary of a week, the bars of
 * the week preview, all-day time off in a facility's zone, and procedure codes typed as text.
 */

/** 0 = Sunday … 6 = Saturday, in the order clinics read a week: Monday first. */
export const WEEK_ORDER: readonly number[] = [1, 2, 3, 4, 5, 6, 0];
export const WEEKDAY_NAMES: readonly string[] = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
export const WEEKDAY_SHORT: readonly string[] = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** One editable span of a weekly template; `key` is a stable React key. */
export interface SpanRow {
  readonly key: string;
  readonly weekday: number;
  readonly start: string;
  readonly end: string;
}

const weekPosition = (weekday: number) => WEEK_ORDER.indexOf(weekday);

/** Rows in week order (Monday first), then by start time. */
export function sortRows<T extends Pick<SpanRow, 'weekday' | 'start'>>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => weekPosition(a.weekday) - weekPosition(b.weekday) || a.start.localeCompare(b.start));
}

export function rowsFromSpans(spans: readonly Pick<AvailabilitySpan, 'id' | 'weekday' | 'start' | 'end'>[]): SpanRow[] {
  return sortRows(spans.map((span) => ({ key: span.id, weekday: span.weekday, start: span.start, end: span.end })));
}

/** The spans to send, in row order, so an error at `spans.<i>` names row i. */
export function spansForSave(rows: readonly SpanRow[]): { weekday: number; start: string; end: string }[] {
  return rows.map(({ weekday, start, end }) => ({ weekday, start, end }));
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * What is wrong with the rows before anything is sent, keyed like the channel's field errors
 * (`spans.<i>.start`, `spans.<i>.end`): a time that is not HH:MM, an end not after its start, two spans of
 * one weekday that overlap (half-open: 12:00–13:00 and 13:00–17:00 do not).
 */
export function checkRows(rows: readonly SpanRow[]): Record<string, string> {
  const errors: Record<string, string> = {};
  rows.forEach((row, index) => {
    if (!TIME.test(row.start)) errors[`spans.${index}.start`] = 'Enter a time like 08:00';
    if (!TIME.test(row.end)) errors[`spans.${index}.end`] = 'Enter a time like 12:00';
    else if (TIME.test(row.start) && row.end <= row.start) errors[`spans.${index}.end`] = 'The end must be after the start';
  });
  rows.forEach((row, index) => {
    if (errors[`spans.${index}.start`] || errors[`spans.${index}.end`]) return;
    const clash = rows.findIndex(
      (other, otherIndex) => otherIndex !== index && other.weekday === row.weekday && TIME.test(other.start) && TIME.test(other.end) && other.start < row.end && row.start < other.end,
    );
    if (clash >= 0 && clash < index) errors[`spans.${index}.start`] = `Overlaps ${WEEKDAY_NAMES[row.weekday]} ${rows[clash]?.start}–${rows[clash]?.end}`;
  });
  return errors;
}

/**
 * A week in one line, days with the same hours grouped: "Mon, Wed 08:00–12:00 · Tue 13:00–17:00".
 * Empty for no spans.
 */
export function weekSummary(spans: readonly Pick<SpanRow, 'weekday' | 'start' | 'end'>[]): string {
  const hoursByDay = new Map<number, string>();
  for (const span of sortRows(spans)) {
    const hours = `${span.start}–${span.end}`;
    hoursByDay.set(span.weekday, hoursByDay.has(span.weekday) ? `${hoursByDay.get(span.weekday)}, ${hours}` : hours);
  }
  const daysByHours = new Map<string, number[]>();
  for (const weekday of WEEK_ORDER) {
    const hours = hoursByDay.get(weekday);
    if (hours) daysByHours.set(hours, [...(daysByHours.get(hours) ?? []), weekday]);
  }
  return [...daysByHours].map(([hours, days]) => `${days.map((day) => WEEKDAY_SHORT[day]).join(', ')} ${hours}`).join(' · ');
}

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
}

/** The hours the week preview spans: 07:00–19:00, widened to whole hours around any span outside it. */
export function previewRange(rows: readonly Pick<SpanRow, 'start' | 'end'>[]): { from: number; to: number } {
  let from = 7 * 60;
  let to = 19 * 60;
  for (const row of rows) {
    if (!TIME.test(row.start) || !TIME.test(row.end) || row.end <= row.start) continue;
    from = Math.min(from, Math.floor(minutesOf(row.start) / 60) * 60);
    to = Math.max(to, Math.ceil(minutesOf(row.end) / 60) * 60);
  }
  return { from, to };
}

/** Where a span sits in the preview, as percentages of its width; null for a span that is not valid. */
export function barPlacement(row: Pick<SpanRow, 'start' | 'end'>, range: { from: number; to: number }): { left: number; width: number } | null {
  if (!TIME.test(row.start) || !TIME.test(row.end) || row.end <= row.start) return null;
  const length = range.to - range.from;
  const start = Math.max(range.from, minutesOf(row.start));
  const end = Math.min(range.to, minutesOf(row.end));
  return { left: ((start - range.from) / length) * 100, width: ((end - start) / length) * 100 };
}

/**
 * Time off or a block as UTC instants. Whole days run from the facility's midnight on `fromDate` to its
 * midnight after `toDate` (a DST day is 23 or 25 hours); otherwise the wall-clock times are read in the zone.
 */
export function timeOffSpan(
  input: { fromDate: string; toDate: string; allDay: boolean; startTime: string; endTime: string },
  timeZone: string,
): { startsAt: number; endsAt: number } {
  if (input.allDay) return { startsAt: dayBounds(input.fromDate, timeZone).startsAt, endsAt: dayBounds(input.toDate, timeZone).endsAt };
  return { startsAt: instantAt(input.fromDate, input.startTime, timeZone), endsAt: instantAt(input.toDate, input.endTime, timeZone) };
}

/** Procedure codes as typed: "97110-GP, 97140 GP 59" → codes with their modifiers, upper-cased. */
export function parseCodes(text: string): { code: string; modifiers: string[] }[] {
  return text
    .split(/[,;\n]+/)
    .map((entry) => entry.trim().toUpperCase())
    .filter(Boolean)
    .map((entry) => {
      const [code = '', ...modifiers] = entry.split(/[\s\-:]+/).filter(Boolean);
      return { code, modifiers };
    });
}

export function formatCodes(codes: readonly ProcedureCode[]): string {
  return codes.map((code) => [code.code, ...code.modifiers].join('-')).join(', ');
}

/** One weekly template of a physician at a facility: the week in effect today, or one saved for later. */
export interface WeekVersion {
  /** The first day it applies; for the week in effect today, today (what an edit would apply from). */
  readonly effectiveFrom: string;
  /** The first day it no longer applies (the next version's start), or null. */
  readonly effectiveTo: string | null;
  readonly spans: readonly AvailabilitySpan[];
  readonly upcoming: boolean;
}

/**
 * The weeks that still matter from `today` on, in order: the one in effect today (empty when none is) and
 * each one saved to start later. Each ends where the next starts, so saving one replaces only its own dates.
 */
export function weekVersions(spans: readonly AvailabilitySpan[], today: string): WeekVersion[] {
  const live = spans.filter((span) => span.effectiveTo === null || span.effectiveTo > today);
  const starts = [...new Set(live.filter((span) => span.effectiveFrom > today).map((span) => span.effectiveFrom))].sort();
  const endOf = (own: readonly AvailabilitySpan[], next: string | undefined) => next ?? own[0]?.effectiveTo ?? null;
  const current = live.filter((span) => span.effectiveFrom <= today);
  return [
    { effectiveFrom: today, effectiveTo: endOf(current, starts[0]), spans: current, upcoming: false },
    ...starts.map((start, index) => {
      const own = live.filter((span) => span.effectiveFrom === start);
      return { effectiveFrom: start, effectiveTo: endOf(own, starts[index + 1]), spans: own, upcoming: true };
    }),
  ];
}
