import { z } from 'zod';
import { channel, returns } from '../ipc/channel';
import { npi, optionalText, requiredText, timeZone } from '../validation/fields';

/** The clinic profile and the policies every workstation follows. */
export interface ClinicSettings {
  readonly id: string;
  readonly name: string;
  readonly legalName: string | null;
  readonly taxId: string | null;
  /** The organisation NPI (CMS-1500 box 33a, 837P billing provider). */
  readonly npi: string | null;
  readonly phone: string | null;
  readonly email: string | null;
  readonly idleTimeoutMinutes: number;
  readonly offlineLeaseHours: number;
  readonly travelBufferMinutes: number;
  readonly treatmentGapDays: number;
  readonly defaultTimeZone: string;
  readonly updatedAt: number;
}

export const clinicSettingsInput = z
  .object({
    name: requiredText('Clinic name'),
    legalName: optionalText(),
    taxId: optionalText(20),
    npi: npi.nullable().default(null),
    phone: optionalText(30),
    email: optionalText(254),
    idleTimeoutMinutes: z.number().int().min(1, 'At least 1 minute').max(60, 'At most 60 minutes'),
    offlineLeaseHours: z.number().int().min(1).max(24 * 30, 'At most 30 days'),
    travelBufferMinutes: z.number().int().min(0).max(240),
    treatmentGapDays: z.number().int().min(1).max(365),
    defaultTimeZone: timeZone,
  })
  .strict();
export type ClinicSettingsInput = z.infer<typeof clinicSettingsInput>;

export const clinicChannels = {
  'clinic.get': channel({
    description: 'The clinic profile and policies.',
    input: z.object({}).strict(),
    output: returns<ClinicSettings>(),
    permission: 'clinic.read',
    phi: 'none',
    writes: false,
  }),
  'clinic.update': channel({
    description: 'Change the clinic profile and policies.',
    input: clinicSettingsInput,
    output: returns<ClinicSettings>(),
    permission: 'clinic.manage',
    phi: 'none',
    writes: true,
  }),
} as const;
