import { sql, type Kysely, type RawBuilder } from 'kysely';
import { can, type Subject } from '../../shared/auth/permissions';
import { scopesOf } from '../../shared/auth/row-scopes';
import { averageDays, bucketOf, collectionRate, daysBetween, emptyBuckets, type AgingBasis, type AgingGrouping, type BucketTotals } from '../../shared/billing/aging';
import type { AgingReport, BillingCycle } from '../../shared/billing/billing.contract';
import type { Database } from '../../shared/db/tables';
import { DomainError } from '../../shared/ipc/result';
import { agingLabels, agingReport, reportOf } from './aging.repository';
import { billingRepository } from './billing.repository';

type Db = Kysely<Database>;

/** The `ar_summary` column a breakdown groups by (null attorney or physician is the group `none`). */
function groupColumn(groupBy: AgingGrouping): RawBuilder<string | null> {
  if (groupBy === 'payer_type') return sql`s.payer_type`;
  if (groupBy === 'facility') return sql`s.facility_id`;
  if (groupBy === 'attorney') return sql`s.attorney_id`;
  return sql`s.physician_id`;
}

/**
 * A/R aging as of `asOf` from the synced summary: the intervals covering the date (`effective_on <= asOf
 * < until_on`) of every aggregate key with something open, read from the partial covering index over
 * open intervals, summed per group and basis date by SQLite; each basis date is then bucketed by the
 * pure rules of `shared/billing/aging.ts`, as the invoice-level report does.
 */
export async function summaryAging(db: Db, subject: Subject, asOf: string, basis: AgingBasis, groupBy: AgingGrouping): Promise<AgingReport> {
  const basisColumn = basis === 'service_date' ? sql`s.service_on` : sql`s.invoice_date`;
  const cells = await sql<{ group_key: string | null; basis_on: string; total: number; invoices: number }>`
    SELECT ${groupColumn(groupBy)} AS group_key, ${basisColumn} AS basis_on, sum(s.balance_cents) AS total, sum(s.open_invoices) AS invoices
    FROM ar_summary s INDEXED BY ar_summary_open
    WHERE s.deleted_at IS NULL AND (s.balance_cents <> 0 OR s.open_invoices <> 0) AND s.until_on > ${asOf} AND s.effective_on <= ${asOf}
      AND s.clinic_id = ${subject.clinicId}
    GROUP BY 1, 2`.execute(db);
  const groups = new Map<string, BucketTotals>();
  let invoiceCount = 0;
  for (const cell of cells.rows) {
    const key = cell.group_key ?? 'none';
    let buckets = groups.get(key);
    if (!buckets) groups.set(key, (buckets = emptyBuckets()));
    buckets[bucketOf(daysBetween(cell.basis_on, asOf))] += cell.total;
    invoiceCount += cell.invoices;
  }
  return reportOf(asOf, basis, groupBy, groups, await agingLabels(db, groupBy), invoiceCount);
}

/** Collection rate and average cycle days for invoices dated `from`–`to`, from the synced cycle summary. */
export async function summaryCycle(db: Db, subject: Subject, from: string, to: string): Promise<BillingCycle> {
  const row = await db.selectFrom('billing_cycle_summary')
    .select((eb) => [
      eb.fn.sum<number>('invoices').as('invoices'), eb.fn.sum<number>('billed_cents').as('billed'), eb.fn.sum<number>('collected_cents').as('collected'),
      eb.fn.sum<number>('exam_to_invoice_days').as('e2i'), eb.fn.sum<number>('exam_to_invoice_count').as('e2i_n'),
      eb.fn.sum<number>('invoice_to_sent_days').as('i2s'), eb.fn.sum<number>('invoice_to_sent_count').as('i2s_n'),
      eb.fn.sum<number>('sent_to_payment_days').as('s2p'), eb.fn.sum<number>('sent_to_payment_count').as('s2p_n'),
      eb.fn.sum<number>('invoice_to_paid_days').as('i2p'), eb.fn.sum<number>('invoice_to_paid_count').as('i2p_n'),
    ])
    .where('clinic_id', '=', subject.clinicId).where('deleted_at', 'is', null)
    .where('invoice_date', '>=', from).where('invoice_date', '<=', to)
    .executeTakeFirstOrThrow();
  const n = (value: number | null) => Number(value ?? 0);
  return {
    from, to, invoices: n(row.invoices), billedCents: n(row.billed), collectedCents: n(row.collected), collectionRate: collectionRate(n(row.collected), n(row.billed)),
    examToInvoiceDays: averageDays(n(row.e2i), n(row.e2i_n)), invoiceToSentDays: averageDays(n(row.i2s), n(row.i2s_n)),
    sentToFirstPaymentDays: averageDays(n(row.s2p), n(row.s2p_n)), invoiceToPaidDays: averageDays(n(row.i2p), n(row.i2p_n)),
  };
}

/**
 * Billing summaries for the subject. A replica that holds the whole clinic's invoices (billing clerks,
 * clinic admins) answers from them — the server sends those users no summary rows; any other holder of
 * `billing.summary` (executives) is answered from the synced summary, which names no invoice.
 */
export function billingSummaryRepository(db: Db, subject: Subject) {
  const hasClinicInvoices = scopesOf(subject, 'invoice').includes('clinic');
  const allowed = () => {
    if (!can(subject, 'billing.summary')) throw new DomainError('forbidden', 'You may not read billing summaries.');
  };
  return {
    async aging(asOf: string, basis: AgingBasis, groupBy: AgingGrouping): Promise<AgingReport> {
      allowed();
      return hasClinicInvoices ? agingReport(db, subject, asOf, basis, groupBy) : summaryAging(db, subject, asOf, basis, groupBy);
    },
    async cycle(from: string, to: string): Promise<BillingCycle> {
      allowed();
      return hasClinicInvoices ? billingRepository(db, subject).cycle(from, to) : summaryCycle(db, subject, from, to);
    },
  };
}
