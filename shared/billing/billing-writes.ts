import { z } from 'zod';
import { ADJUSTMENT_KINDS, PAYER_TYPES, PAYMENT_METHODS } from '../db/schema-v1';
import { isoDate, optionalText, uuid } from '../validation/fields';
import { CPT_PATTERN, HCPCS_PATTERN, ICD10_PATTERN, MODIFIER_PATTERN } from './codes';

/**
 * The billing writes as data: each named mutation's description, input and permission, with no database
 * code. The mutators (`invoice.mutators.ts`, `payment.mutators.ts`, `claim.mutators.ts`) spread these and
 * add `run`; the channel contract (`billing.contract.ts`) declares its write channels from them, so the
 * contract — which the renderer and preload load — never pulls in the mutators.
 */

export const procedureCode = z.string().trim().toUpperCase().refine((code) => CPT_PATTERN.test(code) || HCPCS_PATTERN.test(code), 'Not a CPT or HCPCS code');

export const diagnosisCode = z.string().trim().toUpperCase().regex(ICD10_PATTERN, 'Not an ICD-10-CM code (e.g. S13.4XXA)');

export const modifier = z.string().trim().toUpperCase().regex(MODIFIER_PATTERN, 'A modifier is two letters or digits');

export const cents = z.number().int().min(0).max(100_000_000);

/** Import or edit codes: existing codes get the new description, new ones are added. */
export const importCodesArgs = z.object({
  procedures: z.array(z.object({ code: procedureCode, description: optionalText(500) }).strict()).max(5000).default([]),
  diagnoses: z.array(z.object({ code: diagnosisCode, description: optionalText(500) }).strict()).max(5000).default([]),
}).strict();

export const feeEntryInput = z.object({
  procedureCode,
  modifier: modifier.nullable().default(null),
  payerType: z.enum(PAYER_TYPES).nullable().default(null),
  facilityId: uuid.nullable().default(null),
  feeCents: cents,
  effectiveFrom: isoDate,
}).strict();

export const lineInput = z.object({
  id: uuid.optional(),
  procedureCode,
  modifiers: z.array(modifier).max(4).default([]),
  /** ICD-10-CM codes this line points at (A–L on the claim). */
  diagnosisCodes: z.array(diagnosisCode).min(1, 'Point the line at a diagnosis').max(12),
  units: z.number().int().min(1).max(999),
  /** Empty: the fee schedule's fee on the date of service. */
  unitFeeCents: cents.nullable().default(null),
  serviceDate: isoDate,
  facilityId: uuid,
  renderingPhysicianId: uuid,
  appointmentId: uuid.nullable().default(null),
}).strict();

export const captureChargesArgs = z.object({
  appointmentId: uuid,
  /** The invoice date: today in the facility's time zone, as the workstation shows it. */
  invoiceDate: isoDate,
  diagnosisCodes: z.array(diagnosisCode).min(1, 'Add at least one diagnosis').max(12),
  payerType: z.enum(PAYER_TYPES).optional(),
}).strict();

export const invoiceHeaderInput = z.object({
  patientId: uuid,
  caseId: uuid.nullable().default(null),
  facilityId: uuid,
  payerType: z.enum(PAYER_TYPES),
  insurancePolicyId: uuid.nullable().default(null),
  invoiceDate: isoDate,
}).strict();

export const positiveCents = z.number().int().min(1, 'Enter an amount').max(100_000_000);

export const reference = z.string().trim().toUpperCase().regex(/^[0-9A-Z-]{1,30}$/, 'Letters, digits and dashes only').nullable().default(null);

export const reasonCode = z.string().trim().toUpperCase().regex(/^[0-9A-Z-]{2,16}$/, 'A reason code such as CO-45 or HARDSHIP');

export const allocationInput = z.object({ invoiceId: uuid, invoiceLineId: uuid.nullable().default(null), amountCents: positiveCents }).strict();

export const postPaymentArgs = z.object({
  payerType: z.enum(PAYER_TYPES),
  payerName: optionalText(200),
  method: z.enum(PAYMENT_METHODS),
  /** Check or EFT number: with the payer type, it identifies the payment; a second posting is refused. */
  externalReference: reference,
  amountCents: positiveCents,
  receivedOn: isoDate,
  patientId: uuid.nullable().default(null),
  caseId: uuid.nullable().default(null),
  facilityId: uuid.nullable().default(null),
  memo: optionalText(500),
  allocations: z.array(allocationInput).max(200).default([]),
}).strict();

