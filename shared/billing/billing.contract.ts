import { z } from 'zod';
import { CLAIM_STATUSES, INVOICE_STATUSES, PAYER_TYPES, type ADJUSTMENT_KINDS, type NEGOTIATION_ENTRY_KINDS, type PAYMENT_METHODS } from '../db/schema-v1';
import { channel, returns } from '../ipc/channel';
import type { Action } from '../auth/permissions';
import type { mutators } from '../sync/mutators';
import { billingWrites } from './billing-writes';
import { isoDate, uuid } from '../validation/fields';
import { AGING_BASES, AGING_BUCKETS, AGING_GROUPINGS, type AgingBasis, type AgingBucketId, type AgingGrouping, type BucketTotals } from './aging';

export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
export type PayerType = (typeof PAYER_TYPES)[number];

/** An invoice as lists show it: both numbers (the server's final one appears once it has synced). */
export interface InvoiceSummary {
  readonly id: string;
  readonly provisionalNumber: string;
  readonly invoiceNumber: string | null;
  readonly status: InvoiceStatus;
  readonly invoiceDate: string;
  readonly patientId: string;
  readonly patientName: string;
  readonly caseId: string | null;
  readonly caseNumber: string | null;
  readonly facilityId: string;
  readonly payerType: PayerType;
  readonly chargesCents: number;
  readonly balanceCents: number;
}

export interface InvoiceLineView {
  readonly id: string;
  readonly procedureCode: string;
  readonly modifiers: readonly string[];
  readonly diagnosisCodes: readonly string[];
  readonly units: number;
  readonly unitFeeCents: number;
  readonly amountCents: number;
  readonly serviceDate: string;
  readonly facilityId: string;
  readonly renderingPhysicianId: string;
  readonly renderingPhysicianName: string;
  readonly appointmentId: string | null;
}

/** One row of a ledger: a charge, payment allocation, adjustment, or (account level) unapplied credit and refund. */
export interface LedgerRow {
  readonly id: string;
  readonly date: string;
  readonly kind: 'charge' | 'payment' | 'adjustment' | 'credit' | 'refund';
  readonly invoiceId: string | null;
  readonly description: string;
  /** Positive raises what is owed, negative lowers it. */
  readonly amountCents: number;
  readonly balanceCents: number;
  readonly postedAt: number;
  /** The service line a charge is, or a payment or adjustment was posted to (absent or null: the invoice as a whole). */
  readonly line?: LineRef | null;
}

/** A service line as ledgers name it: procedure code, modifiers, date of service. */
export interface LineRef {
  readonly lineId: string;
  readonly procedureCode: string;
  readonly modifiers: readonly string[];
  readonly serviceDate: string;
}

/**
 * A service line of an open invoice with its open balance (integer cents). Credits posted to the line
 * come off it; credits posted to the invoice as a whole are spread over the lines first line first
 * (`spreadCents`), so the lines' open balances add up to the invoice's balance (`lineOpenBalances`).
 */
export interface OpenLine extends LineRef {
  readonly invoiceId: string;
  readonly chargeCents: number;
  /** Payments and adjustments posted to this line. */
  readonly lineCreditsCents: number;
  /** This line's share of the payments and adjustments posted to the invoice as a whole. */
  readonly spreadCents: number;
  readonly openCents: number;
}

export interface ClaimView {
  readonly id: string;
  readonly invoiceId: string;
  readonly invoiceNumber: string;
  readonly patientName: string;
  /** The insurance payer on the claim's policy. */
  readonly payerName: string;
  readonly batchId: string | null;
  readonly controlNumber: string;
  readonly status: (typeof CLAIM_STATUSES)[number];
  readonly submittedAt: number | null;
  /** When the current status was recorded on a workstation. */
  readonly statusChangedAt: number | null;
  /** The date the payer gave for the current status (adjudication or response date); null while submitted. */
  readonly statusDate: string | null;
  /** The invoice facility's IANA zone: "today" for the payer's date is its today. */
  readonly timeZone: string;
  readonly statusReason: string | null;
  readonly replacesClaimId: string | null;
}

/** The clinic's 837P envelope as stored (null: not set) and what empty fields fall back to. */
export interface ClaimSettings {
  readonly submitterId: string | null;
  readonly submitterName: string | null;
  readonly contactName: string | null;
  readonly contactPhone: string | null;
  readonly receiverId: string | null;
  readonly receiverName: string | null;
  readonly usage: 'P' | 'T' | null;
  /** The tax ID's digits, the legal name, "Billing office" and the clinic's phone digits. */
  readonly fallback: { readonly submitterId: string; readonly submitterName: string; readonly contactName: string; readonly contactPhone: string };
  readonly updatedAt: number;
}

