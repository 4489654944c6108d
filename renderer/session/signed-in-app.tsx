import { useCallback, useEffect, useMemo, useState } from 'react';
import type { SessionInfo } from '../../shared/auth/session.contract';
import { LockScreen } from '../auth/lock-screen';
import { api } from '../platform/api';
import { AppShell } from '../shell/app-shell';
import { IdleWarning } from './idle-warning';
import { useIdleLock } from './idle-lock';
import { SessionContext, isSessionInfo, type SessionControls } from './session-context';

export interface SignedInAppProps {
  readonly initialSession: SessionInfo;
  /** Local epoch ms of the first idle deadline. */
  readonly initialDeadline: number;
  readonly onSignedOut: (notice: string | null) => void;
}

/**
 * Everything after sign-in. The shell stays mounted while the workstation is locked — the lock screen is an
 * overlay and the shell is made inert behind it — so a half-filled form is still there after unlocking.
 */
export function SignedInApp({ initialSession, initialDeadline, onSignedOut }: SignedInAppProps) {
  const [session, setSession] = useState(initialSession);
  const [isLocked, setLocked] = useState(initialSession.isLocked);
  const [deadline, setDeadline] = useState(initialDeadline);
  const [resumeCount, setResumeCount] = useState(0);
  const timeoutMs = session.idleTimeoutMinutes * 60_000;

  /**
   * main just reset its deadline to its now + the timeout; counting the same span from our own now keeps
   * the warning right even if this window's clock and main's disagree.
   */
  const acceptFresh = useCallback((next: SessionInfo) => {
    setSession(next);
    setDeadline(Date.now() + next.idleTimeoutMinutes * 60_000);
  }, []);

  const lock = useCallback(async () => {
    // Lock on screen first: if main cannot be reached the workstation must not stay open.
    setLocked(true);
    const result = await api.invoke('auth.lock', {});
    if (result.ok) setSession(result.value);
  }, []);

  const extend = useCallback(async () => {
    const result = await api.invoke('auth.extend', {});
    if (result.ok) acceptFresh(result.value);
  }, [acceptFresh]);

  const signOut = useCallback(async () => {
    await api.invoke('auth.logout', {});
    onSignedOut(null);
  }, [onSignedOut]);

  const unlocked = useCallback(
    (next: SessionInfo) => {
      acceptFresh(next);
      setLocked(false);
      setResumeCount((count) => count + 1);
    },
    [acceptFresh],
  );

  useEffect(
    () =>
      api.onInterruption((code) => {
        if (code === 'session_locked') setLocked(true);
        else onSignedOut('Your session has ended. Please sign in again.');
      }),
    [onSignedOut],
  );

  useEffect(
    () =>
      api.on('session.changed', (payload) => {
        if (payload === null) {
          onSignedOut('You were signed out.');
          return;
        }
        if (!isSessionInfo(payload) || payload.userId !== initialSession.userId) return;
        setSession(payload);
        // main locks on its own clock (idle, OS lock, suspend); it never unlocks without the password here.
        if (payload.isLocked) setLocked(true);
      }),
    [initialSession.userId, onSignedOut],
  );

  const idle = useIdleLock({ enabled: !isLocked, deadline, timeoutMs, extend, lock });

  const controls = useMemo<SessionControls>(
    () => ({ session, isLocked, resumeCount, lock, signOut }),
    [session, isLocked, resumeCount, lock, signOut],
  );

  return (
    <SessionContext.Provider value={controls}>
      <div className="app-frame" inert={isLocked} aria-hidden={isLocked || undefined}>
        <AppShell />
      </div>
      {!isLocked && idle.secondsLeft !== null && <IdleWarning secondsLeft={idle.secondsLeft} onStay={idle.stay} />}
      {isLocked && <LockScreen session={session} onUnlocked={unlocked} onSignOut={() => void signOut()} />}
    </SessionContext.Provider>
  );
}
