import { z } from 'zod';
import { channel, returns } from '../ipc/channel';
import { email, npi, optionalText, phone, requiredText, uuid } from '../validation/fields';

/*
 * External contacts: attorneys (with their law firm) and referring doctors. Cases name an attorney,
 * referrals a referring doctor; a contact may also have a login (created under Users, linked through
 * `attorneyId` / `referringDoctorId`). Contacts are business contacts, not PHI, but every change is
 * audited like any write.
 */

/** The login that acts as a contact, when there is one and the caller may see users (clinic admins). */
export interface LinkedLogin {
  readonly userId: string;
  readonly username: string;
  readonly isActive: boolean;
}

export interface AttorneyContact {
  readonly id: string;
  readonly name: string;
  readonly firmName: string;
  readonly phone: string | null;
  readonly email: string | null;
  readonly address: string | null;
  /** Open and treating cases naming this attorney (a count only). */
  readonly openCaseCount: number;
  readonly logins: readonly LinkedLogin[];
  readonly updatedAt: number;
}

export interface ReferringDoctorContact {
  readonly id: string;
  readonly name: string;
  readonly npi: string | null;
  readonly practiceName: string | null;
  readonly phone: string | null;
  readonly email: string | null;
  readonly logins: readonly LinkedLogin[];
  readonly updatedAt: number;
}

export interface ContactDirectory {
  readonly attorneys: readonly AttorneyContact[];
  readonly referringDoctors: readonly ReferringDoctorContact[];
}

/** An optional field whose blank value means "none": blank becomes null before the field's own check. */
function optional<T extends z.ZodType<string>>(schema: T) {
  return z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? null : value), schema.nullish()).transform((value) => value ?? null);
}
const optionalEmail = optional(email);
const optionalPhone = optional(phone);

export const attorneyInput = z
  .object({
    id: uuid.optional(),
    name: requiredText('Attorney name', 120),
    firmName: requiredText('Law firm', 160),
    phone: optionalPhone,
    email: optionalEmail,
    address: optionalText(300),
  })
  .strict();
export type AttorneyInput = z.infer<typeof attorneyInput>;

export const referringDoctorInput = z
  .object({
    id: uuid.optional(),
    name: requiredText('Doctor name', 120),
    npi: optional(npi),
    practiceName: optionalText(160),
    phone: optionalPhone,
    email: optionalEmail,
  })
  .strict();
export type ReferringDoctorInput = z.infer<typeof referringDoctorInput>;

export const contactChannels = {
  'contact.list': channel({
    description: 'Attorneys (with firms) and referring doctors of the clinic, with their linked logins for admins.',
    input: z.object({}).strict(),
    output: returns<ContactDirectory>(),
    permission: 'contact.write',
    phi: 'none',
    writes: false,
  }),
  'contact.saveAttorney': channel({
    description: 'Create or edit an attorney and their law firm.',
    input: attorneyInput,
    output: returns<AttorneyContact>(),
    permission: 'contact.write',
    phi: 'none',
    writes: true,
  }),
  'contact.saveReferringDoctor': channel({
    description: 'Create or edit a referring doctor.',
    input: referringDoctorInput,
    output: returns<ReferringDoctorContact>(),
    permission: 'contact.write',
    phi: 'none',
    writes: true,
  }),
} as const;