/** A finalized insurance invoice with no claim yet, as the claims screen batches them by payer. */
export interface ClaimReadyInvoice {
  readonly invoiceId: string;
  readonly invoiceNumber: string;
  readonly invoiceDate: string;
  readonly patientName: string;
  readonly facilityId: string;
  readonly payerName: string;
  readonly payerId: string | null;
  /** The payer's place in the patient's order of insurers: a secondary or tertiary claim follows a paid one. */
  readonly responsibility: 'primary' | 'secondary' | 'tertiary';
  readonly chargesCents: number;
  readonly balanceCents: number;
}

export interface InvoiceDetail extends InvoiceSummary {
  readonly insurancePolicyId: string | null;
  readonly dueDate: string | null;
  readonly finalizedAt: number | null;
  readonly sentAt: number | null;
  readonly voidedAt: number | null;
  readonly voidReason: string | null;
  readonly billingSuspended: boolean;
  readonly lines: readonly InvoiceLineView[];
  readonly ledger: readonly LedgerRow[];
  readonly claims: readonly ClaimView[];
  /** `pending`: a change to the invoice or its lines is still in this device's outbox (not yet confirmed by the server). */
  readonly syncState: 'pending' | 'synced';
}

export interface AccountLedger {
  readonly patientId: string;
  readonly patientName: string;
  readonly caseId: string | null;
  readonly rows: readonly LedgerRow[];
  /** Sum of the invoices' balances. */
  readonly invoicesBalanceCents: number;
  /** Money received and not yet applied (overpayments), net of refunds. */
  readonly unappliedCreditCents: number;
  readonly invoices: readonly InvoiceSummary[];
  /** The service lines of the open (finalized, sent, partially paid) invoices, in line order. */
  readonly openLines: readonly OpenLine[];
  readonly payments: readonly { id: string; receivedOn: string; payerType: PayerType; method: (typeof PAYMENT_METHODS)[number]; reference: string | null; amountCents: number; unappliedCents: number }[];
}

/** Each work-queue list holds at most this many rows (oldest first); a full list means there are more. */
export const WORK_QUEUE_LIMIT = 200;

export interface WorkQueue {
  readonly unbilledExams: readonly { appointmentId: string; startsAt: number; facilityId: string; timeZone: string; patientName: string; examTypeName: string; physicianName: string; caseNumber: string | null }[];
  readonly drafts: readonly InvoiceSummary[];
  readonly claimsToSend: readonly InvoiceSummary[];
  readonly denials: readonly ClaimView[];
  readonly unappliedPayments: readonly { paymentId: string; receivedOn: string; payerType: PayerType; payerName: string | null; patientId: string | null; patientName: string | null; reference: string | null; unappliedCents: number }[];
}

export interface AgingRow {
  readonly key: string;
  readonly label: string;
  readonly buckets: BucketTotals;
  readonly totalCents: number;
}

export interface AgingReport {
  readonly asOf: string;
  readonly basis: AgingBasis;
  readonly groupBy: AgingGrouping;
  readonly rows: readonly AgingRow[];
  readonly totals: BucketTotals;
  readonly totalCents: number;
  readonly invoiceCount: number;
}

export interface AgingDrillRow extends InvoiceSummary {
  readonly basisDate: string;
  readonly ageDays: number;
  readonly balanceAsOfCents: number;
}

export interface BillingCycle {
  readonly from: string;
  readonly to: string;
  readonly invoices: number;
  readonly billedCents: number;
  readonly collectedCents: number;
  readonly collectionRate: number;
  /** Average days per step; null when no invoice reached the step. */
  readonly examToInvoiceDays: number | null;
  readonly invoiceToSentDays: number | null;
  readonly sentToFirstPaymentDays: number | null;
  readonly invoiceToPaidDays: number | null;
}

export interface LopCaseCard {
  readonly caseId: string;
  readonly caseNumber: string;
  readonly patientName: string;
  readonly attorneyName: string | null;
  readonly lopStatus: string;
  readonly caseStatus: string;
  readonly billingSuspended: boolean;
  readonly balanceCents: number;
  readonly lastEntry: { kind: (typeof NEGOTIATION_ENTRY_KINDS)[number]; payoffCents: number; at: number } | null;
  readonly stage: 'treating' | 'negotiating' | 'accepted' | 'settled';
}

