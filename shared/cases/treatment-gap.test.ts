import { describe, expect, it } from 'vitest';
import { treatmentGap } from './treatment-gap';

const DAY = 86_400_000;
const now = Date.parse('2026-11-28T12:00:00Z');

describe('treatment-gap warning', () => {
  it('warns when nothing is booked', () => {
    expect(treatmentGap(now, 14, null, null)?.reason).toBe('no_next_appointment');
    expect(treatmentGap(now, 14, now - 3 * DAY, null)).toMatchObject({ reason: 'no_next_appointment', days: 3 });
  });

  it('warns when the next visit is further than the clinic allows', () => {
    expect(treatmentGap(now, 14, now - 10 * DAY, now + 5 * DAY)).toMatchObject({ reason: 'gap_too_long', days: 15 });
    expect(treatmentGap(now, 14, now - 7 * DAY, now + 7 * DAY)).toBeNull();
    expect(treatmentGap(now, 14, null, now + 20 * DAY)).toMatchObject({ reason: 'gap_too_long', days: 20 });
  });
});
