import type { z } from 'zod';
import type { Kysely } from 'kysely';
import { can } from '../auth/permissions';
import { newRowStamp, updateStamp } from '../db/stamps';
import type { Database } from '../db/tables';
import { DomainError } from '../ipc/result';
import { mutator, type MutationContext } from '../sync/mutator';
import { localDate } from '../time/facility-time';
import { billingWrites, postPaymentArgs } from './billing-writes';
import { allocateOldestFirst, lineAllocationIssues, planAllocation, type AllocationRequest, type LineAllocationIssue } from './ledger';
import { assertPeriodOpen, invoiceForPosting, invoiceTotals, lineBalances, openBalance, refreshInvoiceStatus, unappliedOf, type InvoiceForPosting } from './ledger.guards';




async function lockInvoices(tx: Kysely<Database>, ctx: MutationContext, invoiceIds: readonly string[]) {
  const invoices = new Map<string, InvoiceForPosting>();
  // Sorted, so two postings that touch the same invoices lock them in the same order (no deadlock).
  for (const id of [...new Set(invoiceIds)].sort()) {
    const invoice = await invoiceForPosting(tx, ctx, id);
    if (invoice.status === 'draft' || invoice.status === 'void') throw new DomainError('conflict', 'Payments go on finalized invoices only.', [{ path: 'allocations', message: invoice.status }]);
    invoices.set(id, invoice);
  }
  const totals = new Map<string, { chargesCents: number; creditsCents: number }>();
  for (const id of invoices.keys()) totals.set(id, await invoiceTotals(tx, id));
  const balances = new Map([...totals].map(([id, { chargesCents, creditsCents }]) => [id, chargesCents - creditsCents]));
  return { invoices, totals, balances };
}

const LINE_ISSUE_MESSAGES: Record<LineAllocationIssue['reason'], (openCents: number) => string> = {
  line_not_on_invoice: () => 'That service line is not on the invoice.',
  exceeds_line_balance: (open) => `The service line has only ${(open / 100).toFixed(2)} open.`,
  exceeds_payment: (left) => `Only ${(left / 100).toFixed(2)} of the payment is left for this line.`,
};

/**
 * Refuses requests to service lines that do not fit (`lineAllocationIssues`), naming each one at
 * `allocations.<n>.amountCents` (or `.invoiceLineId`). Read after the invoices are locked, so on the
 * server a line's open balance cannot change until this posting commits.
 */
async function assertLineRequestsFit(tx: Kysely<Database>, requests: readonly AllocationRequest[], available: number) {
  const lineInvoices = [...new Set(requests.filter((request) => request.invoiceLineId).map((request) => request.invoiceId))];
  if (lineInvoices.length === 0) return;
  const open = new Map((await lineBalances(tx, lineInvoices)).map((line) => [line.lineId, { invoiceId: line.invoiceId, openCents: line.openCents }]));
  const issues = lineAllocationIssues(available, requests, open);
  const first = issues[0];
  if (!first) return;
  throw new DomainError('conflict', LINE_ISSUE_MESSAGES[first.reason](first.openCents), issues.map((issue) => ({
    path: `allocations.${issue.index}.${issue.reason === 'line_not_on_invoice' ? 'invoiceLineId' : 'amountCents'}`, message: issue.reason,
  })));
}

async function insertAllocations(tx: Kysely<Database>, ctx: MutationContext, paymentId: string, appliedOn: string, requests: readonly AllocationRequest[], available: number) {
  const { invoices, totals, balances } = await lockInvoices(tx, ctx, requests.map((request) => request.invoiceId));
  await assertLineRequestsFit(tx, requests, available);
  const plan = planAllocation(available, requests, balances);
  for (const allocation of plan.allocations) {
    await tx.insertInto('payment_allocations').values({
      ...newRowStamp(ctx.subject, ctx.now, ctx.newId()), payment_id: paymentId, invoice_id: allocation.invoiceId,
      invoice_line_id: allocation.invoiceLineId, amount_cents: allocation.amountCents, applied_on: appliedOn,
    }).execute();
    const before = totals.get(allocation.invoiceId) as { chargesCents: number; creditsCents: number };
    totals.set(allocation.invoiceId, { chargesCents: before.chargesCents, creditsCents: before.creditsCents + allocation.amountCents });
  }
  // The invoices are locked (server) or the only writer is this transaction (device): the totals read
  // above plus what was just allocated are the invoices' totals now, so the entries are not summed again.
  for (const invoice of invoices.values()) await refreshInvoiceStatus(tx, ctx, invoice, totals.get(invoice.id));
  return plan;
}

