import type { z } from 'zod';
import type { Action } from '../auth/permissions';

/** No session needed: signing in, app status. */
export const PUBLIC = 'public';
/** Any signed-in user (own session management). */
export const AUTHENTICATED = 'authenticated';
export type Permission = Action | typeof PUBLIC | typeof AUTHENTICATED;

/** Whether a channel reads or writes protected health information; drives the audit log. */
export type PhiAccess = 'none' | 'read' | 'write';

/** A channel declared once: input schema, output type, permission and PHI flag. */
export interface ChannelDef<Input extends z.ZodType = z.ZodType, Output = unknown> {
  readonly input: Input;
  /** Phantom: carries the output type only. */
  readonly output: Output;
  readonly permission: Permission;
  readonly phi: PhiAccess;
  /** Writes are audited even without PHI (who changed a setting matters). */
  readonly writes: boolean;
  /** May run while the workstation is locked (unlock, logout, status). */
  readonly allowWhenLocked?: boolean;
  /**
   * May run while the user still has to replace a password someone else set (sign-out, lock, the change
   * itself). Every other channel answers `password_change_required` until they have.
   */
  readonly allowBeforePasswordChange?: boolean;
  /** Does not count as user activity for the idle timer (polling). */
  readonly passive?: boolean;
  readonly description: string;
}

/** Declares the output type of a channel without a runtime value. */
export function returns<T>(): T {
  return undefined as T;
}

export function channel<Input extends z.ZodType, Output>(def: ChannelDef<Input, Output>): ChannelDef<Input, Output> {
  return def;
}
