import type { billingSummaryChannels } from '../../shared/billing/billing-summary.contract';
import type { HandlerMap } from '../ipc/router';

/** Billing summaries: aggregates without patient detail (the channels are declared `phi: 'none'`). */
export const billingSummaryHandlers = {
  'billingSummary.aging': async (input, ctx) => ctx.repo.billingSummary.aging(input.asOf, input.basis, input.groupBy),
  'billingSummary.cycle': async (input, ctx) => ctx.repo.billingSummary.cycle(input.from, input.to),
} satisfies Pick<HandlerMap, keyof typeof billingSummaryChannels>;
