import type { billingChannels } from '../../shared/billing/billing.contract';
import type { MutatorName } from '../../shared/sync/mutators';
import type { HandlerMap, SessionContext } from '../ipc/router';
import type { MutatorArgs, MutatorResult } from '../sync/device-mutations';

type BillingWrite = Extract<keyof typeof billingChannels, MutatorName>;

/**
 * A write handler runs the channel's mutator through the device's single write path (optimistic change
 * + outbox row + audit entry in one transaction); the server runs it again authoritatively.
 */
function writeHandler<N extends BillingWrite>(name: N, entity: string) {
  return async (input: MutatorArgs<N>, ctx: SessionContext): Promise<MutatorResult<N>> =>
    ctx.write(async (tx) => {
      const result = await ctx.mutate(tx, name, input);
      const entityId = typeof result === 'string' ? result : null;
      Object.assign(ctx.audit, { entityType: entity, entityId, detail: { mutation: name } });
      return result as MutatorResult<N>;
    });
}

export const billingHandlers = {
  'billing.workQueue': async (input, ctx) => ctx.repo.billing.workQueue(input.facilityId),
  'invoice.list': async (input, ctx) => {
    const rows = await ctx.repo.billing.listInvoices(input);
    Object.assign(ctx.audit, { entityType: 'invoice_list', patientId: input.patientId ?? null, detail: { resultCount: rows.length } });
    return rows;
  },
  'invoice.get': async (input, ctx) => {
    const invoice = await ctx.repo.billing.getInvoice(input.id);
    Object.assign(ctx.audit, { entityType: 'invoice', entityId: invoice.id, patientId: invoice.patientId, facilityId: invoice.facilityId });
    return invoice;
  },
  'ledger.account': async (input, ctx) => {
    const account = await ctx.repo.billing.account(input.patientId, input.caseId);
    Object.assign(ctx.audit, { entityType: 'ledger', entityId: input.caseId ?? input.patientId, patientId: input.patientId });
    return account;
  },
  'billing.accounts': async (input, ctx) => {
    const rows = await ctx.repo.billing.accounts(input.query, input.limit);
    Object.assign(ctx.audit, { entityType: 'billing_accounts', detail: { resultCount: rows.length } });
    return rows;
  },
  'aging.report': async (input, ctx) => ctx.repo.billing.aging(input.asOf, input.basis, input.groupBy),
  'aging.drill': async (input, ctx) => {
    const rows = await ctx.repo.billing.agingDrill(input);
    Object.assign(ctx.audit, { entityType: 'aging_drill', detail: { groupKey: input.groupKey, bucket: input.bucket ?? null, resultCount: rows.length } });
    return rows;
  },
  'billing.cycle': async (input, ctx) => ctx.repo.billing.cycle(input.from, input.to),
  'lop.board': async (_input, ctx) => ctx.repo.billing.lopBoard(),
  'lop.history': async (input, ctx) => ctx.repo.billing.lopHistory(input.caseId),
  'claim.list': async (input, ctx) => ctx.repo.billing.claims(input.status, input.limit, input.payerName),
  'claim.ready': async (input, ctx) => ctx.repo.billing.claimReady(input.limit, input.payerName),
  'claimSettings.get': async (_input, ctx) => ctx.repo.billing.claimSettings(),
  'billingCode.list': async (input, ctx) => ctx.repo.billing.codes(input.kind, input.search),
  'feeSchedule.list': async (input, ctx) => ctx.repo.billing.fees(input.procedureCode),
  'period.list': async (_input, ctx) => ctx.repo.billing.periods(),
  'billingCode.import': writeHandler('billingCode.import', 'billing_codes'),
  'feeSchedule.save': writeHandler('feeSchedule.save', 'fee_schedule'),
  'charge.capture': writeHandler('charge.capture', 'invoice'),
  'invoice.create': writeHandler('invoice.create', 'invoice'),
  'invoice.saveDraft': writeHandler('invoice.saveDraft', 'invoice'),
  'invoice.finalize': writeHandler('invoice.finalize', 'invoice'),
  'invoice.markSent': writeHandler('invoice.markSent', 'invoice'),
  'invoice.void': writeHandler('invoice.void', 'invoice'),
  'payment.post': writeHandler('payment.post', 'payment'),
  'payment.apply': writeHandler('payment.apply', 'payment'),
  'payment.refund': writeHandler('payment.refund', 'payment'),
  'adjustment.post': writeHandler('adjustment.post', 'adjustment'),
  'period.close': writeHandler('period.close', 'financial_period'),
  'case.setBillingSuspended': writeHandler('case.setBillingSuspended', 'case'),
  'lop.negotiate': writeHandler('lop.negotiate', 'lop_negotiation'),
  'settlement.post': writeHandler('settlement.post', 'settlement'),
  'claim.submit': writeHandler('claim.submit', 'claim'),
  'claim.setStatus': writeHandler('claim.setStatus', 'claim'),
  'claim.resubmit': writeHandler('claim.resubmit', 'claim'),
  'claimSettings.save': writeHandler('claimSettings.save', 'clinic'),
} satisfies Pick<HandlerMap, keyof typeof billingChannels>;
