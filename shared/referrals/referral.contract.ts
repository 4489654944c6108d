import { z } from 'zod';
import { REFERRAL_STATUSES } from '../db/schema-v1';
import { channel, returns } from '../ipc/channel';
import { isoDate, optionalText, uuid } from '../validation/fields';

export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];
export const REFERRAL_STATUS_LABELS: Record<ReferralStatus, string> = { received: 'Received', scheduled: 'Scheduled', seen: 'Seen', report_sent: 'Report sent' };

export interface ReferralSummary {
  readonly id: string;
  readonly patientId: string;
  readonly referringDoctorId: string;
  readonly referringDoctorName: string;
  readonly caseId: string | null;
  readonly referredOn: string;
  readonly reason: string | null;
  readonly status: ReferralStatus;
  readonly reportSentAt: number | null;
  /** Appointments of this patient booked on or after the referral date (what the referral led to). */
  readonly appointmentIds: readonly string[];
}

export const referralInput = z
  .object({
    id: uuid.optional(),
    patientId: uuid,
    referringDoctorId: uuid,
    caseId: uuid.nullish().transform((value) => value ?? null),
    referredOn: isoDate,
    reason: optionalText(1000),
    status: z.enum(REFERRAL_STATUSES),
  })
  .strict();
export type ReferralInput = z.input<typeof referralInput>;

/** What a referring doctor sees of a patient they referred: limited fields, read-only. */
export interface ReferredPatient {
  readonly patientId: string;
  readonly displayName: string;
  readonly dateOfBirth: string;
  readonly referredOn: string;
  readonly reason: string | null;
  readonly status: ReferralStatus;
  readonly reportSentAt: number | null;
}

export const referralChannels = {
  'referral.save': channel({
    description: 'Record a referral from a referring doctor, or update its status when `id` is given.',
    input: referralInput,
    output: returns<ReferralSummary>(),
    permission: 'referral.write',
    phi: 'write',
    writes: true,
  }),
  'referral.doctors': channel({
    description: 'Referring doctors (external contacts).',
    input: z.object({}).strict(),
    output: returns<{ id: string; name: string; practiceName: string | null }[]>(),
    permission: 'referral.read',
    phi: 'none',
    writes: false,
  }),
  'referral.referredPatients': channel({
    description: 'Patients the signed-in referring doctor referred, with limited fields.',
    input: z.object({}).strict(),
    output: returns<ReferredPatient[]>(),
    permission: 'referral.read',
    phi: 'read',
    writes: false,
  }),
} as const;
