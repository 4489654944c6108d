import type { InvoiceStatus, PayerType } from '../../shared/billing/billing.contract';
import type { PAYMENT_METHODS } from '../../shared/db/schema-v1';

/** How the billing screens name statuses, payers and payment methods. */

export const INVOICE_STATUS_LABELS: Record<InvoiceStatus, string> = {
  draft: 'Draft', finalized: 'Finalized', sent: 'Sent', partially_paid: 'Partially paid', paid: 'Paid', void: 'Void',
};

export const INVOICE_STATUS_TONES: Record<InvoiceStatus, string> = {
  draft: 'chip--neutral', finalized: 'chip--confirmed', sent: 'chip--confirmed', partially_paid: 'chip--checked-in', paid: 'chip--positive', void: 'chip--refused',
};

export const PAYER_LABELS: Record<PayerType, string> = {
  patient: 'Patient', insurance: 'Insurance', attorney: 'Attorney / settlement', medpay: 'MedPay', pip: 'PIP', workers_comp: "Workers' comp", other: 'Other',
};

export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const METHOD_LABELS: Record<PaymentMethod, string> = {
  check: 'Check', eft: 'EFT', era: 'ERA (835)', card: 'Card', cash: 'Cash', other: 'Other',
};

/** The number people use for an invoice: the server's final one once synced, else the device's provisional one. */
export function invoiceLabel(invoice: { invoiceNumber: string | null; provisionalNumber: string }): string {
  return invoice.invoiceNumber ?? invoice.provisionalNumber;
}

export function StatusChip({ status }: { status: InvoiceStatus }) {
  return <span className={`chip ${INVOICE_STATUS_TONES[status]}`}>{INVOICE_STATUS_LABELS[status]}</span>;
}
