import { z } from 'zod';
import { ROLES, type Role } from '../auth/permissions';
import { channel, returns } from '../ipc/channel';
import { optionalText, requiredText, uuid } from '../validation/fields';

export interface UserSummary {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly email: string | null;
  readonly isActive: boolean;
  readonly roles: readonly Role[];
  readonly facilityIds: readonly string[];
  readonly physicianId: string | null;
  readonly attorneyId: string | null;
  readonly referringDoctorId: string | null;
  readonly updatedAt: number;
}

/** Passwords: at least 12 characters (NIST SP 800-63B favours length over composition rules). */
export const newPassword = z.string().min(12, 'Use at least 12 characters').max(256);

export const userInput = z
  .object({
    id: uuid.optional(),
    username: z.string().trim().toLowerCase().regex(/^[a-z0-9._-]{3,40}$/, 'Use 3–40 letters, digits, dots, dashes or underscores'),
    displayName: requiredText('Name', 120),
    email: optionalText(254),
    isActive: z.boolean(),
    roles: z.array(z.enum(ROLES)).min(1, 'Choose at least one role').max(ROLES.length),
    facilityIds: z.array(uuid).max(200),
    physicianId: uuid.nullable(),
    attorneyId: uuid.nullable(),
    referringDoctorId: uuid.nullable(),
    /** Required when creating a user; optional on update (use `user.setPassword`). */
    password: newPassword.optional(),
  })
  .strict();
export type UserInput = z.infer<typeof userInput>;

export interface PersonOption {
  readonly id: string;
  readonly label: string;
}

/** People a login can act as: physicians, attorneys, referring doctors. */
export interface LinkablePeople {
  readonly physicians: readonly PersonOption[];
  readonly attorneys: readonly PersonOption[];
  readonly referringDoctors: readonly PersonOption[];
}

export const userChannels = {
  'user.list': channel({
    description: 'Users of the clinic with their roles and facilities.',
    input: z.object({ includeInactive: z.boolean().optional() }).strict(),
    output: returns<UserSummary[]>(),
    permission: 'user.read',
    phi: 'none',
    writes: false,
  }),
  'user.save': channel({
    description: 'Create a user (with a password) or update one: roles, facilities, active flag.',
    input: userInput,
    output: returns<UserSummary>(),
    permission: 'user.manage',
    phi: 'none',
    writes: true,
  }),
  'user.setPassword': channel({
    description: "Reset a user's password.",
    input: z.object({ userId: uuid, password: newPassword }).strict(),
    output: returns<null>(),
    permission: 'user.manage',
    phi: 'none',
    writes: true,
  }),
  'user.linkablePeople': channel({
    description: 'Physicians, attorneys and referring doctors a login can be linked to.',
    input: z.object({}).strict(),
    output: returns<LinkablePeople>(),
    permission: 'user.manage',
    phi: 'none',
    writes: false,
  }),
} as const;
