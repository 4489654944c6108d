import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { centsToInput, parseDollars, parseOptionalDollars } from './money-input';

describe('parseDollars', () => {
  it.each([
    ['125', 12_500], ['125.5', 12_550], ['125.50', 12_550], ['.75', 75], ['0.1', 10], ['0.29', 29], ['$1,234.56', 123_456],
    [' $ 40 ', 4_000], ['1000000', 100_000_000], ['19.99', 1_999], ['4.35', 435], ['0', 0], ['7.', 700],
  ])('reads %j as %i cents', (text, cents) => {
    expect(parseDollars(text)).toEqual({ ok: true, cents });
  });

  it.each([
    ['', 'Enter an amount'], ['-5', 'Enter an amount in dollars, such as 125.00'], ['12.345', 'Use at most two digits after the point'],
    ['abc', 'Enter an amount in dollars, such as 125.00'], ['.', 'Enter an amount in dollars, such as 125.00'], ['1000000.01', 'That amount is too large'],
    ['12,34', 'Enter an amount in dollars, such as 125.00'], ['1e3', 'Enter an amount in dollars, such as 125.00'],
  ])('refuses %j', (text, message) => {
    expect(parseDollars(text)).toEqual({ ok: false, message });
  });

  it('round-trips every amount through the field text exactly (no float error)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 100_000_000 }), (cents) => {
      expect(parseDollars(centsToInput(cents))).toEqual({ ok: true, cents });
    }));
  });

  it('leaves an optional amount empty', () => {
    expect(parseOptionalDollars('  ')).toEqual({ ok: true, cents: null });
    expect(parseOptionalDollars('3.10')).toEqual({ ok: true, cents: 310 });
  });

  it('writes cents for editing', () => {
    expect(centsToInput(5)).toBe('0.05');
    expect(centsToInput(123_400)).toBe('1234.00');
    expect(centsToInput(-250)).toBe('-2.50');
  });
});
