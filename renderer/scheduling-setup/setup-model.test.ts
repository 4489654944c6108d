import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { availabilityInput } from '../../shared/scheduling/schedule-setup.contract';
import { examTypeInput } from '../../shared/scheduling/exam-type.contract';
import { barPlacement, checkRows, formatCodes, parseCodes, previewRange, rowsFromSpans, spansForSave, timeOffSpan, weekSummary, weekVersions, type SpanRow } from './setup-model';

const row = (weekday: number, start: string, end: string, key = `${weekday}-${start}`): SpanRow => ({ key, weekday, start, end });

describe('weekly template rows', () => {
  test('rows read Monday first, then by start; Sunday last', () => {
    const rows = rowsFromSpans([
      { id: 'a', weekday: 0, start: '09:00', end: '12:00' },
      { id: 'b', weekday: 3, start: '13:00', end: '17:00' },
      { id: 'c', weekday: 1, start: '08:00', end: '12:00' },
      { id: 'd', weekday: 3, start: '08:00', end: '12:00' },
    ]);
    expect(rows.map((r) => r.key)).toEqual(['c', 'd', 'b', 'a']);
  });

  test('an end not after the start is marked at the end; a bad time at its field', () => {
    expect(checkRows([row(1, '12:00', '12:00'), row(2, '8:00', '12:00'), row(3, '13:00', '11:00')])).toEqual({
      'spans.0.end': 'The end must be after the start',
      'spans.1.start': 'Enter a time like 08:00',
      'spans.2.end': 'The end must be after the start',
    });
  });

  test('overlapping spans of one weekday are marked at the later row; touching ones are fine', () => {
    expect(checkRows([row(1, '08:00', '12:00'), row(1, '12:00', '13:00'), row(2, '08:00', '12:00')])).toEqual({});
    expect(checkRows([row(1, '08:00', '12:00'), row(3, '08:00', '12:00'), row(1, '11:30', '13:00')])).toEqual({ 'spans.2.start': 'Overlaps Monday 08:00–12:00' });
  });

  test('rows the checks accept are accepted by the channel, whose own overlap rule agrees (property)', () => {
    const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45)).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    const rowArb = fc.tuple(fc.integer({ min: 0, max: 6 }), time, time).map(([weekday, start, end]) => row(weekday, start, end));
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 12 }), (rows) => {
        const errors = checkRows(rows);
        const parsed = availabilityInput.safeParse({
          physicianId: '0190a0b0-0000-7000-8000-000000000001', facilityId: '0190a0b0-0000-7000-8000-000000000002',
          effectiveFrom: '2026-12-01', effectiveTo: null, spans: spansForSave(rows),
        });
        if (Object.keys(errors).length === 0) {
          expect(parsed.success).toBe(true);
          // No two spans of a weekday overlap (half-open).
          for (const a of rows) for (const b of rows) if (a !== b && a.weekday === b.weekday) expect(a.start < b.end && b.start < a.end).toBe(false);
        }
        if (!parsed.success) expect(Object.keys(errors).length).toBeGreaterThan(0);
      }),
    );
  });

  test('the summary groups days with the same hours, Monday first', () => {
    expect(weekSummary([row(3, '08:00', '12:00'), row(2, '13:00', '17:00'), row(1, '08:00', '12:00')])).toBe('Mon, Wed 08:00–12:00 · Tue 13:00–17:00');
    expect(weekSummary([row(1, '13:00', '17:00'), row(1, '08:00', '12:00')])).toBe('Mon 08:00–12:00, 13:00–17:00');
    expect(weekSummary([])).toBe('');
  });

  test('the preview spans 07:00–19:00, widened to whole hours around early and late spans', () => {
    expect(previewRange([row(1, '08:00', '12:00')])).toEqual({ from: 420, to: 1140 });
    expect(previewRange([row(1, '06:30', '20:15')])).toEqual({ from: 360, to: 1260 });
    const range = previewRange([]);
    expect(barPlacement(row(1, '07:00', '13:00'), range)).toEqual({ left: 0, width: 50 });
    expect(barPlacement(row(1, '13:00', '12:00'), range)).toBeNull();
  });
});

