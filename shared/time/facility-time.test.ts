import fc from 'fast-check';
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

describe('local dates and times against Intl', () => {
  const ZONES = ['America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/St_Johns', 'Pacific/Auckland', 'Asia/Tehran', 'UTC'];
  const formatters = new Map(ZONES.map((zone) => [zone, new Intl.DateTimeFormat('en-US', {
    timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  })]));
  /** What Intl says the date and time are: the reference. */
  const reference = (instant: number, zone: string) => {
    const parts = Object.fromEntries((formatters.get(zone) as Intl.DateTimeFormat).formatToParts(instant).map((part) => [part.type, part.value]));
    return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
  };
  const ours = (instant: number, zone: string) => `${localDate(instant, zone)} ${localTime(instant, zone)}`;

  it('agree at every minute (and seconds into it) around every offset change of 2024–2027, in zones with half- and quarter-hour offsets', () => {
    let changes = 0;
    for (const zone of ZONES) {
      const offsetAt = (instant: number) => Date.parse(`${reference(instant, zone).replace(' ', 'T')}:00Z`) - instant;
      for (let day = Date.UTC(2024, 0, 1); day < Date.UTC(2028, 0, 1); day += 86_400_000) {
        if (offsetAt(day) === offsetAt(day + 86_400_000)) continue;
        for (let hour = day; hour < day + 86_400_000; hour += 3_600_000) {
          if (offsetAt(hour) === offsetAt(hour + 3_600_000)) continue;
          changes += 1;
          for (let instant = hour - 90 * 60_000; instant <= hour + 150 * 60_000; instant += 60_000) {
            for (const into of [0, 59_999]) expect(ours(instant + into, zone)).toBe(reference(instant + into, zone));
          }
        }
      }
    }
    expect(changes).toBeGreaterThan(40);
  });

  it('agree at any instant from 1900 to 2300 (property)', () => {
    fc.assert(fc.property(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2300, 0, 1) }), fc.constantFrom(...ZONES), (instant, zone) => {
      expect(ours(instant, zone)).toBe(reference(instant, zone));
    }), { numRuns: 3000 });
  });
});
