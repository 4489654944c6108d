import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { centsToInput, formatCents, parseDollars, parseOptionalDollars } from './money';

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

  it('reads what the LOP payoff and fee schedule fields were given', () => {
    expect(parseDollars('1,234.5')).toEqual({ ok: true, cents: 123_450 });
    expect(parseDollars('$1,200.5')).toEqual({ ok: true, cents: 120_050 });
    expect(parseDollars(' 70 ')).toEqual({ ok: true, cents: 7_000 });
    expect(parseDollars('.05')).toEqual({ ok: true, cents: 5 });
    expect(parseDollars('0.07')).toEqual({ ok: true, cents: 7 });
    expect(parseDollars('1,000,000.00')).toEqual({ ok: true, cents: 100_000_000 });
    for (const text of ['$', '$-5', '1.234', '1,2,3']) expect(parseDollars(text).ok, text).toBe(false);
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