describe('time off in the facility zone', () => {
  test('a whole day on the autumn DST change in New York is 25 hours, from local midnight', () => {
    const { startsAt, endsAt } = timeOffSpan({ fromDate: '2026-11-01', toDate: '2026-11-01', allDay: true, startTime: '', endTime: '' }, 'America/New_York');
    expect(new Date(startsAt).toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect((endsAt - startsAt) / 3_600_000).toBe(25);
  });

  test('wall-clock times are read in the facility zone, whatever the workstation zone', () => {
    const { startsAt, endsAt } = timeOffSpan({ fromDate: '2026-12-03', toDate: '2026-12-03', allDay: false, startTime: '13:00', endTime: '15:30' }, 'America/Los_Angeles');
    expect(new Date(startsAt).toISOString()).toBe('2026-12-03T21:00:00.000Z');
    expect(new Date(endsAt).toISOString()).toBe('2026-12-03T23:30:00.000Z');
  });
});

describe('procedure codes as text', () => {
  test('codes and modifiers in the usual spellings', () => {
    expect(parseCodes(' 97110-gp, 97140 GP 59;72148\n')).toEqual([
      { code: '97110', modifiers: ['GP'] },
      { code: '97140', modifiers: ['GP', '59'] },
      { code: '72148', modifiers: [] },
    ]);
    expect(parseCodes('  ')).toEqual([]);
  });

  test('formatting and parsing round-trip for any valid codes (property)', () => {
    const chars = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'.split('');
    const code = fc.array(fc.constantFrom(...chars), { minLength: 5, maxLength: 5 }).map((c) => c.join(''));
    const modifier = fc.array(fc.constantFrom(...chars), { minLength: 2, maxLength: 2 }).map((c) => c.join(''));
    fc.assert(
      fc.property(fc.array(fc.record({ code, modifiers: fc.array(modifier, { maxLength: 4 }) }), { maxLength: 10 }), (codes) => {
        expect(parseCodes(formatCodes(codes))).toEqual(codes);
        const input = { name: 'X', durationMinutes: 15, color: '#112233', resourceKind: null, isBillable: false, defaultCodes: parseCodes(formatCodes(codes)), isActive: true, facilityIds: [], physicianIds: [] };
        expect(examTypeInput.safeParse(input).success).toBe(true);
      }),
    );
  });
});

describe('weekly templates from today on', () => {
  const span = (id: string, effectiveFrom: string, effectiveTo: string | null, start = '08:00') =>
    ({ id, physicianId: 'p', facilityId: 'f', weekday: 1, start, end: '12:00', effectiveFrom, effectiveTo });

  test('the week in effect today ends where an upcoming one starts; ended weeks are left out', () => {
    const versions = weekVersions([
      span('old', '2026-01-05', '2026-06-01'),
      span('now', '2026-06-01', '2027-01-04', '09:00'),
      span('next', '2027-01-04', null, '10:00'),
    ], '2026-11-28');
    expect(versions.map((v) => [v.effectiveFrom, v.effectiveTo, v.upcoming, v.spans.map((s) => s.id)])).toEqual([
      ['2026-11-28', '2027-01-04', false, ['now']],
      ['2027-01-04', null, true, ['next']],
    ]);
  });

  test('no hours today and none later: one empty week from today; a week saved with an end keeps it', () => {
    expect(weekVersions([], '2026-11-28')).toEqual([{ effectiveFrom: '2026-11-28', effectiveTo: null, spans: [], upcoming: false }]);
    const versions = weekVersions([span('range', '2026-12-14', '2026-12-21')], '2026-11-28');
    expect(versions.map((v) => [v.effectiveFrom, v.effectiveTo, v.spans.length])).toEqual([['2026-11-28', '2026-12-14', 0], ['2026-12-14', '2026-12-21', 1]]);
  });
});
