import { z } from 'zod';
import { channel, returns } from '../ipc/channel';
import { isoDate, uuid } from '../validation/fields';

/**
 * Billing documents out of Medora: invoice, patient statement and attorney bill-to-date PDFs, the
 * CMS-1500 and 837P claim files, and the statement run (many statements in one print file, with
 * progress events and cancel). Every channel is a PHI read and is audited by the router with the
 * patient and entity it printed.
 *
 * Files come back as base64 bytes; with `saveAs: true` the desktop app asks where to save and main
 * writes the file itself (the renderer never names a path).
 */

/** A produced file. `base64` is empty when main saved it (`savedTo` says where). */
export interface BillingFile {
  readonly fileName: string;
  readonly mimeType: 'application/pdf' | 'application/edi-x12';
  readonly byteLength: number;
  readonly base64: string;
  readonly savedTo: string | null;
}

export interface ClaimFile extends BillingFile {
  readonly claimCount: number;
  readonly interchangeControlNumber: string;
  /** Accepted by some payers, refused by others (e.g. a five-digit billing ZIP code). */
  readonly warnings: readonly string[];
}

const saveAs = z.boolean().optional();

export const STATEMENT_RUN_STATES = ['running', 'done', 'cancelled', 'failed'] as const;
export type StatementRunState = (typeof STATEMENT_RUN_STATES)[number];

/** Progress of a statement run, as `billingDocument.statementRun` events and from the status channel. */
export interface StatementRunProgress {
  readonly runId: string;
  readonly state: StatementRunState;
  readonly done: number;
  readonly total: number;
  readonly pages: number;
  readonly startedAt: number;
  readonly finishedAt: number | null;
  /** Plain sentence when `failed`. */
  readonly problem: string | null;
}

export const statementRunInput = z
  .object({
    /** Statement date; defaults to today in each patient's home-facility zone. */
    asOf: isoDate.optional(),
    facilityId: uuid.optional(),
    /** Only balances at or above this amount (cents); at least one cent. */
    minBalanceCents: z.number().int().min(1).max(100_000_000).default(1),
    limit: z.number().int().min(1).max(10_000).default(1_000),
  })
  .strict();

export const billingDocumentChannels = {
  'billingDocument.invoicePdf': channel({
    description: 'An invoice as a PDF: clinic and facility header, lines, payments and adjustments, totals, balance and aging.',
    input: z.object({ invoiceId: uuid, saveAs }).strict(),
    output: returns<BillingFile>(),
    permission: 'invoice.read',
    phi: 'read',
    writes: false,
  }),
  'billingDocument.statementPdf': channel({
    description: "A patient's statement as a PDF: every open invoice's activity, amount due, aging and a remittance stub.",
    input: z.object({ patientId: uuid, asOf: isoDate.optional(), saveAs }).strict(),
    output: returns<BillingFile>(),
    permission: 'invoice.read',
    phi: 'read',
    writes: false,
  }),
  'billingDocument.billToDatePdf': channel({
    description: "The attorney's bill-to-date for a case: every charge, payment and adjustment, the reduction log and the balance. Attorneys: their own cases only.",
    input: z.object({ caseId: uuid, saveAs }).strict(),
    output: returns<BillingFile>(),
    permission: 'invoice.read',
    phi: 'read',
    writes: false,
  }),
  'billingDocument.cms1500Pdf': channel({
    description: 'A claim on the CMS-1500 (02/12) form as a PDF, one page per six service lines.',
    input: z.object({ claimId: uuid, saveAs }).strict(),
    output: returns<BillingFile>(),
    permission: 'claim.manage',
    phi: 'read',
    writes: false,
  }),
  'billingDocument.claim837p': channel({
    description: "An X12 837P (005010X222A1) file for one or more claims, in the clinic's envelope (`claimSettings.save`), validated before it is returned.",
    input: z
      .object({
        claimIds: z.array(uuid).min(1).max(500).refine((ids) => new Set(ids).size === ids.length, 'List each claim once'),
        saveAs,
      })
      .strict(),
    output: returns<ClaimFile>(),
    permission: 'claim.manage',
    phi: 'read',
    writes: false,
  }),
  'billingDocument.statementRunStart': channel({
    description: 'Starts a statement run: one print-ready PDF of statements for every patient with an open balance (up to the limit). Progress arrives as events.',
    input: statementRunInput,
    output: returns<StatementRunProgress>(),
    permission: 'invoice.read',
    phi: 'read',
    writes: false,
  }),
  'billingDocument.statementRunStatus': channel({
    description: "Where one of the signed-in user's statement runs stands.",
    input: z.object({ runId: uuid }).strict(),
    output: returns<StatementRunProgress>(),
    permission: 'invoice.read',
    phi: 'none',
    writes: false,
    passive: true,
  }),
  'billingDocument.statementRunCancel': channel({
    description: "Cancels one of the signed-in user's running statement runs; statements already drawn are discarded.",
    input: z.object({ runId: uuid }).strict(),
    output: returns<StatementRunProgress>(),
    permission: 'invoice.read',
    phi: 'none',
    writes: false,
  }),
  'billingDocument.statementRunResult': channel({
    description: 'The finished statement run as one PDF (the export itself; audited with every patient it contains).',
    input: z.object({ runId: uuid, saveAs }).strict(),
    output: returns<BillingFile & { readonly statementCount: number }>(),
    permission: 'invoice.read',
    phi: 'read',
    writes: false,
  }),
} as const;
