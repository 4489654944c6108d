/**
 * The billing ledger as pure rules. An invoice's balance is the sum of its entries: charges (invoice
 * lines) add, credits (payment allocations and adjustments) subtract. Entries are never changed or
 * removed once posted; a correction is another entry. A payer's money that is not allocated to an
 * invoice is an unapplied credit on the account (overpayment), never a negative invoice balance.
 *
 * All amounts are integer cents.
 */

export type EntrySide = 'charge' | 'credit';

export interface LedgerEntry {
  readonly invoiceId: string;
  readonly side: EntrySide;
  readonly amountCents: number;
  /** `YYYY-MM-DD`: the date the entry counts from (period close, aging as of a date). */
  readonly entryDate: string;
}

/** The balance of one invoice: charges minus credits, optionally only entries dated on or before `asOf`. */
export function invoiceBalance(entries: readonly LedgerEntry[], invoiceId: string, asOf?: string): number {
  let balance = 0;
  for (const entry of entries) {
    if (entry.invoiceId !== invoiceId) continue;
    if (asOf !== undefined && entry.entryDate > asOf) continue;
    balance += entry.side === 'charge' ? entry.amountCents : -entry.amountCents;
  }
  return balance;
}

/** Every invoice's balance in one pass. */
export function balancesByInvoice(entries: readonly LedgerEntry[], asOf?: string): Map<string, number> {
  const balances = new Map<string, number>();
  for (const entry of entries) {
    if (asOf !== undefined && entry.entryDate > asOf) continue;
    const delta = entry.side === 'charge' ? entry.amountCents : -entry.amountCents;
    balances.set(entry.invoiceId, (balances.get(entry.invoiceId) ?? 0) + delta);
  }
  return balances;
}

export interface AllocationRequest {
  readonly invoiceId: string;
  readonly invoiceLineId?: string | null;
  readonly amountCents: number;
}

export interface AllocationPlan {
  readonly allocations: readonly { readonly invoiceId: string; readonly invoiceLineId: string | null; readonly amountCents: number }[];
  /** What stays on the account as a credit (overpayment, or an allocation the invoice could not take). */
  readonly unappliedCents: number;
}

/**
 * Decides how much of a payment each invoice takes. A request is capped at what is still open on the
 * invoice (after earlier requests of the same payment) and at what is left of the payment; whatever is
 * left is unapplied credit. So allocations never exceed the payment and no invoice goes below zero,
 * even when two workstations posted payments to the same invoice offline and the second one arrives
 * at the server after the first already paid part of it.
 */
export function planAllocation(paymentCents: number, requests: readonly AllocationRequest[], openBalances: ReadonlyMap<string, number>): AllocationPlan {
  const open = new Map(openBalances);
  let left = Math.max(0, paymentCents);
  const allocations: { invoiceId: string; invoiceLineId: string | null; amountCents: number }[] = [];
  // Requests to service lines first (checked by `lineAllocationIssues`, so they fit whole), then the
  // invoice-level ones, capped at what the lines left open.
  const ordered = [...requests.filter((request) => request.invoiceLineId), ...requests.filter((request) => !request.invoiceLineId)];
  for (const request of ordered) {
    const available = Math.max(0, open.get(request.invoiceId) ?? 0);
    const amount = Math.min(Math.max(0, request.amountCents), available, left);
    if (amount <= 0) continue;
    allocations.push({ invoiceId: request.invoiceId, invoiceLineId: request.invoiceLineId ?? null, amountCents: amount });
    open.set(request.invoiceId, available - amount);
    left -= amount;
  }
  return { allocations, unappliedCents: left };
}

/**
 * One service line of an invoice as per-line posting sees it, in the invoice's line order (date of
 * service, then line id — the order the invoice, the claim and the spread below all use).
 */
export interface LineEntries {
  readonly lineId: string;
  readonly chargeCents: number;
  /** Allocations and adjustments posted to this line (`invoice_line_id` = the line). */
  readonly lineCreditsCents: number;
}

