import { addDaysToDate, instantAt, weekdayOf } from '../time/facility-time';
import type { RecurrenceRule } from './series.contract';

export interface Occurrence {
  readonly index: number;
  readonly date: string;
  readonly startsAt: number;
  readonly endsAt: number;
}

/**
 * The occurrences of a weekly rule in a facility's zone: for each of `weeks` weeks counted from the
 * week of `startDate`, each listed weekday on or after `startDate`, at `startTime` local time. A local
 * time that does not exist on a spring-forward day moves forward by the gap (02:30 → 03:30), as the
 * wall clock does; a repeated time on a fall-back day takes its first occurrence.
 */
export function expandRule(rule: RecurrenceRule, timeZone: string, durationMinutes: number): Occurrence[] {
  const weekdays = [...new Set(rule.weekdays)].sort((a, b) => a - b);
  const startWeekday = weekdayOf(rule.startDate);
  const weekStart = addDaysToDate(rule.startDate, -startWeekday);
  const occurrences: Occurrence[] = [];
  for (let week = 0; week < rule.weeks; week += 1) {
    for (const weekday of weekdays) {
      const date = addDaysToDate(weekStart, week * 7 + weekday);
      if (date < rule.startDate) continue;
      const startsAt = instantAt(date, rule.startTime, timeZone);
      occurrences.push({ index: occurrences.length, date, startsAt, endsAt: startsAt + durationMinutes * 60_000 });
    }
  }
  // A rule starting mid-week still yields `weeks` × weekdays occurrences: top up from the week after.
  const wanted = rule.weeks * weekdays.length;
  for (let week = rule.weeks; occurrences.length < wanted; week += 1) {
    for (const weekday of weekdays) {
      if (occurrences.length >= wanted) break;
      const date = addDaysToDate(weekStart, week * 7 + weekday);
      const startsAt = instantAt(date, rule.startTime, timeZone);
      occurrences.push({ index: occurrences.length, date, startsAt, endsAt: startsAt + durationMinutes * 60_000 });
    }
  }
  return occurrences;
}
