import type { Subject } from '../../shared/auth/permissions';
import type { SessionInfo } from '../../shared/auth/session.contract';

/** A signed-in window. Lives only in main; the renderer sees a SessionInfo copy. */
export interface Session {
  readonly windowKey: string;
  readonly subject: Subject;
  readonly username: string;
  readonly displayName: string;
  readonly clinicName: string;
  readonly deviceId: string;
  idleTimeoutMs: number;
  lastActivityAt: number;
  lockedAt: number | null;
  /** Signed in with a password someone else set: nothing but choosing a new one until then. */
  mustChangePassword: boolean;
}

/**
 * Sessions keyed by window (Electron webContents id, or the bridge's per-page window id). Identity is
 * established here by sign-in and never read from a request payload.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  get(windowKey: string): Session | null {
    return this.sessions.get(windowKey) ?? null;
  }

  set(session: Session): void {
    this.sessions.set(session.windowKey, session);
  }

  delete(windowKey: string): void {
    this.sessions.delete(windowKey);
  }

  all(): Session[] {
    return [...this.sessions.values()];
  }

  /** Ends every session of a user (deactivated, or password reset). */
  endUser(userId: string): void {
    for (const [key, session] of this.sessions) if (session.subject.userId === userId) this.sessions.delete(key);
  }
}

export function idleDeadline(session: Session): number {
  return session.lastActivityAt + session.idleTimeoutMs;
}

/** Locks the session when its idle deadline has passed; returns whether it is locked now. */
export function enforceIdleLock(session: Session, now: number): boolean {
  if (session.lockedAt === null && now >= idleDeadline(session)) session.lockedAt = idleDeadline(session);
  return session.lockedAt !== null;
}

export function toSessionInfo(session: Session): SessionInfo {
  const { subject } = session;
  return {
    userId: subject.userId,
    username: session.username,
    displayName: session.displayName,
    clinicId: subject.clinicId,
    clinicName: session.clinicName,
    roles: subject.roles,
    facilityIds: subject.facilityIds,
    physicianId: subject.physicianId,
    attorneyId: subject.attorneyId,
    referringDoctorId: subject.referringDoctorId,
    deviceId: session.deviceId,
    idleTimeoutMinutes: Math.round(session.idleTimeoutMs / 60_000),
    idleDeadline: idleDeadline(session),
    isLocked: session.lockedAt !== null,
    mustChangePassword: session.mustChangePassword,
  };
}
