import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { afterFailure, FAILURE_MEMORY_MS, lockDurationMs, lockedUntil, MAX_LOCK_MS } from './lockout';

describe('sign-in lockout', () => {
  it('allows four free failures, then locks for 30 s, doubling up to 15 minutes', () => {
    expect([1, 2, 3, 4].map(lockDurationMs)).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8].map(lockDurationMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(lockDurationMs(40)).toBe(MAX_LOCK_MS);
  });

  it('is locked until the computed instant, and free after it', () => {
    let state = null;
    for (let i = 0; i < 5; i++) state = afterFailure(state, 1_000);
    expect(lockedUntil(state, 1_000)).toBe(31_000);
    expect(lockedUntil(state, 31_000)).toBeNull();
  });

  it('forgets failures after a quiet day', () => {
    let state = null;
    for (let i = 0; i < 6; i++) state = afterFailure(state, 0);
    expect(afterFailure(state, FAILURE_MEMORY_MS + 1).failedCount).toBe(1);
  });

  it('never shortens a lock as failures grow (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 60 }), (n) => lockDurationMs(n + 1) >= lockDurationMs(n)));
  });
});
