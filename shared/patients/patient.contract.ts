import { z } from 'zod';
import { DOCUMENT_KINDS, SEXES, SUBSCRIBER_RELATIONSHIPS } from '../db/schema-v1';
import { channel, returns } from '../ipc/channel';
import { email, isoDate, optionalText, phone, requiredText, uuid } from '../validation/fields';
import type { CaseSummary } from '../cases/case.contract';
import type { ReferralSummary } from '../referrals/referral.contract';

/** How a search result matched the query (the UI may say "matched on phone"). */
export type PatientMatch = 'name' | 'name_typo' | 'mrn' | 'phone' | 'date_of_birth' | 'case_number' | 'claim_number';

/**
 * One patient as search lists it. Stable shape: scheduling's patient picker depends on it.
 * `displayName` shows the preferred name ("Doe, Jenny"), `legalName` the legal one ("Doe, Jennifer Ann").
 * `phone` is null for roles that may not read contact details (referring doctors).
 */
export interface PatientSearchResult {
  readonly id: string;
  readonly mrn: string;
  readonly displayName: string;
  readonly legalName: string;
  /** `YYYY-MM-DD`. */
  readonly dateOfBirth: string;
  readonly phone: string | null;
  readonly matchedOn: PatientMatch;
}

export const patientSearchInput = z
  .object({
    query: z.string().trim().min(1, 'Type at least one character').max(100),
    limit: z.number().int().min(1).max(50).optional(),
  })
  .strict();

export type Sex = (typeof SEXES)[number];
export type SubscriberRelationship = (typeof SUBSCRIBER_RELATIONSHIPS)[number];

/** How screens name the subscriber's relationship to the patient and a policy's priority (1–3). */
export const SUBSCRIBER_RELATIONSHIP_LABELS: Record<SubscriberRelationship, string> = { self: 'Self', spouse: 'Spouse', child: 'Child', other: 'Other' };
export const POLICY_PRIORITY_LABELS: Readonly<Record<number, string>> = { 1: 'Primary', 2: 'Secondary', 3: 'Tertiary' };

const nullablePhone = phone.nullish().transform((value) => value ?? null);
const nullableEmail = email.nullish().transform((value) => value ?? null);
const notInFuture = (value: string) => value <= new Date().toISOString().slice(0, 10);

/** One insurance policy as the editor sends it; `priority` 1 primary, 2 secondary, 3 tertiary. */
export const insuranceInput = z
  .object({
    id: uuid.optional(),
    priority: z.number().int().min(1).max(3),
    payerName: requiredText('Payer'),
    payerId: optionalText(20),
    memberId: requiredText('Member id', 40),
    groupNumber: optionalText(40),
    subscriberName: requiredText('Subscriber', 200),
    subscriberRelationship: z.enum(SUBSCRIBER_RELATIONSHIPS),
    subscriberDateOfBirth: isoDate.nullish().transform((value) => value ?? null),
    effectiveFrom: isoDate.nullish().transform((value) => value ?? null),
    effectiveTo: isoDate.nullish().transform((value) => value ?? null),
    /** Links to document records of kind `insurance_card` (uploaded through documents). */
    cardFrontDocumentId: uuid.nullish().transform((value) => value ?? null),
    cardBackDocumentId: uuid.nullish().transform((value) => value ?? null),
  })
  .strict()
  .refine((p) => !p.effectiveFrom || !p.effectiveTo || p.effectiveFrom <= p.effectiveTo, { message: 'The policy must start before it ends', path: ['effectiveTo'] });
export type InsuranceInput = z.input<typeof insuranceInput>;

