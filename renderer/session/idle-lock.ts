import { useEffect, useRef, useState } from 'react';

/**
 * Automatic logoff (HIPAA 164.312(a)(2)(iii)) as the user sees it: activity keeps the session alive, a warning
 * comes before the lock, and at the deadline the workstation locks — it does not sign out, so unsaved input
 * stays on screen behind the lock. Main enforces the same deadline on its own clock; this side exists so
 * the user is warned and the lock appears on time even when nothing is being sent to main.
 *
 * Only `Date.now`, `setTimeout` and `setInterval` measure time here, so a test clock can drive it.
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

/** Returns the seconds left while the warning should show, otherwise null. */
export function useIdleLock({ enabled, deadline, timeoutMs, extend, lock }: IdleLockOptions): number | null {
  const [secondsLeft, setSecondsLeft] = useState<number | null>(null);
  const latest = useRef({ deadline, extend, lock });
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
    let extending = false;
    let locking = false;
    let trailing: ReturnType<typeof setTimeout> | undefined;

    const reportActivity = () => {
      if (extending) return;
      extending = true;
      lastExtendAt = Date.now();
      void latest.current.extend().finally(() => {
        extending = false;
      });
    };

    const onActivity = () => {
      const now = Date.now();
      // Inside the warning window any key or click counts as "stay signed in".
      if (latest.current.deadline - now <= lead || now - lastExtendAt >= EXTEND_INTERVAL_MS) {
        clearTimeout(trailing);
        trailing = undefined;
        reportActivity();
      } else if (trailing === undefined) {
        // Throttled, not dropped: activity inside the interval is reported when the interval ends.
        trailing = setTimeout(() => {
          trailing = undefined;
          reportActivity();
        }, lastExtendAt + EXTEND_INTERVAL_MS - now);
      }
    };

    const tick = () => {
      const left = latest.current.deadline - Date.now();
      if (left <= 0) {
        setSecondsLeft(null);
        if (!locking) {
          locking = true;
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
      clearTimeout(trailing);
    };
  }, [enabled, timeoutMs]);

  return secondsLeft;
}