export const postAdjustmentArgs = z.object({
  invoiceId: uuid,
  invoiceLineId: uuid.nullable().default(null),
  kind: z.enum(ADJUSTMENT_KINDS.filter((kind) => kind !== 'refund') as ['write_off', 'contractual', 'reduction', 'correction']),
  reasonCode,
  amountCents: positiveCents,
  postedOn: isoDate,
  memo: optionalText(500),
}).strict();

/** An X12 id (ISA06/ISA08, GS02/GS03, 1000A/1000B NM109): 2–15 letters or digits. */
const x12Id = z.string().trim().toUpperCase().regex(/^[0-9A-Z]{2,15}$/, 'Use the 2–15 letter or digit id your clearinghouse gave you');
/** An X12 name element (NM103, PER02): at most 60 characters, none of the X12 delimiters. */
const x12Name = (label: string) => z.string().trim().min(1, `Enter the ${label}`).max(60, 'At most 60 characters').regex(/^[^*~:^]+$/, 'No *, ~, : or ^');

/** The clinic's 837P envelope: who submits and to which clearinghouse (see `clinics.claim_*`). */
export const claimSettingsInput = z.object({
  /** Empty: the clinic's tax ID (digits). */
  submitterId: x12Id.nullable().default(null),
  /** Empty: the clinic's legal name. */
  submitterName: x12Name('submitter name').nullable().default(null),
  contactName: x12Name('contact name').nullable().default(null),
  contactPhone: z.string().trim().transform((value) => value.replace(/[^0-9]/g, '')).pipe(z.string().regex(/^\d{10}$/, 'Use a ten-digit phone number')).nullable().default(null),
  receiverId: x12Id,
  receiverName: x12Name('clearinghouse name'),
  usage: z.enum(['P', 'T']),
}).strict();

export const SETTLEMENT_SOURCES = ['medpay', 'pip', 'insurance', 'attorney'] as const;