/**
 * Posts a payment and allocates it. Front-desk staff (payment.collect) may take only a patient's own
 * payment at their facilities; billing (payment.post) posts from any source. A payment with the same
 * payer type and check/EFT number is refused — on the device at once, and across workstations by the
 * unique index on the server, where the later one lands in its workstation's sync-issues inbox. What an
 * invoice cannot take stays on the account as unapplied credit.
 */
export async function postPayment(tx: Kysely<Database>, args: z.output<typeof postPaymentArgs>, ctx: MutationContext) {
  if (!can(ctx.subject, 'payment.post')) {
    if (args.payerType !== 'patient') throw new DomainError('forbidden', 'At the desk you can take a patient payment only.');
    if (!args.facilityId || !ctx.subject.facilityIds.includes(args.facilityId)) throw new DomainError('forbidden', 'Take payments only at a facility you are assigned to.');
  }
  if (args.externalReference !== null) {
    const existing = await tx.selectFrom('payments').select(['received_on', 'amount_cents']).where('clinic_id', '=', ctx.subject.clinicId)
      .where('payer_type', '=', args.payerType).where('external_reference', '=', args.externalReference).executeTakeFirst();
    if (existing) {
      throw new DomainError('conflict', `Payment ${args.externalReference} from this ${args.payerType.replace('_', ' ')} payer was already posted (received ${existing.received_on}).`, [{ path: 'externalReference', message: 'duplicate_payment' }]);
    }
  }
  await assertPeriodOpen(tx, ctx, args.receivedOn, 'receivedOn');
  const paymentId = ctx.newId();
  await tx.insertInto('payments').values({
    ...newRowStamp(ctx.subject, ctx.now, paymentId), payer_type: args.payerType, payer_name: args.payerName, method: args.method,
    external_reference: args.externalReference, amount_cents: args.amountCents, received_on: args.receivedOn, patient_id: args.patientId,
    case_id: args.caseId, facility_id: args.facilityId, memo: args.memo, refund_of_payment_id: null,
  }).execute();
  const plan = await insertAllocations(tx, ctx, paymentId, args.receivedOn, args.allocations, args.amountCents);
  return { paymentId, allocatedCents: args.amountCents - plan.unappliedCents, unappliedCents: plan.unappliedCents };
}

export const postPaymentMutator = mutator({
  ...billingWrites['payment.post'],
  run: postPayment,
});

/** Applies a payment's unapplied credit to invoices later (dated when applied). */
export const applyCredit = mutator({
  ...billingWrites['payment.apply'],
  async run(tx, args, ctx) {
    await assertPeriodOpen(tx, ctx, args.appliedOn, 'appliedOn');
    const available = await unappliedOf(tx, args.paymentId);
    if (available <= 0) throw new DomainError('conflict', 'That payment has no credit left to apply.');
    const plan = await insertAllocations(tx, ctx, args.paymentId, args.appliedOn, args.allocations, available);
    return { allocatedCents: available - plan.unappliedCents, unappliedCents: plan.unappliedCents };
  },
});

/** Refunds unapplied credit: a negative payment pointing at the original, so the ledger keeps both. */
export const refundCredit = mutator({
  ...billingWrites['payment.refund'],
  async run(tx, args, ctx) {
    await assertPeriodOpen(tx, ctx, args.refundedOn, 'refundedOn');
    let query = tx.selectFrom('payments').selectAll().where('id', '=', args.paymentId).where('clinic_id', '=', ctx.subject.clinicId).where('deleted_at', 'is', null);
    if (ctx.side === 'server') query = query.forUpdate();
    const payment = await query.executeTakeFirst();
    if (!payment || payment.amount_cents < 0) throw new DomainError('not_found', 'That payment was not found.');
    const available = await unappliedOf(tx, payment.id);
    if (args.amountCents > available) throw new DomainError('conflict', `Only ${(available / 100).toFixed(2)} of that payment is unapplied credit.`, [{ path: 'amountCents', message: 'exceeds_credit' }]);
    const id = ctx.newId();
    await tx.insertInto('payments').values({
      ...newRowStamp(ctx.subject, ctx.now, id), payer_type: payment.payer_type, payer_name: payment.payer_name, method: args.method,
      external_reference: args.externalReference === null ? null : `RF-${args.externalReference}`, amount_cents: -args.amountCents,
      received_on: args.refundedOn, patient_id: payment.patient_id, case_id: payment.case_id, facility_id: payment.facility_id,
      memo: args.memo, refund_of_payment_id: payment.id,
    }).execute();
    return id;
  },
});


