import { z } from 'zod';
import { CASE_STATUSES, CASE_TYPES, INVOICE_STATUSES, LOP_STATUSES } from '../db/schema-v1';
import { channel, returns } from '../ipc/channel';
import { isoDate, optionalText, uuid } from '../validation/fields';
import type { TreatmentGap } from './treatment-gap';

export type CaseType = (typeof CASE_TYPES)[number];
export type CaseStatus = (typeof CASE_STATUSES)[number];
export type LopStatus = (typeof LOP_STATUSES)[number];

export const CASE_TYPE_LABELS: Record<CaseType, string> = {
  pi_auto: 'Personal injury — auto', pi_other: 'Personal injury — other', workers_comp: "Workers' compensation", general_health: 'General health',
};
export const CASE_STATUS_LABELS: Record<CaseStatus, string> = { open: 'Open', treating: 'Treating', settled: 'Settled', closed: 'Closed' };
export const LOP_STATUS_LABELS: Record<LopStatus, string> = { none: 'No LOP', requested: 'Requested', received: 'Received', on_file: 'On file' };

export function isPersonalInjury(type: CaseType): boolean {
  return type === 'pi_auto' || type === 'pi_other';
}

/** A case as lists and charts show it. */
export interface CaseSummary {
  readonly id: string;
  readonly patientId: string;
  readonly caseNumber: string;
  readonly caseType: CaseType;
  readonly status: CaseStatus;
  readonly dateOfInjury: string | null;
  readonly accidentState: string | null;
  readonly description: string | null;
  readonly attorneyId: string | null;
  readonly attorneyName: string | null;
  readonly firmName: string | null;
  readonly lopStatus: LopStatus;
  readonly lopDocumentId: string | null;
  readonly policyLimitCents: number | null;
  readonly referralSource: string | null;
  readonly physicianIds: readonly string[];
  readonly billingSuspended: boolean;
  /** PI cases only: no next appointment, or too long a gap (the clinic's treatment_gap_days). */
  readonly treatmentGap: TreatmentGap | null;
  readonly updatedAt: number;
}

export const caseInput = z
  .object({
    id: uuid.optional(),
    patientId: uuid,
    caseType: z.enum(CASE_TYPES),
    status: z.enum(CASE_STATUSES),
    dateOfInjury: isoDate.nullish().transform((value) => value ?? null),
    accidentState: z.string().trim().regex(/^[A-Z]{2}$/, 'Use the two-letter state code').nullish().transform((value) => value ?? null),
    description: optionalText(2000),
    attorneyId: uuid.nullish().transform((value) => value ?? null),
    lopStatus: z.enum(LOP_STATUSES),
    /** Links the LOP document record (kind `lop`); required once the LOP is received or on file. */
    lopDocumentId: uuid.nullish().transform((value) => value ?? null),
    policyLimitCents: z.number().int().min(0).max(100_000_000_00).nullish().transform((value) => value ?? null),
    referralSource: optionalText(200),
    physicianIds: z.array(uuid).max(20),
  })
  .strict()
  .refine((c) => !(c.caseType === 'pi_auto' || c.caseType === 'pi_other') || c.dateOfInjury !== null, { message: 'A PI case needs the date of injury', path: ['dateOfInjury'] })
  .refine((c) => !(c.lopStatus === 'received' || c.lopStatus === 'on_file') || c.lopDocumentId !== null, { message: 'Link the LOP document once it is received', path: ['lopDocumentId'] });
export type CaseInput = z.input<typeof caseInput>;

/** An attorney's view of one of their cases: billing status and documents, no clinical notes. */
export interface AttorneyCase {
  readonly case: CaseSummary;
  readonly patientName: string;
  readonly patientDateOfBirth: string;
  readonly invoices: readonly { id: string; number: string; date: string; status: (typeof INVOICE_STATUSES)[number]; totalCents: number; paidCents: number; adjustedCents: number }[];
  readonly balanceCents: number;
  readonly documents: readonly { id: string; title: string; kind: string; updatedAt: number }[];
}

export const caseChannels = {
  'case.save': channel({
    description: 'Open a case for a patient, or update one when `id` is given: type, injury, attorney, LOP status and document, status, physicians.',
    input: caseInput,
    output: returns<CaseSummary>(),
    permission: 'case.write',
    phi: 'write',
    writes: true,
  }),
  'case.attorneyList': channel({
    description: "The signed-in attorney's cases with billing status and documents (no clinical notes).",
    input: z.object({}).strict(),
    output: returns<AttorneyCase[]>(),
    permission: 'case.read',
    phi: 'read',
    writes: false,
  }),
  'case.attorneys': channel({
    description: 'Attorneys and firms a case can name.',
    input: z.object({}).strict(),
    output: returns<{ id: string; name: string; firmName: string }[]>(),
    permission: 'case.write',
    phi: 'none',
    writes: false,
  }),
} as const;