export const billingWrites = {
  'billingCode.import': {
    name: 'billingCode.import',
    description: "Add or update the clinic's procedure and diagnosis codes (entered or imported from CSV).",
    input: importCodesArgs,
    permission: 'invoice.write',
  },
  'feeSchedule.save': {
    name: 'feeSchedule.save',
    description: "Set fees in the clinic's fee schedule, optionally per payer type and facility.",
    input: z.object({ entries: z.array(feeEntryInput).min(1).max(5000) }).strict(),
    permission: 'invoice.write',
  },
  'charge.capture': {
    name: 'charge.capture',
    description: 'Capture the charges of a completed exam as a draft invoice.',
    input: captureChargesArgs,
    permission: 'invoice.write',
  },
  'invoice.create': {
    name: 'invoice.create',
    description: 'Create a draft invoice by hand.',
    input: invoiceHeaderInput.extend({ lines: z.array(lineInput).min(1).max(50) }).strict(),
    permission: 'invoice.write',
  },
  'invoice.saveDraft': {
    name: 'invoice.saveDraft',
    description: 'Edit a draft invoice and its lines.',
    input: z.object({
      invoiceId: uuid,
      payerType: z.enum(PAYER_TYPES),
      insurancePolicyId: uuid.nullable().default(null),
      invoiceDate: isoDate,
      lines: z.array(lineInput).min(1).max(50),
    }).strict(),
    permission: 'invoice.write',
  },
  'invoice.finalize': {
    name: 'invoice.finalize',
    description: 'Finalize a draft invoice so it can be sent and paid.',
    input: z.object({ invoiceId: uuid, dueDate: isoDate.nullable().default(null) }).strict(),
    permission: 'invoice.write',
  },
  'invoice.markSent': {
    name: 'invoice.markSent',
    description: 'Record that invoices were sent to their payer.',
    input: z.object({ invoiceIds: z.array(uuid).min(1).max(500) }).strict(),
    permission: 'invoice.write',
  },
  'invoice.void': {
    name: 'invoice.void',
    description: 'Void an invoice with a reason (never deleted).',
    input: z.object({ invoiceId: uuid, reason: z.string().trim().min(3, 'Say why').max(500), voidedOn: isoDate }).strict(),
    permission: 'invoice.void',
  },
  'payment.post': {
    name: 'payment.post',
    description: 'Post a payment from a patient, insurer, attorney or settlement, and allocate it to invoices.',
    input: postPaymentArgs,
    permission: 'payment.collect',
  },
  'payment.apply': {
    name: 'payment.apply',
    description: "Apply a payment's unapplied credit to invoices.",
    input: z.object({ paymentId: uuid, appliedOn: isoDate, allocations: z.array(allocationInput).min(1).max(200) }).strict(),
    permission: 'payment.post',
  },
  'payment.refund': {
    name: 'payment.refund',
    description: 'Refund unapplied credit (an overpayment) to the payer.',
    input: z.object({ paymentId: uuid, amountCents: positiveCents, refundedOn: isoDate, method: z.enum(PAYMENT_METHODS), externalReference: reference, memo: optionalText(500) }).strict(),
    permission: 'payment.post',
  },
  'adjustment.post': {
    name: 'adjustment.post',
    description: 'Post an adjustment or write-off with a reason code.',
    input: postAdjustmentArgs,
    permission: 'adjustment.write_off',
  },
  'period.close': {
    name: 'period.close',
    description: 'Close a financial month.',
    input: z.object({ period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Use the form YYYY-MM'), note: optionalText(500) }).strict(),
    permission: 'period.close',
  },
  'case.setBillingSuspended': {
    name: 'case.setBillingSuspended',
    description: 'Suspend billing of a case until settlement, or resume it.',
    input: z.object({ caseId: uuid, suspended: z.boolean() }).strict(),
    permission: 'invoice.write',
  },
  'lop.negotiate': {
    name: 'lop.negotiate',
    description: 'Record an offer, counter-offer or acceptance in an LOP reduction negotiation.',
    input: z.object({
      caseId: uuid,
      kind: z.enum(['offer', 'counter_offer', 'accepted', 'rejected']),
      party: z.enum(['clinic', 'attorney']),
      payoffCents: z.number().int().min(0).max(100_000_000),
      note: optionalText(1000),
    }).strict(),
    permission: 'invoice.write',
  },
  'settlement.post': {
    name: 'settlement.post',
    description: 'Post a PI settlement by source and write off the accepted reduction.',
    input: z.object({
      caseId: uuid,
      receivedOn: isoDate,
      parts: z.array(z.object({
        source: z.enum(SETTLEMENT_SOURCES),
        payerName: optionalText(200),
        method: z.enum(PAYMENT_METHODS),
        externalReference: reference,
        amountCents: positiveCents,
      }).strict()).min(1).max(8),
      writeOffReduction: z.boolean(),
      reasonCode: reasonCode.default('LOP-REDUCTION'),
    }).strict(),
    permission: 'payment.post',
  },
  'claim.submit': {
    name: 'claim.submit',
    description: 'Submit claims for insurance invoices as one batch.',
    input: z.object({ invoiceIds: z.array(uuid).min(1).max(500), batchId: z.string().trim().regex(/^[0-9A-Za-z-]{1,40}$/).optional() }).strict(),
    permission: 'claim.manage',
  },
  'claim.setStatus': {
    name: 'claim.setStatus',
    description: "Record a claim's status from the payer (accepted, rejected, paid, denied) with the payer's date and a reason.",
    // statusDate: the date the payer gave (adjudication or response date). The mutator checks it against
    // today and the submission day in the invoice facility's zone, which only it knows.
    input: z.object({ claimId: uuid, status: z.enum(['accepted', 'rejected', 'paid', 'denied']), statusDate: isoDate, reason: optionalText(500) }).strict()
      .refine((a) => !((a.status === 'rejected' || a.status === 'denied') && !a.reason), { message: 'Give the reason from the payer', path: ['reason'] }),
    permission: 'claim.manage',
  },
  'claimSettings.save': {
    name: 'claimSettings.save',
    description: "Set the clinic's 837P claim file envelope: submitter id and name, contact, clearinghouse id and name, production or test.",
    input: claimSettingsInput,
    permission: 'claim.manage',
  },
  'claim.resubmit': {
    name: 'claim.resubmit',
    description: 'Resubmit a rejected or denied claim as a corrected claim.',
    input: z.object({ claimId: uuid, correction: z.string().trim().min(3, 'Say what was corrected').max(500) }).strict(),
    permission: 'claim.manage',
  },
} as const;
