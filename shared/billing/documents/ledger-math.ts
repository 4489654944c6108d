import { formatCents as formatMoney } from '../../format/money';
import { addDaysToDate } from '../../time/facility-time';
import { bucketOf, daysBetween, emptyBuckets, type BucketTotals } from '../aging';
import type { DocumentInvoice } from './document-model';

/**
 * Balances and aging from ledger rows, in integer cents. Pure, so the figures on every invoice,
 * statement and bill-to-date are the same and are unit-tested once.
 *
 * Balance of an invoice = sum of its line charges − payments allocated to it − adjustments, the same
 * rule as the ledger (`../ledger.ts`) and the replica's `invoice_ledger` totals: every adjustment is a
 * credit. Refunds are not invoice entries; they are account-level payments (`refund_of_payment_id`)
 * that take money off an unapplied credit. Buckets and day counts are the aging report's (`../aging.ts`).
 */

export interface InvoiceTotals {
  readonly chargesCents: number;
  readonly paymentsCents: number;
  /** Sum of the adjustments (write-offs, contractual, reductions, corrections): each lowers the balance. */
  readonly adjustmentsCents: number;
  readonly balanceCents: number;
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

export function invoiceTotals(invoice: Pick<DocumentInvoice, 'lines' | 'payments' | 'adjustments'>): InvoiceTotals {
  const chargesCents = sum(invoice.lines.map((line) => line.amountCents));
  const paymentsCents = sum(invoice.payments.map((payment) => payment.amountCents));
  const adjustmentsCents = sum(invoice.adjustments.map((adjustment) => adjustment.amountCents));
  return { chargesCents, paymentsCents, adjustmentsCents, balanceCents: chargesCents - paymentsCents - adjustmentsCents };
}

/** Totals of several invoices added up. */
export function combinedTotals(invoices: readonly Pick<DocumentInvoice, 'lines' | 'payments' | 'adjustments'>[]): InvoiceTotals {
  const each = invoices.map(invoiceTotals);
  return {
    chargesCents: sum(each.map((totals) => totals.chargesCents)),
    paymentsCents: sum(each.map((totals) => totals.paymentsCents)),
    adjustmentsCents: sum(each.map((totals) => totals.adjustmentsCents)),
    balanceCents: sum(each.map((totals) => totals.balanceCents)),
  };
}

/**
 * Open balances by age of the invoice date on `asOf` (both dates in the facility's zone). An invoice
 * dated after `asOf` counts as current. Credit balances (overpayments) age like any other, so the
 * buckets always add up to the total balance.
 */
export function agingBuckets(invoices: readonly Pick<DocumentInvoice, 'invoiceDate' | 'lines' | 'payments' | 'adjustments'>[], asOf: string): BucketTotals {
  const buckets = emptyBuckets();
  for (const invoice of invoices) {
    const balance = invoiceTotals(invoice).balanceCents;
    if (balance !== 0) buckets[bucketOf(daysBetween(invoice.invoiceDate, asOf))] += balance;
  }
  return buckets;
}

/** The statement's "pay by" date: 30 days after the statement date. */
export function statementDueDate(asOf: string): string {
  return addDaysToDate(asOf, 30);
}

/** `$1,234.56` (and `-$12.00`) from integer cents, in US format whatever the workstation's locale. */
export function formatCents(cents: number): string {
  return formatMoney(cents, 'USD', 'en-US');
}

/** `MM/DD/YYYY` from `YYYY-MM-DD`, as US billing forms print dates. */
export function formatUsDate(date: string | null): string {
  if (!date) return '';
  const [year, month, day] = date.split('-');
  return `${month}/${day}/${year}`;
}
