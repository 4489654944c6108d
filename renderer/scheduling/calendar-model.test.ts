import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { instantAt } from '../../shared/time/facility-time';
import { dayWindow, minuteOfDay, moveCursor, nowLine, placeColumn, slotInstant, slotMinutes, twelveHour, wallClock, weekOf, type CursorKey } from './calendar-model';

const NEW_YORK = 'America/New_York';
const at = (date: string, time: string, zone = NEW_YORK) => instantAt(date, time, zone);
const item = (id: string, date: string, start: string, end: string, zone = NEW_YORK) => ({ id, startsAt: at(date, start, zone), endsAt: at(date, end, zone) });

describe('the rows a day shows', () => {
  it('runs from the earliest opening to the latest closing of the week, on whole hours', () => {
    const hours = { mon: [{ open: '08:30', close: '17:00' }], sat: [{ open: '09:00', close: '12:15' }] };
    expect(dayWindow(hours, ['2026-11-30', '2026-12-05'])).toEqual({ startMinute: 8 * 60, endMinute: 17 * 60 });
    expect(dayWindow(hours, ['2026-12-05'])).toEqual({ startMinute: 9 * 60, endMinute: 13 * 60 });
  });

  it('shows 7 am to 7 pm on a closed day, widened to anything booked outside the hours', () => {
    expect(dayWindow({}, ['2026-11-29'])).toEqual({ startMinute: 7 * 60, endMinute: 19 * 60 });
    expect(dayWindow({ mon: [{ open: '09:00', close: '17:00' }] }, ['2026-11-30'], [{ start: 6 * 60 + 30, end: 7 * 60 }])).toEqual({ startMinute: 6 * 60, endMinute: 17 * 60 });
    expect(slotMinutes({ startMinute: 8 * 60, endMinute: 9 * 60 })).toEqual([480, 495, 510, 525]);
  });

  it('labels rows in twelve-hour time', () => {
    expect([0, 9 * 60, 12 * 60 + 15, 17 * 60 + 45].map(twelveHour)).toEqual(['12:00 AM', '9:00 AM', '12:15 PM', '5:45 PM']);
  });

  it('tells an instant by the facility\'s wall clock, not the workstation\'s', () => {
    const instant = instantAt('2026-03-10', '14:30', 'America/Chicago');
    expect(wallClock(instant, 'America/Chicago')).toBe('2:30 PM');
    expect(wallClock(instant, 'America/New_York')).toBe('3:30 PM');
  });
});

describe('placing appointments', () => {
  it('puts a 9:00 appointment on the 9:00 row on the day clocks fall back, as on any other day', () => {
    const fallBack = placeColumn([item('a', '2026-11-01', '09:00', '09:45')], '2026-11-01', NEW_YORK);
    expect(fallBack[0]).toMatchObject({ startMinute: 540, endMinute: 585, lane: 0, lanes: 1 });
    expect(minuteOfDay(at('2026-03-08', '10:15'), NEW_YORK)).toBe(615);
  });

  it('uses the facility zone, not the workstation: 9:00 in Chicago is the 9:00 row of a Chicago calendar', () => {
    const placed = placeColumn([item('a', '2026-12-01', '09:00', '09:30', 'America/Chicago')], '2026-12-01', 'America/Chicago');
    expect(placed[0]?.startMinute).toBe(540);
  });

  it('splits overlapping appointments into lanes that share the width of their cluster only', () => {
    const placed = placeColumn(
      [item('a', '2026-12-01', '09:00', '10:00'), item('b', '2026-12-01', '09:15', '09:45'), item('c', '2026-12-01', '09:45', '10:30'), item('d', '2026-12-01', '11:00', '11:15')],
      '2026-12-01',
      NEW_YORK,
    );
    const byId = Object.fromEntries(placed.map((entry) => [entry.item.id, { lane: entry.lane, lanes: entry.lanes }]));
    expect(byId).toEqual({ a: { lane: 0, lanes: 2 }, b: { lane: 1, lanes: 2 }, c: { lane: 1, lanes: 2 }, d: { lane: 0, lanes: 1 } });
  });

  it('never puts two overlapping appointments in the same lane (property)', () => {
    const day = '2026-12-01';
    const base = at(day, '07:00');
    const arbitraryItems = fc.array(
      fc.record({ start: fc.integer({ min: 0, max: 40 }), length: fc.integer({ min: 1, max: 8 }) }),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(arbitraryItems, (specs) => {
        const items = specs.map((spec, index) => ({ id: `i${index}`, startsAt: base + spec.start * 15 * 60_000, endsAt: base + (spec.start + spec.length) * 15 * 60_000 }));
        const placed = placeColumn(items, day, NEW_YORK);
        expect(placed).toHaveLength(items.length);
        for (const a of placed) {
          expect(a.lane).toBeLessThan(a.lanes);
          for (const b of placed) {
            const overlap = a.item.startsAt < b.item.endsAt && b.item.startsAt < a.item.endsAt;
            if (a !== b && overlap) {
              expect(a.lane).not.toBe(b.lane);
              expect(a.lanes).toBe(b.lanes);
            }
          }
        }
      }),
    );
  });
});

describe('the keyboard cursor', () => {
  it('moves by arrows and stops at the edges instead of wrapping', () => {
    const press = (keys: CursorKey[]) => keys.reduce((cursor, key) => moveCursor(cursor, key, 3, 10), { column: 0, row: 0 });
    expect(press(['ArrowDown', 'ArrowDown', 'ArrowRight'])).toEqual({ column: 1, row: 2 });
    expect(press(['ArrowUp', 'ArrowLeft'])).toEqual({ column: 0, row: 0 });
    expect(press(['ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowRight'])).toEqual({ column: 2, row: 0 });
    expect(press(['End'])).toEqual({ column: 0, row: 9 });
    expect(moveCursor({ column: 1, row: 5 }, 'Home', 3, 10, true)).toEqual({ column: 0, row: 0 });
    expect(moveCursor({ column: 1, row: 5 }, 'End', 3, 10, true)).toEqual({ column: 2, row: 9 });
  });
});

describe('weeks, slots and the current-time line', () => {
  it('a week runs Monday to Sunday around any of its dates', () => {
    expect(weekOf('2026-11-28')).toEqual(['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29']);
    expect(weekOf('2026-11-30')[0]).toBe('2026-11-30');
  });

  it('a slot starts at its wall-clock time in the facility zone', () => {
    expect(slotInstant('2026-12-01', 9 * 60 + 15, 'America/Denver')).toBe(instantAt('2026-12-01', '09:15', 'America/Denver'));
  });

  it('draws the line only on today in the facility zone and within the shown hours', () => {
    const window = { startMinute: 8 * 60, endMinute: 18 * 60 };
    expect(nowLine(at('2026-12-01', '13:00'), '2026-12-01', NEW_YORK, window)).toBe(0.5);
    expect(nowLine(at('2026-12-01', '19:00'), '2026-12-01', NEW_YORK, window)).toBeNull();
    // 9:00 in London is 4:00 in New York: before the facility's shown hours, so no line.
    expect(nowLine(at('2026-12-01', '09:00', 'Europe/London'), '2026-12-01', NEW_YORK, window)).toBeNull();
    expect(nowLine(at('2026-12-01', '13:00'), '2026-12-02', NEW_YORK, window)).toBeNull();
  });
});
