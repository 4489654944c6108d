import { describe, expect, it } from 'vitest';
import { addDaysToDate, dayBounds, instantAt, localDate, localTime, weekdayOf } from './facility-time';

describe('facility time', () => {
  it('spring-forward and fall-back days are 23 and 25 hours long in the facility zone', () => {
    const spring = dayBounds('2026-03-08', 'America/New_York');
    const fall = dayBounds('2026-11-01', 'America/Chicago');
    expect((spring.endsAt - spring.startsAt) / 3_600_000).toBe(23);
    expect((fall.endsAt - fall.startsAt) / 3_600_000).toBe(25);
    expect(new Date(spring.startsAt).toISOString()).toBe('2026-03-08T05:00:00.000Z');
  });

  it('reads local date and time in the facility zone, whatever the workstation zone', () => {
    const instant = Date.parse('2026-11-30T03:30:00Z');
    expect(localDate(instant, 'America/Los_Angeles')).toBe('2026-11-29');
    expect(localTime(instant, 'America/Los_Angeles')).toBe('19:30');
    expect(localDate(instant, 'America/New_York')).toBe('2026-11-29');
    expect(localTime(instant, 'Asia/Tokyo')).toBe('12:30');
    expect(localTime(Date.parse('2026-11-30T05:00:00Z'), 'America/New_York')).toBe('00:00');
  });

  it('round-trips wall-clock times, weekdays and date arithmetic', () => {
    const at = instantAt('2026-07-04', '09:15', 'America/Phoenix');
    expect(localTime(at, 'America/Phoenix')).toBe('09:15');
    expect(localDate(at, 'America/Phoenix')).toBe('2026-07-04');
    expect(weekdayOf('2026-11-28')).toBe(6);
    expect(addDaysToDate('2026-02-28', 1)).toBe('2026-03-01');
  });
});
