/**
 * Sign-in lockout with exponential backoff. The first few failures are free (typos happen); from the
 * fifth on, each failure locks the username for twice as long, capped at 15 minutes. Counters live in
 * the device database so relaunching the app does not reset them.
 */
export const FREE_ATTEMPTS = 4;
export const FIRST_LOCK_MS = 30_000;
export const MAX_LOCK_MS = 15 * 60_000;
/** A quiet period after which old failures are forgotten. */
export const FAILURE_MEMORY_MS = 24 * 60 * 60_000;

export interface ThrottleState {
  readonly failedCount: number;
  readonly lockedUntil: number | null;
  readonly lastFailedAt: number;
}

/** The lock duration after `failedCount` consecutive failures (0 while still free). */
export function lockDurationMs(failedCount: number): number {
  if (failedCount <= FREE_ATTEMPTS) return 0;
  return Math.min(FIRST_LOCK_MS * 2 ** (failedCount - FREE_ATTEMPTS - 1), MAX_LOCK_MS);
}

/** State after one more failure at `now`. */
export function afterFailure(previous: ThrottleState | null, now: number): ThrottleState {
  const stale = previous !== null && now - previous.lastFailedAt > FAILURE_MEMORY_MS;
  const failedCount = previous && !stale ? previous.failedCount + 1 : 1;
  const duration = lockDurationMs(failedCount);
  return { failedCount, lockedUntil: duration > 0 ? now + duration : null, lastFailedAt: now };
}

/** Epoch ms until which sign-in is refused, or null when it is allowed now. */
export function lockedUntil(state: ThrottleState | null, now: number): number | null {
  if (!state?.lockedUntil || state.lockedUntil <= now) return null;
  return state.lockedUntil;
}
