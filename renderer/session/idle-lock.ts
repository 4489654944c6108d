import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Automatic logoff (HIPAA 164.312(a)(2)(iii)) as the user sees it: activity keeps the session alive, a warning
 * comes before the lock, and at the deadline the workstation locks — it does not sign out, so unsaved input
 * stays on screen behind the lock. Main enforces the same deadline on its own clock; this side exists so
 * the user is warned and the lock appears on time even when nothing is being sent to main.
 *
 * Only `Date.now` and `setInterval` measure time here, so a test clock (Playwright's `page.clock`) can drive it.
 */

const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'wheel'] as const;
/** Activity is reported to main at most this often while the user keeps working. */
export const EXTEND_INTERVAL_MS = 30_000;

/** The warning shows a minute before the lock, or half the timeout when the timeout is very short. */
export function warningLeadMs(timeoutMs: number): number {
  return Math.min(60_000, timeoutMs / 2);
}

export interface IdleLockOptions {
  readonly enabled: boolean;
  /** Local epoch ms at which the session locks unless it is extended. */
  readonly deadline: number;
  readonly timeoutMs: number;
  /** Reports activity to main; resolves once the new deadline is known. */
  readonly extend: () => Promise<void>;
  readonly lock: () => Promise<void>;
}

export interface IdleLockState {
  /** Seconds left while the warning should show, otherwise null. */
  readonly secondsLeft: number | null;
  /** The "stay signed in" action: reports activity now. */
  readonly stay: () => void;
}

export function useIdleLock({ enabled, deadline, timeoutMs, extend, lock }: IdleLockOptions): IdleLockState {
  const [secondsLeft, setSecondsLeft] = useState<number | null>(null);
  const latest = useRef({ deadline, extend, lock });
  const stayRef = useRef<() => void>(() => undefined);
  useEffect(() => {
    latest.current = { deadline, extend, lock };
    // A new deadline (after "Stay signed in", or any reported activity) ends the warning at once.
    if (deadline - Date.now() > warningLeadMs(timeoutMs)) setSecondsLeft(null);
  }, [deadline, extend, lock, timeoutMs]);

  useEffect(() => {
    if (!enabled) {
      setSecondsLeft(null);
      return;
    }
    const lead = warningLeadMs(timeoutMs);
    let lastExtendAt = Date.now();
    let isExtending = false;
    let isLocking = false;

    const reportActivity = () => {
      if (isExtending) return;
      isExtending = true;
      lastExtendAt = Date.now();
      void latest.current.extend().finally(() => {
        isExtending = false;
      });
    };
    stayRef.current = reportActivity;

    // Leading edge only: activity right after a report is not reported again, so the deadline can only be
    // earlier than the user's last touch, never later (a later one would keep an abandoned screen open).
    // Inside the warning window any key or click counts as "stay signed in".
    const onActivity = () => {
      const now = Date.now();
      if (latest.current.deadline - now <= lead || now - lastExtendAt >= EXTEND_INTERVAL_MS) reportActivity();
    };

    const tick = () => {
      const left = latest.current.deadline - Date.now();
      if (left <= 0) {
        setSecondsLeft(null);
        if (!isLocking) {
          isLocking = true;
          void latest.current.lock();
        }
        return;
      }
      setSecondsLeft(left <= lead ? Math.ceil(left / 1000) : null);
    };

    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, onActivity, { capture: true, passive: true });
    const interval = setInterval(tick, 1_000);
    tick();
    return () => {
      for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, onActivity, { capture: true });
      clearInterval(interval);
      stayRef.current = () => undefined;
    };
  }, [enabled, timeoutMs]);

  const stay = useCallback(() => stayRef.current(), []);
  return { secondsLeft, stay };
}
