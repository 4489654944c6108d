import { z } from 'zod';
import { channel, returns } from '../ipc/channel';
import { optionalText, requiredText, timeZone, uuid } from '../validation/fields';
import { newPassword } from './user.contract';

/*
 * The operator's console (super admin): clinics and their clinic admins, across clinics, without PHI.
 * A clinic is a tenant of the central server, so these channels are answered by the server's operator
 * endpoints (`/v1/operator/...`, server/admin/operator.routes.ts), online only: a workstation's replica
 * holds one clinic, and the operator's replica holds no rows of any clinic but their own user.
 * The same zod schemas validate in main and on the server.
 */

/** A clinic admin as the operator sees it: the login only, never what the admin works on. */
export interface OperatorAdmin {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly email: string | null;
  readonly isActive: boolean;
}

/** A clinic as the operator sees it: name, zone, sizes and admins; no patient, case or billing fact. */
export interface OperatorClinic {
  readonly id: string;
  readonly name: string;
  readonly defaultTimeZone: string;
  readonly createdAt: number;
  readonly facilityCount: number;
  readonly activeUserCount: number;
  readonly admins: readonly OperatorAdmin[];
}

/** Usernames sign in without naming a clinic, so the server keeps them unique across clinics. */
export const username = z.string().trim().toLowerCase().regex(/^[a-z0-9._-]{3,40}$/, 'Use 3–40 letters, digits, dots, dashes or underscores');

export const newAdminInput = z
  .object({
    username,
    displayName: requiredText('Name', 120),
    email: optionalText(254),
    /** A temporary password the operator hands to the admin, who changes it (`user.setPassword`). */
    temporaryPassword: newPassword,
  })
  .strict();
export type NewAdminInput = z.infer<typeof newAdminInput>;

export const createClinicInput = z
  .object({
    name: requiredText('Clinic name'),
    defaultTimeZone: timeZone,
    admin: newAdminInput,
  })
  .strict();
export type CreateClinicInput = z.infer<typeof createClinicInput>;

/** Create an admin (`id` absent, with a temporary password) or change one (name, email, active flag). */
export const saveAdminInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('create'), clinicId: uuid, admin: newAdminInput }).strict(),
  z.object({
    kind: z.literal('update'),
    clinicId: uuid,
    userId: uuid,
    displayName: requiredText('Name', 120),
    email: optionalText(254),
    isActive: z.boolean(),
  }).strict(),
]);
export type SaveAdminInput = z.infer<typeof saveAdminInput>;

export const resetAdminPasswordInput = z.object({ clinicId: uuid, userId: uuid, temporaryPassword: newPassword }).strict();
export type ResetAdminPasswordInput = z.infer<typeof resetAdminPasswordInput>;

export const operatorChannels = {
  'operator.clinics': channel({
    description: 'Every clinic on the server with its admins (operator; no PHI).',
    input: z.object({}).strict(),
    output: returns<OperatorClinic[]>(),
    permission: 'clinics.manage',
    phi: 'none',
    writes: false,
  }),
  'operator.createClinic': channel({
    description: 'Create a clinic with its default time zone and its first clinic admin (temporary password).',
    input: createClinicInput,
    output: returns<OperatorClinic>(),
    permission: 'clinics.manage',
    phi: 'none',
    writes: true,
  }),
  'operator.saveAdmin': channel({
    description: "Create a clinic's admin, or rename, reactivate or deactivate one.",
    input: saveAdminInput,
    output: returns<OperatorClinic>(),
    permission: 'clinics.manage',
    phi: 'none',
    writes: true,
  }),
  'operator.resetAdminPassword': channel({
    description: "Give a clinic admin a new temporary password; their tokens are revoked.",
    input: resetAdminPasswordInput,
    output: returns<null>(),
    permission: 'clinics.manage',
    phi: 'none',
    writes: true,
  }),
} as const;

/** Policies a new clinic starts with; its clinic admin changes them in Clinic settings. */
export const NEW_CLINIC_POLICIES = {
  idle_timeout_minutes: 15,
  offline_lease_hours: 72,
  travel_buffer_minutes: 15,
  treatment_gap_days: 14,
} as const;
