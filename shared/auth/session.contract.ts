import { z } from 'zod';
import { AUTHENTICATED, PUBLIC, channel, returns } from '../ipc/channel';
import type { Role } from './permissions';

/** What the renderer learns about the signed-in user. Identity itself stays in main. */
export interface SessionInfo {
  readonly userId: string;
  readonly username: string;
  readonly displayName: string;
  readonly clinicId: string;
  readonly clinicName: string;
  readonly roles: readonly Role[];
  readonly facilityIds: readonly string[];
  readonly physicianId: string | null;
  readonly attorneyId: string | null;
  readonly referringDoctorId: string | null;
  readonly deviceId: string;
  readonly idleTimeoutMinutes: number;
  /** Epoch ms at which main will lock the session unless there is activity. */
  readonly idleDeadline: number;
  readonly isLocked: boolean;
  /** Signed in with a password someone else set (an admin's reset, a temporary password): choose one first. */
  readonly mustChangePassword: boolean;
}

const username = z.string().trim().min(1, 'Enter your username').max(100);
const password = z.string().min(1, 'Enter your password').max(1024);
/** The clinic server's rule for a password a user chooses (server/auth/auth.routes.ts). */
export const NEW_PASSWORD_MIN_LENGTH = 12;
const newPassword = z.string().min(NEW_PASSWORD_MIN_LENGTH, `Use at least ${NEW_PASSWORD_MIN_LENGTH} characters`).max(256);

export const sessionChannels = {
  'auth.login': channel({
    description: 'Sign in with username and password on this workstation.',
    input: z.object({ username, password }).strict(),
    output: returns<SessionInfo>(),
    permission: PUBLIC,
    phi: 'none',
    writes: true,
  }),
  'auth.session': channel({
    description: 'The current session of this window, or null when signed out.',
    input: z.object({}).strict(),
    output: returns<SessionInfo | null>(),
    permission: PUBLIC,
    phi: 'none',
    writes: false,
    allowWhenLocked: true,
    passive: true,
  }),
  'auth.logout': channel({
    description: 'Sign out of this window.',
    input: z.object({}).strict(),
    output: returns<null>(),
    permission: AUTHENTICATED,
    phi: 'none',
    writes: true,
    allowWhenLocked: true,
    allowBeforePasswordChange: true,
  }),
  'auth.lock': channel({
    description: 'Lock the workstation now; unsaved input stays on screen behind the lock.',
    input: z.object({}).strict(),
    output: returns<SessionInfo>(),
    permission: AUTHENTICATED,
    phi: 'none',
    writes: true,
    allowWhenLocked: true,
    allowBeforePasswordChange: true,
  }),
  'auth.unlock': channel({
    description: "Unlock with the signed-in user's password.",
    input: z.object({ password }).strict(),
    output: returns<SessionInfo>(),
    permission: AUTHENTICATED,
    phi: 'none',
    writes: true,
    allowWhenLocked: true,
    allowBeforePasswordChange: true,
  }),
  'auth.extend': channel({
    description: 'Record user activity and push the idle deadline out (the "stay signed in" action).',
    input: z.object({}).strict(),
    output: returns<SessionInfo>(),
    permission: AUTHENTICATED,
    phi: 'none',
    writes: false,
    allowBeforePasswordChange: true,
  }),
  'auth.changePassword': channel({
    description: 'The signed-in user replaces their own password (required after a password someone else set). Online only: the clinic server takes it first.',
    input: z.object({ currentPassword: password, newPassword }).strict()
      .refine((value) => value.currentPassword !== value.newPassword, { path: ['newPassword'], message: 'Choose a password different from the current one' }),
    output: returns<SessionInfo>(),
    permission: AUTHENTICATED,
    phi: 'none',
    writes: true,
    allowBeforePasswordChange: true,
  }),
} as const;
