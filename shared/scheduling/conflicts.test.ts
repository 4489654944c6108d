import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayBounds, instantAt } from '../time/facility-time';
import { canTransition } from './appointment-status';
import { detectConflicts, type BookedInterval, type FacilityFacts, type ScheduleWorld } from './conflicts';
import { expandRule } from './recurrence';
import { findSlots } from './slots';
import { travelMinutes } from './travel';

const MIN = 60_000;
const EAST: FacilityFacts = {
  id: 'east', name: 'East Side', timeZone: 'America/New_York', latitude: null, longitude: null, closures: new Map([['2026-12-25', { id: 'xmas', reason: 'Christmas Day' }]]),
  hours: { sun: [{ open: '00:00', close: '23:59' }], mon: [{ open: '08:00', close: '17:00' }], tue: [{ open: '08:00', close: '17:00' }], wed: [{ open: '08:00', close: '17:00' }], thu: [{ open: '08:00', close: '17:00' }], fri: [{ open: '08:00', close: '17:00' }] },
};
const WEST: FacilityFacts = { ...EAST, id: 'west', name: 'West Side', closures: new Map() };
const DATE = '2026-12-01'; // a Tuesday
const at = (time: string, date = DATE) => instantAt(date, time, 'America/New_York');

function world(booked: BookedInterval[] = [], extra: Partial<ScheduleWorld> = {}): ScheduleWorld {
  return {
    facilities: new Map([['east', EAST], ['west', WEST]]),
    physicians: new Map([['dr', { id: 'dr', name: 'Dr. Asha Patel' }]]),
    resources: new Map([['room1', { id: 'room1', facilityId: 'east', name: 'Room 1', kind: 'room', isActive: true }]]),
    booked,
    availability: [0, 1, 2, 3, 4, 5, 6].flatMap((weekday) => ['east', 'west'].map((facilityId) => ({ physicianId: 'dr', facilityId, weekday, startMinute: 0, endMinute: 24 * 60, effectiveFrom: '2026-01-01', effectiveTo: null }))),
    timeOff: [],
    travelBufferMinutes: 30,
    patientNames: new Map([['alice', 'Alice Doe']]),
    ...extra,
  };
}
const booking = (id: string, start: string, end: string, more: Partial<BookedInterval> = {}): BookedInterval =>
  ({ id, physicianId: 'dr', facilityId: 'east', patientId: 'other', resourceId: null, startsAt: at(start), endsAt: at(end), ...more });
const proposal = (start: string, end: string, more: Partial<Parameters<typeof detectConflicts>[0]> = {}) =>
  ({ facilityId: 'east', physicianId: 'dr', patientId: 'alice', resourceId: null, startsAt: at(start), endsAt: at(end), ...more });
const kinds = (items: { kind: string }[]) => items.map((item) => item.kind).sort();

describe('conflict matrix', () => {
  it.each([
    ['physician double-booked at the same facility', [booking('a', '09:00', '09:30')], proposal('09:15', '09:45'), ['physician_double_booked']],
    ['physician double-booked at another facility', [booking('a', '09:00', '09:30', { facilityId: 'west' })], proposal('09:15', '09:45'), ['physician_double_booked']],
    ['no travel time between facilities', [booking('a', '09:00', '09:30', { facilityId: 'west' })], proposal('09:40', '10:00'), ['travel_buffer']],
    ['enough travel time', [booking('a', '09:00', '09:30', { facilityId: 'west' })], proposal('10:00', '10:30'), []],
    ['back to back at one facility', [booking('a', '09:00', '09:30')], proposal('09:30', '10:00'), []],
    ['patient double-booked with another physician', [booking('a', '09:00', '09:30', { physicianId: 'other-dr', facilityId: 'west', patientId: 'alice' })], proposal('09:00', '09:30'), ['patient_double_booked']],
    ['room double-booked', [booking('a', '09:00', '09:30', { physicianId: 'other-dr', resourceId: 'room1' })], proposal('09:00', '09:30', { resourceId: 'room1' }), ['room_double_booked']],
    ['outside opening hours', [], proposal('17:30', '18:00'), ['facility_closed']],
  ] as const)('%s', (_name, booked, p, expected) => {
    expect(kinds(detectConflicts(p, world([...booked])))).toEqual([...expected].sort());
  });

  it('closure day, time off, and a weekday without availability each name what collides', () => {
    const closed = detectConflicts({ ...proposal('10:00', '10:30'), startsAt: at('10:00', '2026-12-25'), endsAt: at('10:30', '2026-12-25') }, world());
    expect(closed.map((c) => c.message)).toContain('East Side is closed on 2026-12-25 (Christmas Day).');
    const off = detectConflicts(proposal('10:00', '10:30'), world([], { timeOff: [{ id: 'vac', physicianId: 'dr', facilityId: null, startsAt: at('00:00'), endsAt: at('23:00'), kind: 'time_off', reason: 'Vacation' }] }));
    expect(off).toEqual([expect.objectContaining({ kind: 'physician_time_off', severity: 'soft', withId: 'vac', message: expect.stringContaining('Dr. Asha Patel is on time off (Vacation)') })]);
    const none = detectConflicts(proposal('10:00', '10:30'), world([], { availability: [] }));
    expect(none.map((c) => c.message)).toEqual(['Dr. Asha Patel does not work at East Side on Tuesdays (2026-12-01).']);
  });

  it('names the colliding booking and only the physician double-booking is hard', () => {
    const [clash] = detectConflicts(proposal('09:00', '09:30'), world([booking('a', '09:00', '09:30', { facilityId: 'west' })]));
    expect(clash).toMatchObject({ kind: 'physician_double_booked', severity: 'hard', withId: 'a', message: 'Dr. Asha Patel is already booked 09:00–09:30 at West Side.' });
    const patient = detectConflicts(proposal('09:00', '09:30'), world([booking('b', '09:00', '09:30', { physicianId: 'x', patientId: 'alice' })]));
    expect(patient[0]?.severity).toBe('soft');
  });

  it('ignores the appointment being moved', () => {
    expect(detectConflicts(proposal('09:00', '09:30', { ignoreIds: new Set(['a']) }), world([booking('a', '09:00', '09:30')]))).toEqual([]);
  });
});

