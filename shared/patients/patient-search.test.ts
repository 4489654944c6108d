import { describe, expect, it } from 'vitest';
import { deleteVariants, editDistance, nameMatchScore, nameTokens, normalizeNameKey, parseDateQuery, phoneDigits, readQuery } from './patient-search';

describe('reading a search query', () => {
  it('normalizes names the way the index does', () => {
    expect(normalizeNameKey(" O'Brien-Lee ")).toBe('obrienlee');
    expect(nameTokens('Doe, Jane')).toEqual(['doe', 'jane']);
  });

  it('reads phone numbers, dates of birth and identifiers', () => {
    expect(phoneDigits('+1 (555) 010-2233')).toBe('5550102233');
    expect(readQuery('(555) 010').phone).toBe('555010');
    expect(readQuery('03/07/1980').dateOfBirth).toBe('1980-03-07');
    expect(readQuery('1980-3-7').dateOfBirth).toBe('1980-03-07');
    expect(parseDateQuery('02/30/1980')).toBeNull();
    expect(readQuery('c2026-0001').identifier).toBe('C2026-0001');
    expect(readQuery('smith').phone).toBeNull();
  });
});

describe('typo tolerance', () => {
  it('counts swaps of neighbours as one edit', () => {
    expect(editDistance('jhon', 'john')).toBe(1);
    expect(editDistance('smiht', 'smith')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('delete variants of a token and of a one-edit typo meet', () => {
    const name = new Set(deleteVariants('john'));
    expect(deleteVariants('jhon').some((key) => name.has(key))).toBe(true);
    expect(deleteVariants('jon').some((key) => name.has(key))).toBe(true);
  });

  it('scores exact prefixes above typos and rejects names too far away', () => {
    expect(nameMatchScore(['smi'], ['smith', 'john'])).toBe(0);
    expect(nameMatchScore(['smiht', 'jo'], ['smith', 'john'])).toBe(2);
    expect(nameMatchScore(['garcia'], ['smith', 'john'])).toBeNull();
    expect(nameMatchScore(['al'], ['ali'])).toBe(0);
    expect(nameMatchScore(['xl'], ['ali'])).toBeNull();
  });
});
