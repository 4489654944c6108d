import { allocateOldestFirst } from '../../../shared/billing/ledger';
import { centsToInput, parseDollars } from '../../../shared/format/money';

/**
 * The allocation table of the payment-posting screen as pure state: which open invoice takes how much
 * of a payment. It starts as the oldest-first split (`allocateOldestFirst`, the same rule settlements
 * use) and stays editable; what is not allocated is shown as the account's unapplied credit. An invoice
 * can be opened by its service lines, each with its own amount (an insurer's remittance pays per line).
 * The server caps every invoice-level allocation again (`planAllocation`) and refuses a line amount that
 * does not fit (`lineAllocationIssues`); this checks the same limits first so the clerk sees them at the field.
 */

/** A service line of an open invoice, as the expanded row lists it. */
export interface OpenLineOption {
  readonly lineId: string;
  readonly openCents: number;
}

export interface OpenInvoice {
  readonly invoiceId: string;
  readonly date: string;
  readonly openCents: number;
  /** Its service lines in line order; their open balances add up to `openCents`. */
  readonly lines?: readonly OpenLineOption[];
}

/**
 * Typed amount per invoice id, and per service line under `lineKey(invoice, line)` (dollars as text, as
 * the fields hold them). An invoice listed in `expanded` is allocated by its lines; otherwise as a whole.
 */
export type AllocationDraft = Readonly<Record<string, string>>;

/** The draft key of a service line's amount. */
export function lineKey(invoiceId: string, lineId: string): string {
  return `${invoiceId}/${lineId}`;
}

/** The oldest-first proposal for a payment, as field text ('' for invoices that take nothing). */
export function proposeAllocation(paymentCents: number, invoices: readonly OpenInvoice[]): AllocationDraft {
  const draft: Record<string, string> = {};
  for (const invoice of invoices) draft[invoice.invoiceId] = '';
  if (paymentCents <= 0) return draft;
  for (const request of allocateOldestFirst(paymentCents, invoices)) draft[request.invoiceId] = centsToInput(request.amountCents);
  return draft;
}

export interface AllocationSummary {
  /** What will be sent, in the table's order; rows left empty or at zero are not sent. */
  readonly allocations: readonly { readonly invoiceId: string; readonly invoiceLineId?: string; readonly amountCents: number }[];
  readonly allocatedCents: number;
  /** Payment minus allocations; shown as unapplied credit when positive. */
  readonly unappliedCents: number;
  /** Field errors by draft key (invoice id, or `lineKey` for a line). */
  readonly errors: Readonly<Record<string, string>>;
  /** What each invoice takes (by line, when expanded), for the row totals. */
  readonly invoiceTotals: Readonly<Record<string, number>>;
  /** When the allocations together exceed the payment. */
  readonly overAllocated: boolean;
}

function amountOf(text: string | undefined, openCents: number, what: string): { cents: number } | { error: string } | null {
  if (text === undefined || text.trim() === '') return null;
  const parsed = parseDollars(text);
  if (!parsed.ok) return { error: parsed.message };
  if (parsed.cents === 0) return null;
  if (parsed.cents > openCents) return { error: `Only ${centsToInput(openCents)} is open on this ${what}` };
  return { cents: parsed.cents };
}

export function summarizeAllocation(paymentCents: number, invoices: readonly OpenInvoice[], draft: AllocationDraft, expanded: ReadonlySet<string> = new Set()): AllocationSummary {
  const allocations: { invoiceId: string; invoiceLineId?: string; amountCents: number }[] = [];
  const errors: Record<string, string> = {};
  const invoiceTotals: Record<string, number> = {};
  let allocated = 0;
  for (const invoice of invoices) {
    invoiceTotals[invoice.invoiceId] = 0;
    const rows = expanded.has(invoice.invoiceId) && invoice.lines
      ? invoice.lines.map((line) => ({ key: lineKey(invoice.invoiceId, line.lineId), lineId: line.lineId as string | undefined, openCents: line.openCents, what: 'line' }))
      : [{ key: invoice.invoiceId, lineId: undefined, openCents: invoice.openCents, what: 'invoice' }];
    for (const row of rows) {
      const amount = amountOf(draft[row.key], row.openCents, row.what);
      if (amount === null) continue;
      if ('error' in amount) {
        errors[row.key] = amount.error;
        continue;
      }
      allocations.push(row.lineId ? { invoiceId: invoice.invoiceId, invoiceLineId: row.lineId, amountCents: amount.cents } : { invoiceId: invoice.invoiceId, amountCents: amount.cents });
      invoiceTotals[invoice.invoiceId] = (invoiceTotals[invoice.invoiceId] ?? 0) + amount.cents;
      allocated += amount.cents;
    }
  }
  const payment = Math.max(0, paymentCents);
  return { allocations, allocatedCents: allocated, unappliedCents: payment - allocated, errors, invoiceTotals, overAllocated: allocated > payment };
}

/**
 * Opens an invoice by its lines: what was typed for the invoice as a whole is spread over its lines
 * first line first (the rule the ledger uses for whole-invoice credits), so nothing typed is lost.
 */
export function expandInvoice(draft: AllocationDraft, invoice: OpenInvoice): AllocationDraft {
  const next: Record<string, string> = { ...draft };
  const parsed = parseDollars(draft[invoice.invoiceId] ?? '');
  let left = parsed.ok ? Math.min(parsed.cents, invoice.openCents) : 0;
  for (const line of invoice.lines ?? []) {
    const take = Math.min(left, line.openCents);
    next[lineKey(invoice.invoiceId, line.lineId)] = take > 0 ? centsToInput(take) : '';
    left -= take;
  }
  return next;
}

/** Closes an invoice's lines: the amounts typed on its lines become one amount for the invoice. */
export function collapseInvoice(draft: AllocationDraft, invoice: OpenInvoice): AllocationDraft {
  const next: Record<string, string> = { ...draft };
  let total = 0;
  for (const line of invoice.lines ?? []) {
    const parsed = parseDollars(draft[lineKey(invoice.invoiceId, line.lineId)] ?? '');
    if (parsed.ok) total += Math.min(parsed.cents, line.openCents);
  }
  next[invoice.invoiceId] = total > 0 ? centsToInput(total) : '';
  return next;
}

/**
 * "Apply the rest here": the line takes what it already has plus what of the payment is still unapplied,
 * up to what the line has open.
 */
export function applyRestToLine(paymentCents: number, invoices: readonly OpenInvoice[], draft: AllocationDraft, expanded: ReadonlySet<string>, invoiceId: string, line: OpenLineOption): AllocationDraft {
  const key = lineKey(invoiceId, line.lineId);
  const others = summarizeAllocation(paymentCents, invoices, { ...draft, [key]: '' }, expanded);
  const amount = Math.max(0, Math.min(line.openCents, others.unappliedCents));
  return { ...draft, [key]: amount > 0 ? centsToInput(amount) : '' };
}