describe('conflict properties (fast-check)', () => {
  const base = at('08:00');
  const interval = fc.tuple(fc.integer({ min: 0, max: 8 * 60 }), fc.integer({ min: 5, max: 120 })).map(([start, length]) => ({ startsAt: base + start * MIN, endsAt: base + (start + length) * MIN }));

  it('a physician is double-booked exactly when half-open intervals overlap (edges touch = free)', () => {
    fc.assert(fc.property(interval, interval, fc.constantFrom('east', 'west'), (a, b, facilityId) => {
      const found = detectConflicts({ facilityId: 'east', physicianId: 'dr', patientId: 'alice', resourceId: null, ...b }, world([{ id: 'a', physicianId: 'dr', facilityId, patientId: 'p', resourceId: null, ...a }]));
      const overlap = a.startsAt < b.endsAt && b.startsAt < a.endsAt;
      expect(found.some((c) => c.kind === 'physician_double_booked')).toBe(overlap);
      const gap = Math.max(b.startsAt - a.endsAt, a.startsAt - b.endsAt);
      expect(found.some((c) => c.kind === 'travel_buffer')).toBe(!overlap && facilityId === 'west' && gap < 30 * MIN);
    }), { verbose: true });
  });

  it('every slot found is conflict-free, and is symmetric in patients', () => {
    fc.assert(fc.property(fc.array(interval, { maxLength: 8 }), fc.constantFrom('east', 'west'), (busy, elsewhere) => {
      const booked = busy.map((b, i) => ({ id: `b${i}`, physicianId: 'dr', facilityId: i % 2 === 0 ? 'east' : elsewhere, patientId: i % 3 === 0 ? 'alice' : 'p', resourceId: null, ...b }));
      const w = world(booked);
      const { startsAt, endsAt } = dayBounds(DATE, 'America/New_York');
      const slots = findSlots(w, { durationMinutes: 30, resourceKind: null, candidates: new Map([['east', ['dr']]]), after: startsAt, until: endsAt, patientId: 'alice' });
      for (const slot of slots) expect(detectConflicts({ facilityId: 'east', physicianId: 'dr', patientId: 'alice', resourceId: null, startsAt: slot.startsAt, endsAt: slot.endsAt }, w)).toEqual([]);
    }), { verbose: true });
  });
});