export interface NegotiationEntry {
  readonly id: string;
  readonly kind: (typeof NEGOTIATION_ENTRY_KINDS)[number];
  readonly party: 'clinic' | 'attorney';
  readonly payoffCents: number;
  readonly balanceCents: number;
  readonly reductionCents: number;
  readonly note: string | null;
  readonly recordedAt: number;
  readonly recordedBy: string;
}

export interface CodeRow { readonly id: string; readonly code: string; readonly description: string | null; readonly system: 'cpt' | 'hcpcs' | 'icd10' }
export interface FeeRow { readonly id: string; readonly procedureCode: string; readonly modifier: string | null; readonly payerType: PayerType | null; readonly facilityId: string | null; readonly feeCents: number; readonly effectiveFrom: string }

/** Common adjustment reason codes (CARC group + code, or the clinic's own), offered in the posting screens. */
export const ADJUSTMENT_REASONS = [
  { code: 'CO-45', label: 'Charge exceeds fee schedule (contractual)' },
  { code: 'CO-97', label: 'Included in another service' },
  { code: 'PR-1', label: 'Deductible' },
  { code: 'PR-2', label: 'Coinsurance' },
  { code: 'HARDSHIP', label: 'Financial hardship' },
  { code: 'SMALL-BAL', label: 'Small balance write-off' },
  { code: 'BAD-DEBT', label: 'Bad debt' },
  { code: 'LOP-REDUCTION', label: 'Accepted LOP reduction' },
] as const satisfies readonly { code: string; label: string }[];
export type AdjustmentKind = (typeof ADJUSTMENT_KINDS)[number];

/** A write channel is the mutator it runs: same input, permission and result (one source of truth). */
/** A write channel for a billing mutation: its spec from `billing-writes.ts`, its result type from the mutator (a type only). */
function write<I extends z.ZodType, N extends keyof typeof mutators>(spec: { name: N; description: string; input: I; permission: Action }) {
  type Result = Awaited<ReturnType<(typeof mutators)[N]['run']>>;
  return channel({ description: spec.description, input: spec.input, output: returns<Result>(), permission: spec.permission, phi: 'write', writes: true });
}

const listLimit = z.number().int().min(1).max(500).default(100);