/** Posts an adjustment or write-off. It never takes an invoice below zero. */
export const postAdjustment = mutator({
  ...billingWrites['adjustment.post'],
  async run(tx, args, ctx) {
    const invoice = await invoiceForPosting(tx, ctx, args.invoiceId);
    if (invoice.status === 'draft' || invoice.status === 'void') throw new DomainError('conflict', 'Adjust finalized invoices only.');
    await assertPeriodOpen(tx, ctx, args.postedOn, 'postedOn');
    const open = await openBalance(tx, invoice.id);
    if (args.amountCents > open) throw new DomainError('conflict', `The invoice has only ${(open / 100).toFixed(2)} open.`, [{ path: 'amountCents', message: 'exceeds_balance' }]);
    if (args.invoiceLineId !== null) {
      // A line adjustment (a remittance's contractual amount for that line) follows the line's open balance.
      const line = (await lineBalances(tx, [invoice.id])).find((row) => row.lineId === args.invoiceLineId);
      if (!line) throw new DomainError('conflict', LINE_ISSUE_MESSAGES.line_not_on_invoice(0), [{ path: 'invoiceLineId', message: 'line_not_on_invoice' }]);
      if (args.amountCents > line.openCents) throw new DomainError('conflict', LINE_ISSUE_MESSAGES.exceeds_line_balance(line.openCents), [{ path: 'amountCents', message: 'exceeds_line_balance' }]);
    }
    const id = ctx.newId();
    await tx.insertInto('adjustments').values({
      ...newRowStamp(ctx.subject, ctx.now, id), invoice_id: invoice.id, invoice_line_id: args.invoiceLineId, adjustment_kind: args.kind,
      reason_code: args.reasonCode, amount_cents: args.amountCents, posted_on: args.postedOn, memo: args.memo,
    }).execute();
    await refreshInvoiceStatus(tx, ctx, invoice);
    return id;
  },
});

/**
 * Closes a month. From then on every entry dated in it is refused, on the device and on the server;
 * an offline entry that arrives after the close lands in its workstation's sync-issues inbox (the review
 * queue), where it can be re-dated into an open month or discarded. Only past months can be closed.
 */
export const closePeriod = mutator({
  ...billingWrites['period.close'],
  async run(tx, args, ctx) {
    let clinic = tx.selectFrom('clinics').select(['id', 'default_time_zone']).where('id', '=', ctx.subject.clinicId);
    if (ctx.side === 'server') clinic = clinic.forUpdate();
    const row = await clinic.executeTakeFirstOrThrow();
    if (args.period >= localDate(ctx.now, row.default_time_zone).slice(0, 7)) throw new DomainError('invalid_input', 'Only a month that has ended can be closed.', [{ path: 'period', message: 'not_ended' }]);
    const closed = await tx.selectFrom('financial_periods').select('id').where('clinic_id', '=', ctx.subject.clinicId).where('period', '=', args.period).where('deleted_at', 'is', null).executeTakeFirst();
    if (closed) throw new DomainError('conflict', 'That month is already closed.');
    const id = ctx.newId();
    await tx.insertInto('financial_periods').values({ ...newRowStamp(ctx.subject, ctx.now, id), period: args.period, closed_at: ctx.now, closed_by: ctx.subject.userId, note: args.note }).execute();
    return id;
  },
});

/** Suspends or resumes billing of a case (an LOP case waits for settlement). */
export const setBillingSuspended = mutator({
  ...billingWrites['case.setBillingSuspended'],
  async run(tx, args, ctx) {
    const row = await tx.selectFrom('cases').select('id').where('id', '=', args.caseId).where('clinic_id', '=', ctx.subject.clinicId).where('deleted_at', 'is', null).executeTakeFirst();
    if (!row) throw new DomainError('not_found', 'That case was not found.');
    await tx.updateTable('cases').set({ billing_suspended: args.suspended ? 1 : 0, ...updateStamp(ctx.subject, ctx.now) }).where('id', '=', row.id).execute();
    return row.id;
  },
});