describe('DST days and time zones', () => {
  it('availability 08:00–17:00 stays 08:00–17:00 local on 23- and 25-hour days', () => {
    for (const date of ['2026-03-08', '2026-11-01']) {
      const w = world([], { availability: [{ physicianId: 'dr', facilityId: 'east', weekday: 0, startMinute: 8 * 60, endMinute: 17 * 60, effectiveFrom: '2026-01-01', effectiveTo: null }] });
      const { startsAt, endsAt } = dayBounds(date, 'America/New_York');
      const slots = findSlots(w, { durationMinutes: 60, resourceKind: null, candidates: new Map([['east', ['dr']]]), after: startsAt, until: endsAt, stepMinutes: 60 });
      expect(slots.map((s) => new Intl.DateTimeFormat('en-GB', { timeZone: 'America/New_York', hour: '2-digit', minute: '2-digit' }).format(s.startsAt)))
        .toEqual(['08:00', '09:00', '10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00']);
      const outside = detectConflicts({ facilityId: 'east', physicianId: 'dr', patientId: 'a', resourceId: null, startsAt: instantAt(date, '07:30', 'America/New_York'), endsAt: instantAt(date, '08:30', 'America/New_York') }, w);
      expect(outside.map((c) => c.kind)).toContain('outside_availability');
    }
  });

  it('a 02:30 occurrence on the spring-forward day moves to 03:30; occurrences keep local time across DST', () => {
    const occurrences = expandRule({ startDate: '2026-03-01', weekdays: [0], weeks: 3, startTime: '02:30' }, 'America/New_York', 30);
    expect(occurrences.map((o) => new Date(o.startsAt).toISOString())).toEqual(['2026-03-01T07:30:00.000Z', '2026-03-08T07:30:00.000Z', '2026-03-15T06:30:00.000Z']);
    const nine = expandRule({ startDate: '2026-10-26', weekdays: [1, 3, 5], weeks: 4, startTime: '09:00' }, 'America/Chicago', 45);
    expect(nine).toHaveLength(12);
    expect(new Set(nine.map((o) => new Intl.DateTimeFormat('en-GB', { timeZone: 'America/Chicago', hour: '2-digit', minute: '2-digit' }).format(o.startsAt)))).toEqual(new Set(['09:00']));
  });

  it('recurrence: weeks × weekdays occurrences, in order, on the listed weekdays (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 400 }), fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }), fc.integer({ min: 1, max: 8 }), (offset, weekdays, weeks) => {
      const start = new Date(Date.UTC(2026, 0, 1 + offset)).toISOString().slice(0, 10);
      const list = expandRule({ startDate: start, weekdays, weeks, startTime: '10:00' }, 'Europe/Berlin', 30);
      expect(list).toHaveLength(weeks * weekdays.length);
      for (let i = 1; i < list.length; i += 1) expect((list[i] as { startsAt: number }).startsAt).toBeGreaterThan((list[i - 1] as { startsAt: number }).startsAt);
      for (const o of list) expect(weekdays).toContain(new Date(`${o.date}T12:00:00Z`).getUTCDay());
      expect((list[0] as { date: string }).date >= start).toBe(true);
    }), { verbose: true });
  });
});

describe('travel and statuses', () => {
  it('travel time is the clinic buffer, or a longer drive estimated from coordinates', () => {
    const a = { id: 'a', latitude: 40.7128, longitude: -74.006 };
    expect(travelMinutes(a, a, 30)).toBe(0);
    expect(travelMinutes(a, { id: 'b', latitude: 40.73, longitude: -73.99 }, 30)).toBe(30);
    expect(travelMinutes(a, { id: 'c', latitude: 39.9526, longitude: -75.1652 }, 30)).toBeGreaterThan(200);
    expect(travelMinutes(a, { id: 'd', latitude: null, longitude: null }, 25)).toBe(25);
  });

  it('status transitions follow the flow; final states stay final', () => {
    expect(canTransition('scheduled', 'confirmed')).toBe(true);
    expect(canTransition('confirmed', 'checked_in')).toBe(true);
    expect(canTransition('checked_in', 'in_room')).toBe(true);
    expect(canTransition('in_room', 'completed')).toBe(true);
    expect(canTransition('in_room', 'cancelled')).toBe(false);
    expect(canTransition('completed', 'scheduled')).toBe(false);
    expect(canTransition('cancelled', 'confirmed')).toBe(false);
    expect(canTransition('no_show', 'checked_in')).toBe(false);
  });
});

describe('workstation time zone', () => {
  it('results do not depend on the zone of the machine running them (this suite also runs under TZ=Pacific/Auckland)', () => {
    const workstationOffset = new Date(Date.UTC(2026, 0, 15)).getTimezoneOffset();
    if (process.env.TZ === 'Pacific/Auckland') expect(workstationOffset).toBe(-780);
    const { startsAt } = dayBounds('2026-12-01', 'America/New_York');
    expect(new Date(startsAt).toISOString()).toBe('2026-12-01T05:00:00.000Z');
    const [first] = expandRule({ startDate: '2026-12-01', weekdays: [2], weeks: 1, startTime: '09:00' }, 'America/Los_Angeles', 30);
    expect(new Date((first as { startsAt: number }).startsAt).toISOString()).toBe('2026-12-01T17:00:00.000Z');
  });
});