export const billingChannels = {
  'billing.workQueue': channel({
    description: 'The billing work queue: completed exams without charges, drafts, claims to send, denials, unapplied payments.',
    input: z.object({ facilityId: uuid.optional() }).strict(),
    output: returns<WorkQueue>(), permission: 'invoice.read', phi: 'read', writes: false,
  }),
  'invoice.list': channel({
    description: 'Invoices in scope, newest first, by patient, case, status or number.',
    input: z.object({
      patientId: uuid.optional(), caseId: uuid.optional(), status: z.enum(INVOICE_STATUSES).optional(),
      openOnly: z.boolean().optional(), search: z.string().trim().max(60).optional(), limit: listLimit,
    }).strict(),
    output: returns<InvoiceSummary[]>(), permission: 'invoice.read', phi: 'read', writes: false,
  }),
  'invoice.get': channel({
    description: 'One invoice with its lines, ledger entries and claims.',
    input: z.object({ id: uuid }).strict(),
    output: returns<InvoiceDetail>(), permission: 'invoice.read', phi: 'read', writes: false,
  }),
  'ledger.account': channel({
    description: "A patient's (or one case's) ledger: every entry with the running balance, invoices, payments and credit.",
    input: z.object({ patientId: uuid, caseId: uuid.optional() }).strict(),
    output: returns<AccountLedger>(), permission: 'invoice.read', phi: 'read', writes: false,
  }),
  'billing.accounts': channel({
    description: 'Patients with billing activity, by name or MRN, with their open balance (payment posting look-up).',
    input: z.object({ query: z.string().trim().max(60).default(''), limit: z.number().int().min(1).max(50).default(20) }).strict(),
    output: returns<{ patientId: string; name: string; mrn: string; balanceCents: number; openInvoices: number }[]>(),
    permission: 'invoice.read', phi: 'read', writes: false,
  }),
  'aging.report': channel({
    description: 'A/R aging in buckets (0–30 … 120+) as of any date, by payer type, attorney, facility or physician.',
    input: z.object({ asOf: isoDate, basis: z.enum(AGING_BASES).default('service_date'), groupBy: z.enum(AGING_GROUPINGS).default('payer_type') }).strict(),
    output: returns<AgingReport>(), permission: 'invoice.read', phi: 'none', writes: false,
  }),
  'aging.drill': channel({
    description: 'The invoices behind one cell of the aging report.',
    input: z.object({
      asOf: isoDate, basis: z.enum(AGING_BASES).default('service_date'), groupBy: z.enum(AGING_GROUPINGS).default('payer_type'),
      groupKey: z.string().max(80), bucket: z.enum(AGING_BUCKETS.map((b) => b.id) as [AgingBucketId, ...AgingBucketId[]]).optional(), limit: listLimit,
    }).strict(),
    output: returns<AgingDrillRow[]>(), permission: 'invoice.read', phi: 'read', writes: false,
  }),
  'billing.cycle': channel({
    description: 'Billing cycle times (exam → invoice → sent → first payment → paid) and collection rate for invoices dated in a range.',
    input: z.object({ from: isoDate, to: isoDate }).strict(),
    output: returns<BillingCycle>(), permission: 'invoice.read', phi: 'none', writes: false,
  }),
  'lop.board': channel({
    description: 'LOP cases by stage: treating (billing suspended), negotiating, accepted, settled.',
    input: z.object({}).strict(),
    output: returns<LopCaseCard[]>(), permission: 'invoice.read', phi: 'read', writes: false,
  }),
  'lop.history': channel({
    description: 'The reduction negotiation of one case, oldest first.',
    input: z.object({ caseId: uuid }).strict(),
    output: returns<NegotiationEntry[]>(), permission: 'invoice.read', phi: 'read', writes: false,
  }),
  'claim.list': channel({
    description: 'Claims by status and payer, newest first.',
    input: z.object({ status: z.enum(CLAIM_STATUSES).optional(), payerName: z.string().trim().min(1).max(200).optional(), limit: listLimit }).strict(),
    output: returns<ClaimView[]>(), permission: 'claim.manage', phi: 'read', writes: false,
  }),
  'claim.ready': channel({
    description: 'Finalized insurance invoices without a claim, or with a balance left after a payer paid and another policy to bill (billing not suspended), oldest first, with the payer the claim goes to.',
    input: z.object({ payerName: z.string().trim().min(1).max(200).optional(), limit: listLimit }).strict(),
    output: returns<ClaimReadyInvoice[]>(), permission: 'claim.manage', phi: 'read', writes: false,
  }),
  'claimSettings.get': channel({
    description: "The clinic's 837P claim file envelope (submitter and clearinghouse), with what an empty field falls back to.",
    input: z.object({}).strict(),
    output: returns<ClaimSettings>(), permission: 'claim.manage', phi: 'none', writes: false,
  }),
  'billingCode.list': channel({
    description: "The clinic's procedure and diagnosis codes.",
    input: z.object({ kind: z.enum(['procedure', 'diagnosis']), search: z.string().trim().max(40).optional() }).strict(),
    output: returns<CodeRow[]>(), permission: 'invoice.read', phi: 'none', writes: false,
  }),
  'feeSchedule.list': channel({
    description: "The clinic's fee schedule.",
    input: z.object({ procedureCode: z.string().trim().max(10).optional() }).strict(),
    output: returns<FeeRow[]>(), permission: 'invoice.read', phi: 'none', writes: false,
  }),
  'period.list': channel({
    description: 'Closed financial months, newest first.',
    input: z.object({}).strict(),
    output: returns<{ period: string; closedAt: number; closedBy: string; note: string | null }[]>(), permission: 'invoice.read', phi: 'none', writes: false,
  }),
  'billingCode.import': write(billingWrites['billingCode.import']),
  'feeSchedule.save': write(billingWrites['feeSchedule.save']),
  'charge.capture': write(billingWrites['charge.capture']),
  'invoice.create': write(billingWrites['invoice.create']),
  'invoice.saveDraft': write(billingWrites['invoice.saveDraft']),
  'invoice.finalize': write(billingWrites['invoice.finalize']),
  'invoice.markSent': write(billingWrites['invoice.markSent']),
  'invoice.void': write(billingWrites['invoice.void']),
  'payment.post': write(billingWrites['payment.post']),
  'payment.apply': write(billingWrites['payment.apply']),
  'payment.refund': write(billingWrites['payment.refund']),
  'adjustment.post': write(billingWrites['adjustment.post']),
  'period.close': write(billingWrites['period.close']),
  'case.setBillingSuspended': write(billingWrites['case.setBillingSuspended']),
  'lop.negotiate': write(billingWrites['lop.negotiate']),
  'settlement.post': write(billingWrites['settlement.post']),
  'claim.submit': write(billingWrites['claim.submit']),
  'claim.setStatus': write(billingWrites['claim.setStatus']),
  'claim.resubmit': write(billingWrites['claim.resubmit']),
  'claimSettings.save': write(billingWrites['claimSettings.save']),
} as const;

export type { AgingBasis, AgingGrouping };
