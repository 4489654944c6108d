import { sql, type Kysely } from 'kysely';
import { scopesOf } from '../auth/row-scopes';
import type { Database } from '../db/tables';
import { DomainError } from '../ipc/result';
import type { MutationContext } from '../sync/mutator';
import { lineOpenBalances, periodLabel, periodOf, statusForBalance } from './ledger';

/*
 * Checks and totals the billing mutators share, in the portable subset of SQL so they run the same on
 * the device's SQLite and the server's Postgres. On the server they also take row locks: mutations of
 * different workstations run in concurrent Postgres transactions, and a balance or a period check is
 * only true while nobody else can change what it read.
 */

const total = sql<number>`cast(coalesce(sum(amount_cents), 0) as bigint)`;

/**
 * Refuses an entry dated in a closed month. On the server the clinic row is share-locked first, so a
 * concurrent `period.close` (which locks it for update) either commits before this check sees it or
 * waits until this entry is committed.
 */
export async function assertPeriodOpen(tx: Kysely<Database>, ctx: MutationContext, date: string, path: string): Promise<void> {
  if (ctx.side === 'server') await tx.selectFrom('clinics').select('id').where('id', '=', ctx.subject.clinicId).forShare().execute();
  const period = periodOf(date);
  const closed = await tx.selectFrom('financial_periods').select('period')
    .where('clinic_id', '=', ctx.subject.clinicId).where('period', '=', period).where('deleted_at', 'is', null).executeTakeFirst();
  if (closed) {
    throw new DomainError('conflict', `${periodLabel(period)} is closed, so an entry dated ${date} cannot be posted. Date it in an open month, or ask a clinic admin.`, [{ path, message: 'period_closed' }]);
  }
}

export interface InvoiceForPosting {
  readonly id: string;
  readonly status: Database['invoices']['status'];
  readonly patient_id: string;
  readonly case_id: string | null;
  readonly facility_id: string;
  readonly payer_type: Database['invoices']['payer_type'];
  readonly invoice_date: string;
  readonly sent_at: number | null;
}

/**
 * Loads an invoice the subject may post to (clinic, row scope for facility-bound roles), locking it on
 * the server so concurrent postings to the same invoice are serialized and each sees the other's entries.
 */
export async function invoiceForPosting(tx: Kysely<Database>, ctx: MutationContext, invoiceId: string): Promise<InvoiceForPosting> {
  let query = tx.selectFrom('invoices').select(['id', 'status', 'patient_id', 'case_id', 'facility_id', 'payer_type', 'invoice_date', 'sent_at'])
    .where('id', '=', invoiceId).where('clinic_id', '=', ctx.subject.clinicId).where('deleted_at', 'is', null);
  if (ctx.side === 'server') query = query.forUpdate();
  const invoice = await query.executeTakeFirst();
  if (!invoice) throw new DomainError('not_found', 'That invoice was not found.');
  const scopes = scopesOf(ctx.subject, 'invoice');
  if (!scopes.includes('clinic') && !(scopes.includes('assigned_facilities') && ctx.subject.facilityIds.includes(invoice.facility_id))) {
    throw new DomainError('forbidden', 'That invoice belongs to a facility you are not assigned to.');
  }
  return invoice;
}

/** Charges and credits of an invoice: the sums of its live entries (one statement, three indexed sums). */
export async function invoiceTotals(tx: Kysely<Database>, invoiceId: string): Promise<{ chargesCents: number; creditsCents: number }> {
  const row = await tx.selectNoFrom([
    sql<number>`(SELECT cast(coalesce(sum(amount_cents), 0) as bigint) FROM invoice_lines WHERE invoice_id = ${invoiceId} AND deleted_at IS NULL)`.as('charges'),
    sql<number>`(SELECT cast(coalesce(sum(amount_cents), 0) as bigint) FROM payment_allocations WHERE invoice_id = ${invoiceId} AND deleted_at IS NULL)`.as('allocated'),
    sql<number>`(SELECT cast(coalesce(sum(amount_cents), 0) as bigint) FROM adjustments WHERE invoice_id = ${invoiceId} AND deleted_at IS NULL)`.as('adjusted'),
  ]).executeTakeFirstOrThrow();
  return { chargesCents: Number(row.charges), creditsCents: Number(row.allocated) + Number(row.adjusted) };
}

/** One service line with its charge, what was posted to it, and its open balance (`lineOpenBalances`). */
export interface LineBalance {
  readonly invoiceId: string;
  readonly lineId: string;
  readonly procedureCode: string;
  readonly modifiersJson: string;
  readonly serviceDate: string;
  readonly chargeCents: number;
  /** Allocations and adjustments posted to this line. */
  readonly lineCreditsCents: number;
  /** Its share of the credits posted to the invoice as a whole. */
  readonly spreadCents: number;
  readonly openCents: number;
}

/**
 * The service lines of these invoices with their open balances, in line order (date of service, id).
 * Read inside the posting transaction after the invoices are locked, and by the posting screen's read,
 * so both apply the same rule to the same entries.
 */
