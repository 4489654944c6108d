import { describe, expect, it } from 'vitest';
import { countdown, dateInZone, longDate, preciseTimeInZone, timeInZone, zoneAbbreviation } from './time';

describe('facility time formatting', () => {
  const noonUtcInJanuary = Date.UTC(2026, 0, 15, 18, 0);

  it("shows the facility's wall clock and zone, whatever the workstation's zone", () => {
    expect(timeInZone(noonUtcInJanuary, 'America/Chicago')).toBe('12:00 CST');
    expect(timeInZone(noonUtcInJanuary, 'America/New_York')).toBe('13:00 EST');
  });

  it('names the day and second of an instant in the zone, which may differ from the UTC day', () => {
    const lateEvening = Date.UTC(2026, 0, 16, 4, 30, 15);
    expect(dateInZone(lateEvening, 'America/Chicago')).toBe('Jan 15, 2026');
    expect(preciseTimeInZone(lateEvening, 'America/Chicago')).toBe('22:30:15 CST');
  });

  it('follows daylight saving time', () => {
    expect(zoneAbbreviation(Date.UTC(2026, 6, 1, 12), 'America/Chicago')).toBe('CDT');
  });

  it('names a calendar day without shifting it by a zone', () => {
    expect(longDate('2026-03-03')).toBe('Tuesday, March 3, 2026');
  });

  it('counts down in minutes and seconds', () => {
    expect(countdown(299.2)).toBe('5:00');
    expect(countdown(59)).toBe('0:59');
    expect(countdown(-3)).toBe('0:00');
  });
});