/**
 * Each line's open balance. Credits posted to a line come off that line. Credits posted to the invoice
 * as a whole (`invoice_line_id` null: a patient's payment at the desk, a settlement, a void or an
 * invoice-level write-off) are spread over what the lines still have open, first line first — the way a
 * remittance's claim-level money is attributed to service lines. So the lines' open balances always add
 * up to the invoice's balance (charges minus every credit), and a line's open balance is exactly what a
 * further payment or adjustment posted to that line may take.
 */
export function lineOpenBalances(lines: readonly LineEntries[], invoiceCreditsCents: number): Map<string, number> {
  const open = new Map<string, number>();
  let spread = Math.max(0, invoiceCreditsCents);
  for (const line of lines) {
    const own = line.chargeCents - line.lineCreditsCents;
    const taken = Math.min(Math.max(0, own), spread);
    spread -= taken;
    open.set(line.lineId, own - taken);
  }
  return open;
}

/** Why a request to a service line cannot be posted (the field path names the request). */
export interface LineAllocationIssue {
  readonly index: number;
  readonly reason: 'line_not_on_invoice' | 'exceeds_line_balance' | 'exceeds_payment';
  readonly openCents: number;
}

/**
 * Checks a posting's requests to service lines before anything is written: each line is one of the
 * invoice's lines, together they take no more than the line's open balance (`lineOpenBalances`), and all
 * the line requests together no more than the payment. Unlike invoice-level requests, which are capped
 * (the rest stays credit), a line request is exact — it is what the remittance says about that line — so
 * a line request that does not fit is refused, not trimmed.
 */
export function lineAllocationIssues(paymentCents: number, requests: readonly AllocationRequest[], lineOpen: ReadonlyMap<string, { readonly invoiceId: string; readonly openCents: number }>): LineAllocationIssue[] {
  const issues: LineAllocationIssue[] = [];
  const taken = new Map<string, number>();
  let left = Math.max(0, paymentCents);
  requests.forEach((request, index) => {
    if (!request.invoiceLineId) return;
    const line = lineOpen.get(request.invoiceLineId);
    if (!line || line.invoiceId !== request.invoiceId) {
      issues.push({ index, reason: 'line_not_on_invoice', openCents: 0 });
      return;
    }
    const open = line.openCents - (taken.get(request.invoiceLineId) ?? 0);
    if (request.amountCents > open) {
      issues.push({ index, reason: 'exceeds_line_balance', openCents: Math.max(0, open) });
      return;
    }
    if (request.amountCents > left) {
      issues.push({ index, reason: 'exceeds_payment', openCents: left });
      return;
    }
    taken.set(request.invoiceLineId, (taken.get(request.invoiceLineId) ?? 0) + request.amountCents);
    left -= request.amountCents;
  });
  return issues;
}

/** Spreads a payment over invoices oldest first (the default split the posting screen proposes). */
export function allocateOldestFirst(paymentCents: number, invoices: readonly { readonly invoiceId: string; readonly openCents: number; readonly date: string }[]): AllocationRequest[] {
  const sorted = [...invoices].sort((a, b) => (a.date === b.date ? a.invoiceId.localeCompare(b.invoiceId) : a.date < b.date ? -1 : 1));
  let left = paymentCents;
  const requests: AllocationRequest[] = [];
  for (const invoice of sorted) {
    if (left <= 0) break;
    const amount = Math.min(left, Math.max(0, invoice.openCents));
    if (amount > 0) requests.push({ invoiceId: invoice.invoiceId, amountCents: amount });
    left -= amount;
  }
  return requests;
}

/** The invoice status its balance implies (void and draft are set by their own actions). */
export function statusForBalance(current: 'draft' | 'finalized' | 'sent' | 'partially_paid' | 'paid' | 'void', chargesCents: number, creditsCents: number, wasSent: boolean) {
  if (current === 'void' || current === 'draft') return current;
  if (chargesCents > 0 && creditsCents >= chargesCents) return 'paid' as const;
  if (creditsCents > 0) return 'partially_paid' as const;
  return wasSent ? ('sent' as const) : ('finalized' as const);
}

/** `YYYY-MM` of a `YYYY-MM-DD` date: the financial period the entry belongs to. */
export function periodOf(date: string): string {
  return date.slice(0, 7);
}

/** "October 2026" for `2026-10`. */
export function periodLabel(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month - 1, 1)).toLocaleString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}