/** A patient as the editor sends it: demographics, contact preferences, assignments and insurance. */
export const patientInput = z
  .object({
    id: uuid.optional(),
    firstName: requiredText('First name', 100),
    middleName: optionalText(100),
    lastName: requiredText('Last name', 100),
    preferredName: optionalText(100),
    dateOfBirth: isoDate.refine(notInFuture, 'The date of birth cannot be in the future'),
    sex: z.enum(SEXES),
    phone: nullablePhone,
    email: nullableEmail,
    addressLine1: optionalText(200),
    addressLine2: optionalText(200),
    city: optionalText(100),
    state: z.string().trim().regex(/^[A-Z]{2}$/, 'Use the two-letter state code').nullish().transform((value) => value ?? null),
    postalCode: z.string().trim().regex(/^\d{5}(-\d{4})?$/, 'Use a 5 or 9 digit ZIP code').nullish().transform((value) => value ?? null),
    preferredLanguage: optionalText(60),
    /** Consent per channel; false is an opt-out that reminders and messages must honour. */
    smsConsent: z.boolean(),
    emailConsent: z.boolean(),
    phoneConsent: z.boolean(),
    emergencyContactName: optionalText(200),
    emergencyContactPhone: nullablePhone,
    homeFacilityId: uuid,
    referringDoctorId: uuid.nullish().transform((value) => value ?? null),
    physicianIds: z.array(uuid).max(20),
    /** Staff notes; never shown to attorneys or referring doctors. */
    notes: optionalText(4000),
    insurances: z.array(insuranceInput).max(3),
    /** Set once the user has seen the possible duplicates and registers the patient anyway. */
    acknowledgeDuplicates: z.boolean().optional(),
  })
  .strict()
  .refine((p) => !(p.smsConsent && !p.phone), { message: 'Text messages need a phone number', path: ['smsConsent'] })
  .refine((p) => !(p.emailConsent && !p.email), { message: 'Email needs an email address', path: ['emailConsent'] })
  .refine((p) => new Set(p.insurances.map((i) => i.priority)).size === p.insurances.length, { message: 'Each policy needs its own priority', path: ['insurances'] });
export type PatientInput = z.input<typeof patientInput>;

export interface InsurancePolicy {
  readonly id: string;
  readonly priority: number;
  readonly payerName: string;
  readonly payerId: string | null;
  readonly memberId: string;
  readonly groupNumber: string | null;
  readonly subscriberName: string;
  readonly subscriberRelationship: SubscriberRelationship;
  readonly subscriberDateOfBirth: string | null;
  readonly effectiveFrom: string | null;
  readonly effectiveTo: string | null;
  readonly cardFrontDocumentId: string | null;
  readonly cardBackDocumentId: string | null;
}

/** A document of a patient (or of one of their cases) a record can link to: an LOP, an insurance card. */
export interface PatientDocument {
  readonly id: string;
  readonly kind: string;
  readonly title: string;
  /** The case it was filed under, if any. */
  readonly caseId: string | null;
  readonly caseNumber: string | null;
  /** The current version's file name, when a version exists. */
  readonly fileName: string | null;
  readonly updatedAt: number;
}

/** An appointment line on the chart. */
export interface ChartAppointment {
  readonly id: string;
  readonly startsAt: number;
  readonly facilityId: string;
  readonly timeZone: string;
  readonly physicianName: string;
  readonly examTypeName: string;
  readonly status: string;
  readonly caseId: string | null;
}

/**
 * A patient's chart as the caller may see it. Fields a role may not read are null (contact details
 * for referring doctors, notes for external users); sections a role may not read are empty.
 */
export interface PatientChart {
  readonly id: string;
  readonly mrn: string;
  /** The MRN was made on this workstation and the server has not yet issued the final one. */
  readonly mrnIsProvisional: boolean;
  readonly firstName: string;
  readonly middleName: string | null;
  readonly lastName: string;
  readonly preferredName: string | null;
  readonly displayName: string;
  readonly legalName: string;
  readonly dateOfBirth: string;
  readonly sex: Sex;
  readonly phone: string | null;
  readonly email: string | null;
  readonly addressLine1: string | null;
  readonly addressLine2: string | null;
  readonly city: string | null;
  readonly state: string | null;
  readonly postalCode: string | null;
  readonly preferredLanguage: string | null;
  readonly smsConsent: boolean;
  readonly emailConsent: boolean;
  readonly phoneConsent: boolean;
  readonly emergencyContactName: string | null;
  readonly emergencyContactPhone: string | null;
  readonly homeFacilityId: string;
  readonly referringDoctorId: string | null;
  readonly physicianIds: readonly string[];
  readonly notes: string | null;
  readonly insurances: readonly InsurancePolicy[];
  readonly cases: readonly CaseSummary[];
  readonly referrals: readonly ReferralSummary[];
  readonly appointments: readonly ChartAppointment[];
  /** What the caller's role leaves out of this chart, in plain words. */
  readonly limitedTo: 'full' | 'attorney' | 'referrer';
  readonly updatedAt: number;
}