export async function lineBalances(tx: Kysely<Database>, invoiceIds: readonly string[]): Promise<LineBalance[]> {
  if (invoiceIds.length === 0) return [];
  const [lines, allocations, adjustments] = await Promise.all([
    tx.selectFrom('invoice_lines').select(['id', 'invoice_id', 'procedure_code', 'modifiers_json', 'service_date', 'amount_cents'])
      .where('invoice_id', 'in', invoiceIds).where('deleted_at', 'is', null).orderBy('invoice_id').orderBy('service_date').orderBy('id').execute(),
    tx.selectFrom('payment_allocations').select(['invoice_id', 'invoice_line_id', total.as('total')])
      .where('invoice_id', 'in', invoiceIds).where('deleted_at', 'is', null).groupBy(['invoice_id', 'invoice_line_id']).execute(),
    tx.selectFrom('adjustments').select(['invoice_id', 'invoice_line_id', total.as('total')])
      .where('invoice_id', 'in', invoiceIds).where('deleted_at', 'is', null).groupBy(['invoice_id', 'invoice_line_id']).execute(),
  ]);
  const lineCredits = new Map<string, number>();
  const invoiceCredits = new Map<string, number>();
  for (const row of [...allocations, ...adjustments]) {
    if (row.invoice_line_id === null) invoiceCredits.set(row.invoice_id, (invoiceCredits.get(row.invoice_id) ?? 0) + Number(row.total));
    else lineCredits.set(row.invoice_line_id, (lineCredits.get(row.invoice_line_id) ?? 0) + Number(row.total));
  }
  const result: LineBalance[] = [];
  const byInvoice = new Map<string, typeof lines>();
  for (const line of lines) {
    const ofInvoice = byInvoice.get(line.invoice_id);
    if (ofInvoice) ofInvoice.push(line);
    else byInvoice.set(line.invoice_id, [line]);
  }
  for (const [invoiceId, ofInvoice] of byInvoice) {
    const entries = ofInvoice.map((line) => ({ lineId: line.id, chargeCents: Number(line.amount_cents), lineCreditsCents: lineCredits.get(line.id) ?? 0 }));
    const open = lineOpenBalances(entries, invoiceCredits.get(invoiceId) ?? 0);
    ofInvoice.forEach((line, index) => {
      const entry = entries[index] as (typeof entries)[number];
      const openCents = open.get(line.id) ?? 0;
      result.push({
        invoiceId, lineId: line.id, procedureCode: line.procedure_code, modifiersJson: line.modifiers_json, serviceDate: line.service_date,
        chargeCents: entry.chargeCents, lineCreditsCents: entry.lineCreditsCents, spreadCents: entry.chargeCents - entry.lineCreditsCents - openCents, openCents,
      });
    });
  }
  return result;
}

/** What is still open on an invoice. */
export async function openBalance(tx: Kysely<Database>, invoiceId: string): Promise<number> {
  const { chargesCents, creditsCents } = await invoiceTotals(tx, invoiceId);
  return chargesCents - creditsCents;
}

/**
 * Sets the invoice's status from its balance after a posting (paid, partially paid, back to sent/finalized).
 * `totals`, when the caller read them in this transaction and added what it posted since, saves summing
 * the entries again.
 */
export async function refreshInvoiceStatus(tx: Kysely<Database>, ctx: MutationContext, invoice: InvoiceForPosting, totals?: { chargesCents: number; creditsCents: number }): Promise<void> {
  const { chargesCents, creditsCents } = totals ?? (await invoiceTotals(tx, invoice.id));
  const status = statusForBalance(invoice.status, chargesCents, creditsCents, invoice.sent_at !== null);
  if (status !== invoice.status) {
    await tx.updateTable('invoices').set({ status, updated_at: ctx.now, updated_by: ctx.subject.userId }).where('id', '=', invoice.id).execute();
  }
}

/** What is left of a payment to apply or refund: its amount less allocations and refunds already made. */
export async function unappliedOf(tx: Kysely<Database>, paymentId: string): Promise<number> {
  const [payment, allocated, refunded] = await Promise.all([
    tx.selectFrom('payments').select('amount_cents').where('id', '=', paymentId).where('deleted_at', 'is', null).executeTakeFirst(),
    tx.selectFrom('payment_allocations').select(total.as('total')).where('payment_id', '=', paymentId).where('deleted_at', 'is', null).executeTakeFirstOrThrow(),
    tx.selectFrom('payments').select(total.as('total')).where('refund_of_payment_id', '=', paymentId).where('deleted_at', 'is', null).executeTakeFirstOrThrow(),
  ]);
  if (!payment) throw new DomainError('not_found', 'That payment was not found.');
  // Refunds are negative payments, so adding them takes the refunded money off the credit.
  return Number(payment.amount_cents) - Number(allocated.total) + Number(refunded.total);
}

/** The final invoice number, issued by the server only (per clinic, gap-free under the counter's row lock). */
export async function nextInvoiceNumber(tx: Kysely<Database>, clinicId: string): Promise<string> {
  const result = await sql<{ last_value: number }>`
    INSERT INTO invoice_number_counters (clinic_id, last_value)
    VALUES (${clinicId}, (SELECT coalesce(max(cast(substr(invoice_number, 5) AS bigint)), 0) + 1 FROM invoices
                           WHERE clinic_id = ${clinicId} AND invoice_number ~ '^INV-[0-9]+$'))
    ON CONFLICT (clinic_id) DO UPDATE SET last_value = invoice_number_counters.last_value + 1
    RETURNING last_value`.execute(tx);
  const value = Number(result.rows[0]?.last_value);
  return `INV-${String(value).padStart(7, '0')}`;
}

/** The number a workstation shows until the server's final number arrives. */
export function provisionalNumber(id: string): string {
  return `P-${id.replace(/-/g, '').slice(-8).toUpperCase()}`;
}