/** The open invoices of a case, oldest first, as settlement and negotiation see them. */
async function caseInvoices(tx: Kysely<Database>, ctx: MutationContext, caseId: string) {
  const rows = await tx.selectFrom('invoices').select(['id', 'invoice_date']).where('case_id', '=', caseId).where('clinic_id', '=', ctx.subject.clinicId)
    .where('deleted_at', 'is', null).where('status', 'not in', ['draft', 'void']).orderBy('invoice_date').orderBy('id').execute();
  const result: { invoiceId: string; date: string; openCents: number }[] = [];
  for (const row of rows) result.push({ invoiceId: row.id, date: row.invoice_date, openCents: await openBalance(tx, row.id) });
  return result;
}

async function caseFor(tx: Kysely<Database>, ctx: MutationContext, caseId: string) {
  const row = await tx.selectFrom('cases').select(['id', 'patient_id', 'attorney_id']).where('id', '=', caseId).where('clinic_id', '=', ctx.subject.clinicId).where('deleted_at', 'is', null).executeTakeFirst();
  if (!row) throw new DomainError('not_found', 'That case was not found.');
  return row;
}

/** One immutable entry of an LOP reduction negotiation (offer, counter-offer, acceptance). */
export const recordNegotiation = mutator({
  ...billingWrites['lop.negotiate'],
  async run(tx, args, ctx) {
    await caseFor(tx, ctx, args.caseId);
    const balance = (await caseInvoices(tx, ctx, args.caseId)).reduce((sum, invoice) => sum + invoice.openCents, 0);
    if (args.payoffCents > balance) throw new DomainError('invalid_input', 'The payoff is more than the case balance.', [{ path: 'payoffCents', message: 'exceeds_balance' }]);
    const id = ctx.newId();
    await tx.insertInto('lop_negotiations').values({
      ...newRowStamp(ctx.subject, ctx.now, id), case_id: args.caseId, entry_kind: args.kind, party: args.party,
      payoff_cents: args.payoffCents, balance_cents: balance, note: args.note,
    }).execute();
    return id;
  },
});


/**
 * Posts a settlement in one action: a payment per source (MedPay, PIP, health insurance, the attorney's
 * remainder), each allocated across the case's invoices oldest first; then, if asked, what is still
 * open is written off as the accepted reduction; billing of the case resumes.
 */
export const postSettlement = mutator({
  ...billingWrites['settlement.post'],
  async run(tx, args, ctx) {
    if (args.writeOffReduction && !can(ctx.subject, 'adjustment.write_off')) throw new DomainError('forbidden', 'Writing off the reduction needs write-off permission.');
    const caseRow = await caseFor(tx, ctx, args.caseId);
    const paymentIds: string[] = [];
    let unapplied = 0;
    for (const part of args.parts) {
      const open = await caseInvoices(tx, ctx, args.caseId);
      const result = await postPayment(tx, {
        payerType: part.source, payerName: part.payerName, method: part.method, externalReference: part.externalReference,
        amountCents: part.amountCents, receivedOn: args.receivedOn, patientId: caseRow.patient_id, caseId: caseRow.id, facilityId: null,
        memo: 'Settlement', allocations: allocateOldestFirst(part.amountCents, open).map((request) => ({ ...request, invoiceLineId: null })),
      }, ctx);
      paymentIds.push(result.paymentId);
      unapplied += result.unappliedCents;
    }
    let writtenOff = 0;
    if (args.writeOffReduction) {
      for (const invoice of await caseInvoices(tx, ctx, args.caseId)) {
        if (invoice.openCents <= 0) continue;
        const locked = await invoiceForPosting(tx, ctx, invoice.invoiceId);
        await tx.insertInto('adjustments').values({
          ...newRowStamp(ctx.subject, ctx.now, ctx.newId()), invoice_id: invoice.invoiceId, invoice_line_id: null, adjustment_kind: 'reduction',
          reason_code: args.reasonCode, amount_cents: invoice.openCents, posted_on: args.receivedOn, memo: 'Accepted settlement reduction',
        }).execute();
        await refreshInvoiceStatus(tx, ctx, locked);
        writtenOff += invoice.openCents;
      }
    }
    await tx.updateTable('cases').set({ billing_suspended: 0, ...updateStamp(ctx.subject, ctx.now) }).where('id', '=', caseRow.id).execute();
    return { paymentIds, writtenOffCents: writtenOff, unappliedCents: unapplied };
  },
});