/** A possible duplicate shown before registering: same name and date of birth, or same phone. */
export interface PossibleDuplicate {
  readonly id: string;
  readonly mrn: string;
  readonly displayName: string;
  readonly dateOfBirth: string;
  readonly reason: 'name_and_date_of_birth' | 'phone';
}

export const duplicateCheckInput = z
  .object({
    id: uuid.optional(),
    firstName: z.string().trim().max(100),
    lastName: z.string().trim().max(100),
    dateOfBirth: isoDate.nullish(),
    phone: z.string().trim().max(30).nullish(),
  })
  .strict();

export const mergeInput = z
  .object({ survivorId: uuid, mergedId: uuid, reason: optionalText(500) })
  .strict()
  .refine((m) => m.survivorId !== m.mergedId, { message: 'Choose two different patients', path: ['mergedId'] });

export interface PatientMerge {
  readonly id: string;
  readonly survivorId: string;
  readonly mergedId: string;
  readonly mergedName: string;
  readonly mergedMrn: string;
  readonly movedCount: number;
  readonly mergedAt: number;
  readonly reversedAt: number | null;
  /** Whether it can still be reversed, and if not, why (docs/patients.md: when a merge settles). */
  readonly reversible: boolean;
  readonly settledReason: string | null;
}

export interface MergePreview {
  readonly survivor: PatientSearchResult;
  readonly merged: PatientSearchResult;
  /** Rows that would move, per kind. */
  readonly counts: Readonly<Record<string, number>>;
}

export const patientChannels = {
  'patient.search': channel({
    description:
      'Patients the caller may see whose name (prefix, or within a typo), date of birth, phone, MRN, case number or claim number matches the query.',
    input: patientSearchInput,
    output: returns<PatientSearchResult[]>(),
    permission: 'patient.read',
    phi: 'read',
    writes: false,
  }),
  'patient.get': channel({
    description: "A patient's chart: demographics, insurance, cases, referrals and appointments, as the caller may see them.",
    input: z.object({ id: uuid }).strict(),
    output: returns<PatientChart>(),
    permission: 'patient.read',
    phi: 'read',
    writes: false,
  }),
  'patient.documents': channel({
    description: "A patient's documents and those filed under their cases, newest first, optionally of one kind: what the case and insurance editors offer to link.",
    input: z.object({ patientId: uuid, kind: z.enum(DOCUMENT_KINDS).optional() }).strict(),
    output: returns<PatientDocument[]>(),
    permission: 'document.read',
    phi: 'read',
    writes: false,
  }),
  'patient.duplicates': channel({
    description: 'Patients the caller may see with the same name and date of birth, or the same phone, as a patient being registered.',
    input: duplicateCheckInput,
    output: returns<PossibleDuplicate[]>(),
    permission: 'patient.write',
    phi: 'read',
    writes: false,
  }),
  'patient.save': channel({
    description: 'Register a patient (MRN issued; provisional until the server confirms it), or update one when `id` is given, with insurance in priority order.',
    input: patientInput,
    output: returns<PatientChart>(),
    permission: 'patient.write',
    phi: 'write',
    writes: true,
  }),
  'patient.mergePreview': channel({
    description: 'What merging one patient record into another would move.',
    input: mergeInput,
    output: returns<MergePreview>(),
    permission: 'patient.merge',
    phi: 'read',
    writes: false,
  }),
  'patient.merge': channel({
    description: 'Merge a duplicate record into the surviving one: appointments, cases, referrals, invoices, payments, documents, insurance and messages move.',
    input: mergeInput,
    output: returns<PatientMerge>(),
    permission: 'patient.merge',
    phi: 'write',
    writes: true,
  }),
  'patient.merges': channel({
    description: 'Merges into a patient, newest first, with whether each can still be reversed.',
    input: z.object({ patientId: uuid }).strict(),
    output: returns<PatientMerge[]>(),
    permission: 'patient.merge',
    phi: 'read',
    writes: false,
  }),
  'patient.unmerge': channel({
    description: 'Reverse a merge that has not settled: the moved rows go back and the merged record reappears.',
    input: z.object({ mergeId: uuid }).strict(),
    output: returns<PatientMerge>(),
    permission: 'patient.merge',
    phi: 'write',
    writes: true,
  }),
} as const;
