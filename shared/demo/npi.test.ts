import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidNpi, npiCheckDigit } from '../validation/npi';
import { randomNpi } from './npi';
import { createRandom } from './random';

describe('NPI check digit', () => {
  it('matches the worked example in the CMS NPI check-digit guidance', () => {
    // CMS: identifier 123456789 has check digit 3, so 1234567893 is a valid NPI.
    expect(npiCheckDigit('123456789')).toBe(3);
    expect(isValidNpi('1234567893')).toBe(true);
  });

  it('rejects a changed digit, a wrong length and a wrong leading digit', () => {
    expect(isValidNpi('1234567890')).toBe(false);
    expect(isValidNpi('1234567883')).toBe(false);
    expect(isValidNpi('123456789')).toBe(false);
    expect(isValidNpi('3234567893')).toBe(false);
  });

  it('generates only valid NPIs, and catches any single-digit change (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 9 }), (seed, position, delta) => {
        const npi = randomNpi(createRandom(seed, 'npi-test'));
        expect(isValidNpi(npi)).toBe(true);
        const changed = `${npi.slice(0, position)}${(Number(npi[position]) + delta) % 10}${npi.slice(position + 1)}`;
        // Luhn catches every single-digit change; a changed leading digit may also break the 1/2 prefix.
        expect(isValidNpi(changed)).toBe(false);
      }),
    );
  });
});
