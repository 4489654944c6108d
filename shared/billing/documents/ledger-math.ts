import { addDaysToDate } from '../../time/facility-time';
import type { AdjustmentKind, DocumentInvoice } from './document-model';

/**
 * Balances and aging from ledger rows, in integer cents. Pure, so the figures on every invoice,
 * statement and bill-to-date are the same and are unit-tested once.
 *
 * Balance of an invoice = sum of its line charges − payments allocated to it − credit adjustments
 * + refunds. A refund is money the clinic paid back to a payer, so it re-opens what that payment had
 * closed; every other adjustment kind (write-off, contractual, reduction, correction) is a credit.
 */

/** Whether an adjustment kind lowers (−1) or raises (+1) the balance. */
export const ADJUSTMENT_EFFECT = {
  write_off: -1,
  contractual: -1,
  reduction: -1,
  correction: -1,
  refund: 1,
} as const satisfies Record<AdjustmentKind, -1 | 1>;

export interface InvoiceTotals {
  readonly chargesCents: number;
  readonly paymentsCents: number;
  /** Net credit of the adjustments (credits minus refunds), as a positive number when it lowers the balance. */
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
  const adjustmentsCents = sum(invoice.adjustments.map((adjustment) => -ADJUSTMENT_EFFECT[adjustment.kind] * adjustment.amountCents));
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

export const AGING_BUCKETS = [
  { key: 'days0to30', label: '0–30 days', from: 0, to: 30 },
  { key: 'days31to60', label: '31–60 days', from: 31, to: 60 },
  { key: 'days61to90', label: '61–90 days', from: 61, to: 90 },
  { key: 'days91to120', label: '91–120 days', from: 91, to: 120 },
  { key: 'over120', label: '120+ days', from: 121, to: Number.POSITIVE_INFINITY },
] as const;
export type AgingBucketKey = (typeof AGING_BUCKETS)[number]['key'];
export type AgingBuckets = Readonly<Record<AgingBucketKey, number>>;

/** Whole days from one `YYYY-MM-DD` date to another (negative when `to` is earlier). */
export function daysBetweenDates(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return Math.round((Date.UTC(ty, tm - 1, td) - Date.UTC(fy, fm - 1, fd)) / 86_400_000);
}

/**
 * Open balances by age of the invoice date on `asOf` (both dates in the facility's zone). An invoice
 * dated after `asOf` counts as current. Credit balances (overpayments) age like any other, so the
 * buckets always add up to the total balance.
 */
export function agingBuckets(invoices: readonly Pick<DocumentInvoice, 'invoiceDate' | 'lines' | 'payments' | 'adjustments'>[], asOf: string): AgingBuckets {
  const buckets: Record<AgingBucketKey, number> = { days0to30: 0, days31to60: 0, days61to90: 0, days91to120: 0, over120: 0 };
  for (const invoice of invoices) {
    const balance = invoiceTotals(invoice).balanceCents;
    if (balance === 0) continue;
    const age = Math.max(0, daysBetweenDates(invoice.invoiceDate, asOf));
    const bucket = AGING_BUCKETS.find((candidate) => age >= candidate.from && age <= candidate.to) ?? AGING_BUCKETS[4];
    buckets[bucket.key] += balance;
  }
  return buckets;
}

/** The statement's "pay by" date: 30 days after the statement date. */
export function statementDueDate(asOf: string): string {
  return addDaysToDate(asOf, 30);
}

/** `$1,234.56` (and `-$12.00`) from integer cents, without floating-point rounding. */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const absolute = Math.abs(cents);
  const dollars = Math.floor(absolute / 100).toLocaleString('en-US');
  return `${sign}$${dollars}.${String(absolute % 100).padStart(2, '0')}`;
}

/** `MM/DD/YYYY` from `YYYY-MM-DD`, as US billing forms print dates. */
export function formatUsDate(date: string | null): string {
  if (!date) return '';
  const [year, month, day] = date.split('-');
  return `${month}/${day}/${year}`;
}
