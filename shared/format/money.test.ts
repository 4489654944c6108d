import { describe, expect, it } from 'vitest';
import { formatCents } from './money';

describe('formatCents', () => {
  it('formats whole cents as dollars', () => {
    expect(formatCents(123456, 'USD', 'en-US')).toBe('$1,234.56');
    expect(formatCents(5, 'USD', 'en-US')).toBe('$0.05');
    expect(formatCents(-2500, 'USD', 'en-US')).toBe('-$25.00');
  });

  it('refuses fractional cents, which would mean money was computed in floating point', () => {
    expect(() => formatCents(10.5)).toThrow(RangeError);
  });
});
