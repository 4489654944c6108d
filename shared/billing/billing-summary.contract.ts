import { z } from 'zod';
import { channel, returns } from '../ipc/channel';
import { isoDate } from '../validation/fields';
import { AGING_BASES, AGING_GROUPINGS } from './aging';
import type { AgingReport, BillingCycle } from './billing.contract';

/**
 * Billing summaries for roles that read aggregates without patient detail (`billing.summary`: executives,
 * and billing clerks and clinic admins, who also see the invoices). Answered on the workstation from the
 * PHI-free `ar_summary` and `billing_cycle_summary` rows the server keeps and syncs, or — on a replica
 * that holds the whole clinic's invoices — from the invoices themselves; the figures are the same.
 * No invoice, patient or case appears in an answer, so there is no drill-down.
 */
export const billingSummaryChannels = {
  'billingSummary.aging': channel({
    description: 'A/R aging totals (0–30 … 120+) as of any date, by payer type, attorney, facility or physician, without patient detail.',
    input: z.object({ asOf: isoDate, basis: z.enum(AGING_BASES).default('service_date'), groupBy: z.enum(AGING_GROUPINGS).default('payer_type') }).strict(),
    output: returns<AgingReport>(), permission: 'billing.summary', phi: 'none', writes: false,
  }),
  'billingSummary.cycle': channel({
    description: 'Collection rate and billing cycle times (exam → invoice → sent → first payment → paid) for invoices dated in a range, without patient detail.',
    input: z.object({ from: isoDate, to: isoDate }).strict(),
    output: returns<BillingCycle>(), permission: 'billing.summary', phi: 'none', writes: false,
  }),
} as const;
