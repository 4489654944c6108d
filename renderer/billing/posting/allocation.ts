import { allocateOldestFirst } from '../../../shared/billing/ledger';
import { centsToInput, parseDollars } from '../../../shared/format/money';

/**
 * The allocation table of the payment-posting screen as pure state: which open invoice takes how much
 * of a payment. It starts as the oldest-first split (`allocateOldestFirst`, the same rule settlements
 * use) and stays editable; what is not allocated is shown as the account's unapplied credit. The server
 * caps every allocation again (`planAllocation`), so this only has to be honest about what will be asked.
 */

export interface OpenInvoice {
  readonly invoiceId: string;
  readonly date: string;
  readonly openCents: number;
}

/** Typed amount per invoice id (dollars as text, as the fields hold them). */
export type AllocationDraft = Readonly<Record<string, string>>;

/** The oldest-first proposal for a payment, as field text ('' for invoices that take nothing). */
export function proposeAllocation(paymentCents: number, invoices: readonly OpenInvoice[]): AllocationDraft {
  const draft: Record<string, string> = {};
  for (const invoice of invoices) draft[invoice.invoiceId] = '';
  if (paymentCents <= 0) return draft;
  for (const request of allocateOldestFirst(paymentCents, invoices)) draft[request.invoiceId] = centsToInput(request.amountCents);
  return draft;
}

export interface AllocationSummary {
  /** What will be sent, in the table's order; invoices left empty or at zero are not sent. */
  readonly allocations: readonly { readonly invoiceId: string; readonly amountCents: number }[];
  readonly allocatedCents: number;
  /** Payment minus allocations; shown as unapplied credit when positive. */
  readonly unappliedCents: number;
  /** Field errors by invoice id. */
  readonly errors: Readonly<Record<string, string>>;
  /** When the allocations together exceed the payment. */
  readonly overAllocated: boolean;
}

export function summarizeAllocation(paymentCents: number, invoices: readonly OpenInvoice[], draft: AllocationDraft): AllocationSummary {
  const allocations: { invoiceId: string; amountCents: number }[] = [];
  const errors: Record<string, string> = {};
  let allocated = 0;
  for (const invoice of invoices) {
    const text = draft[invoice.invoiceId] ?? '';
    if (text.trim() === '') continue;
    const parsed = parseDollars(text);
    if (!parsed.ok) {
      errors[invoice.invoiceId] = parsed.message;
      continue;
    }
    if (parsed.cents === 0) continue;
    if (parsed.cents > invoice.openCents) {
      errors[invoice.invoiceId] = `Only ${centsToInput(invoice.openCents)} is open on this invoice`;
      continue;
    }
    allocations.push({ invoiceId: invoice.invoiceId, amountCents: parsed.cents });
    allocated += parsed.cents;
  }
  const payment = Math.max(0, paymentCents);
  return { allocations, allocatedCents: allocated, unappliedCents: payment - allocated, errors, overAllocated: allocated > payment };
}
