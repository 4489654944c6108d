import type {
  ADJUSTMENT_KINDS, CASE_TYPES, INVOICE_STATUSES, PAYER_TYPES, PAYMENT_METHODS, SEXES, SUBSCRIBER_RELATIONSHIPS,
} from '../../db/schema-v1';
import type { PayerAdjudication } from '../coordination';

/**
 * What a billing document shows, as plain data read from the ledger rows. The repository in
 * `main/billing/documents/` builds these; the PDF and X12 writers only lay them out, so every
 * figure on paper comes from the pure functions in `ledger-math.ts`.
 */

export type PayerType = (typeof PAYER_TYPES)[number];
export type AdjustmentKind = (typeof ADJUSTMENT_KINDS)[number];

export interface DocumentClinic {
  readonly name: string;
  readonly legalName: string | null;
  readonly taxId: string | null;
  /** Organisation NPI billed as the billing provider on claims. */
  readonly npi: string | null;
  readonly phone: string | null;
  readonly email: string | null;
}

export interface DocumentFacility {
  readonly id: string;
  readonly name: string;
  readonly addressLine1: string;
  readonly addressLine2: string | null;
  readonly city: string;
  readonly state: string;
  readonly postalCode: string;
  readonly phone: string | null;
  readonly timeZone: string;
  /** CMS place-of-service code of claims for services here (the facility's, else 11, office). */
  readonly placeOfService: string;
}

export interface DocumentPatient {
  readonly id: string;
  readonly mrn: string;
  readonly firstName: string;
  readonly middleName: string | null;
  readonly lastName: string;
  readonly dateOfBirth: string;
  readonly sex: (typeof SEXES)[number];
  readonly phone: string | null;
  readonly addressLine1: string | null;
  readonly addressLine2: string | null;
  readonly city: string | null;
  readonly state: string | null;
  readonly postalCode: string | null;
}

export interface DocumentAttorney {
  readonly name: string;
  readonly firmName: string;
  readonly phone: string | null;
  readonly email: string | null;
  readonly address: string | null;
}

export interface DocumentCase {
  readonly id: string;
  readonly caseNumber: string;
  readonly caseType: (typeof CASE_TYPES)[number];
  readonly dateOfInjury: string | null;
  readonly accidentState: string | null;
  readonly description: string | null;
  readonly lopStatus: string;
  readonly attorney: DocumentAttorney | null;
}

export interface DocumentPhysician {
  readonly id: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly credentials: string | null;
  readonly npi: string;
}

export interface DocumentLine {
  readonly id: string;
  readonly serviceDate: string;
  readonly procedureCode: string;
  readonly modifiers: readonly string[];
  readonly diagnosisCodes: readonly string[];
  readonly units: number;
  readonly unitFeeCents: number;
  readonly amountCents: number;
  readonly renderingPhysician: DocumentPhysician;
  readonly facilityId: string;
}

export interface DocumentPayment {
  readonly id: string;
  readonly receivedOn: string;
  readonly payerType: PayerType;
  readonly payerName: string | null;
  readonly method: (typeof PAYMENT_METHODS)[number];
  readonly reference: string | null;
  /** The part of the payment allocated to this invoice. */
  readonly amountCents: number;
}

export interface DocumentAdjustment {
  readonly id: string;
  readonly postedOn: string;
  readonly kind: AdjustmentKind;
  readonly reasonCode: string;
  readonly memo: string | null;
  readonly amountCents: number;
}

export interface DocumentInvoice {
  readonly id: string;
  /** The server-assigned number, else the device's provisional one. */
  readonly number: string;
  readonly isProvisional: boolean;
  readonly status: (typeof INVOICE_STATUSES)[number];
  readonly invoiceDate: string;
  readonly dueDate: string | null;
  readonly payerType: PayerType;
  readonly payerName: string | null;
  readonly facility: DocumentFacility;
  readonly lines: readonly DocumentLine[];
  readonly payments: readonly DocumentPayment[];
  readonly adjustments: readonly DocumentAdjustment[];
}

/** One invoice on paper: who, where, what, and its ledger. */
export interface InvoiceDocument {
  readonly clinic: DocumentClinic;
  readonly patient: DocumentPatient;
  readonly case: DocumentCase | null;
  readonly invoice: DocumentInvoice;
  /** The facility's date on which the document was produced. */
  readonly asOf: string;
}

/** A patient statement: every open (finalized, not void) invoice of the patient, aged as of a date. */
export interface StatementDocument {
  readonly clinic: DocumentClinic;
  /** The facility whose header and remit-to address the statement carries. */
  readonly facility: DocumentFacility;
  readonly patient: DocumentPatient;
  readonly invoices: readonly DocumentInvoice[];
  readonly asOf: string;
}

/** The attorney's bill-to-date for one case: every charge, payment and adjustment, and the balance. */
export interface BillToDateDocument {
  readonly clinic: DocumentClinic;
  readonly facility: DocumentFacility;
  readonly patient: DocumentPatient;
  readonly case: DocumentCase;
  readonly invoices: readonly DocumentInvoice[];
  readonly asOf: string;
}

export interface DocumentPolicy {
  readonly id: string;
  readonly priority: number;
  readonly payerName: string;
  readonly payerId: string | null;
  readonly memberId: string;
  readonly groupNumber: string | null;
  readonly subscriberName: string;
  readonly subscriberRelationship: (typeof SUBSCRIBER_RELATIONSHIPS)[number];
  readonly subscriberDateOfBirth: string | null;
}

/** Another payer of the patient, and — when it adjudicated this claim before — what it paid and adjusted. */
export interface OtherPayer {
  readonly policy: DocumentPolicy;
  readonly adjudication: PayerAdjudication | null;
}

/** Everything a professional claim (CMS-1500 or 837P) says, for one claim row. */
export interface ClaimDocument {
  readonly claimId: string;
  /** The claim's control number: CLM01 patient control number and box 26. */
  readonly controlNumber: string;
  readonly clinic: DocumentClinic;
  readonly billingFacility: DocumentFacility;
  readonly patient: DocumentPatient;
  readonly case: DocumentCase | null;
  readonly policy: DocumentPolicy;
  /** The patient's other policy (box 9, 11d), when one exists: for a secondary claim, the primary. */
  readonly otherPolicy: DocumentPolicy | null;
  /**
   * Every other policy of the patient in priority order (837P 2320/2330), each earlier payer that has
   * paid this invoice with what it did (`adjudication`, from the ledger); later payers have none.
   */
  readonly otherPayers: readonly OtherPayer[];
  readonly invoice: DocumentInvoice;
  /** The patient's referring doctor (box 17, loop 2310A), when known. */
  readonly referringProvider: { readonly name: string; readonly npi: string | null } | null;
  /** Set when this claim replaces an earlier one (frequency 7 and the original reference). */
  readonly replacesControlNumber: string | null;
  readonly asOf: string;
}
