import { createContext, useContext } from 'react';
import type { SessionInfo } from '../../shared/auth/session.contract';

/** What every signed-in screen may know and do about the session. */
export interface SessionControls {
  readonly session: SessionInfo;
  readonly isLocked: boolean;
  /** Grows each time the session resumes after a lock, so a screen can reload what failed while it was locked. */
  readonly resumeCount: number;
  lock(): Promise<void>;
  signOut(): Promise<void>;
}

export const SessionContext = createContext<SessionControls | null>(null);

export function useSession(): SessionControls {
  const controls = useContext(SessionContext);
  if (!controls) throw new Error('useSession is only available inside the signed-in app');
  return controls;
}

/** Events carry `unknown`; this is the shape check before a pushed session is trusted for display. */
export function isSessionInfo(value: unknown): value is SessionInfo {
  return (
    typeof value === 'object' &&
    value !== null &&
    'userId' in value &&
    typeof value.userId === 'string' &&
    'isLocked' in value &&
    typeof value.isLocked === 'boolean' &&
    'roles' in value &&
    Array.isArray(value.roles)
  );
}
