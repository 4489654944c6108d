import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Subject } from '../../shared/auth/permissions';
import { invoiceScope, scopesOf } from '../../shared/auth/row-scopes';
import { AGING_BUCKETS, bucketOf, daysBetween, emptyBuckets, type AgingBasis, type AgingBucketId, type AgingGrouping, type BucketTotals } from '../../shared/billing/aging';
import type { AgingDrillRow, AgingReport, AgingRow } from '../../shared/billing/billing.contract';
import type { Database } from '../../shared/db/tables';

/** An invoice open on the as-of date, with what grouping and drill-down need. */
interface OpenInvoice {
  readonly id: string;
  readonly balance: number;
  readonly basisDate: string;
  readonly payerType: string;
  readonly facilityId: string;
  readonly caseId: string | null;
}

/**
 * The subject's invoice row scope written against `invoice_balance_history` (which carries each
 * invoice's clinic, facility and case): the same rule as `invoiceScope`.
 */
function historyScope(subject: Subject): RawBuilder<boolean> {
  const parts: RawBuilder<boolean>[] = [];
  for (const kind of scopesOf(subject, 'invoice')) {
    if (kind === 'clinic') parts.push(sql<boolean>`1 = 1`);
    if (kind === 'assigned_facilities' && subject.facilityIds.length > 0) parts.push(sql<boolean>`h.facility_id IN (${sql.join(subject.facilityIds)})`);
    if (kind === 'attorney_cases' && subject.attorneyId) {
      parts.push(sql<boolean>`h.case_id IN (SELECT c.id FROM cases c WHERE c.attorney_id = ${subject.attorneyId} AND c.deleted_at IS NULL)`);
    }
  }
  return sql<boolean>`h.clinic_id = ${subject.clinicId} AND (${parts.length === 0 ? sql`0 = 1` : sql.join(parts, sql` OR `)})`;
}

/**
 * The history rows holding each invoice's balance on `asOf`, open and receivable, in scope: the
 * intervals `effective_on <= asOf < until_on` with a non-zero balance, read from the partial covering
 * index over open intervals (ranged on `until_on`, so a date further back reads more index entries, never
 * more table rows).
 */
function openOn(subject: Subject, asOf: string): RawBuilder<unknown> {
  return sql`invoice_balance_history h INDEXED BY invoice_balance_history_open
    WHERE h.balance_cents <> 0 AND h.until_on > ${asOf} AND h.invoice_date <= ${asOf} AND h.effective_on <= ${asOf} AND h.receivable = 1
      AND ${historyScope(subject)}`;
}

function basisOf(basis: AgingBasis): RawBuilder<string> {
  return basis === 'service_date' ? sql<string>`h.service_basis_on` : sql<string>`h.invoice_date`;
}

/** The bucket of `basisDate` on `asOf`, in SQL: string comparisons against the buckets' first days. */
function bucketSql(basisDate: RawBuilder<string>, asOf: string): RawBuilder<AgingBucketId> {
  const cases = AGING_BUCKETS.filter((bucket) => Number.isFinite(bucket.to))
    .map((bucket) => sql`WHEN ${basisDate} >= ${addDays(asOf, -bucket.to)} THEN ${bucket.id}`);
  return sql<AgingBucketId>`CASE ${sql.join(cases, sql` `)} ELSE ${'d120_plus'} END`;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Invoices with a non-zero balance on `asOf`, in the subject's scope, from the balance history the
 * replica's triggers keep (`invoice_balance_history`). Voided and draft invoices are not receivables.
 */
export async function openInvoicesAsOf(db: Kysely<Database>, subject: Subject, asOf: string, basis: AgingBasis): Promise<OpenInvoice[]> {
  const result = await sql<{ id: string; balance: number; basis_date: string; payer_type: string; facility_id: string; case_id: string | null }>`
    SELECT h.invoice_id AS id, h.balance_cents AS balance, ${basisOf(basis)} AS basis_date, h.payer_type, h.facility_id, h.case_id
    FROM ${openOn(subject, asOf)}`.execute(db);
  return result.rows.map((row) => ({ id: row.id, balance: row.balance, basisDate: row.basis_date, payerType: row.payer_type, facilityId: row.facility_id, caseId: row.case_id }));
}

/**
 * The same answer the slow, obvious way: every entry of the ledger summed per invoice in one GROUP BY.
 * Kept as the reference the fast path is tested and benchmarked against.
 */
export async function openInvoicesAsOfNaive(db: Kysely<Database>, subject: Subject, asOf: string, basis: AgingBasis): Promise<OpenInvoice[]> {
  const result = await sql<{ id: string; balance: number; basis_date: string; payer_type: string; facility_id: string; case_id: string | null }>`
    WITH entries AS (
      SELECT invoice_id, amount_cents AS amount, service_date AS service_on FROM invoice_lines WHERE deleted_at IS NULL
      UNION ALL SELECT invoice_id, -amount_cents, NULL FROM payment_allocations WHERE deleted_at IS NULL AND applied_on <= ${asOf}
      UNION ALL SELECT invoice_id, -amount_cents, NULL FROM adjustments WHERE deleted_at IS NULL AND posted_on <= ${asOf}
    )
    SELECT i.id, sum(e.amount) AS balance, ${basis === 'service_date' ? sql`coalesce(min(e.service_on), i.invoice_date)` : sql`i.invoice_date`} AS basis_date,
           i.payer_type, i.facility_id, i.case_id
    FROM entries e JOIN invoices i ON i.id = e.invoice_id
    WHERE i.clinic_id = ${subject.clinicId} AND i.deleted_at IS NULL AND i.status NOT IN ('draft', 'void') AND i.invoice_date <= ${asOf}
    GROUP BY i.id
    HAVING sum(e.amount) <> 0`.execute(db);
  const allowed = scopesOf(subject, 'invoice').includes('clinic') ? null : new Set((await db.selectFrom('invoices').select('id').where(invoiceScope(subject)).execute()).map((row) => row.id));
  return result.rows.filter((row) => allowed === null || allowed.has(row.id)).map((row) => ({
    id: row.id, balance: Number(row.balance), basisDate: row.basis_date, payerType: row.payer_type, facilityId: row.facility_id, caseId: row.case_id,
  }));
}

const PAYER_LABELS: Record<string, string> = {
  patient: 'Patient', insurance: 'Insurance', attorney: 'Attorney (LOP)', medpay: 'MedPay', pip: 'PIP', workers_comp: "Workers' comp", other: 'Other',
};

/** Group key and label of each open invoice for the chosen breakdown. */
async function groupKeys(db: Kysely<Database>, rows: readonly OpenInvoice[], groupBy: AgingGrouping): Promise<{ keyOf: (row: OpenInvoice) => string; labels: Map<string, string> }> {
  const labels = new Map<string, string>();
  if (groupBy === 'payer_type') {
    for (const key of Object.keys(PAYER_LABELS)) labels.set(key, PAYER_LABELS[key] as string);
    return { keyOf: (row) => row.payerType, labels };
  }
  if (groupBy === 'facility') {
    for (const row of await db.selectFrom('facilities').select(['id', 'name']).execute()) labels.set(row.id, row.name);
    return { keyOf: (row) => row.facilityId, labels };
  }
  if (groupBy === 'attorney') {
    const byCase = new Map<string, string>();
    for (const row of await db.selectFrom('cases').select(['id', 'attorney_id']).where('attorney_id', 'is not', null).execute()) byCase.set(row.id, row.attorney_id as string);
    for (const row of await db.selectFrom('attorneys').select(['id', 'name', 'firm_name']).execute()) labels.set(row.id, `${row.name} (${row.firm_name})`);
    labels.set('none', 'No attorney');
    return { keyOf: (row) => (row.caseId ? byCase.get(row.caseId) ?? 'none' : 'none'), labels };
  }
  const byInvoice = new Map<string, string>();
  const ids = rows.map((row) => row.id);
  for (let start = 0; start < ids.length; start += 500) {
    const chunk = ids.slice(start, start + 500);
    const lines = await db.selectFrom('invoice_lines').select(['invoice_id', 'rendering_physician_id']).where('invoice_id', 'in', chunk).where('deleted_at', 'is', null).orderBy('id').execute();
    for (const line of lines) if (!byInvoice.has(line.invoice_id)) byInvoice.set(line.invoice_id, line.rendering_physician_id);
  }
  for (const row of await db.selectFrom('physicians').select(['id', 'first_name', 'last_name']).execute()) labels.set(row.id, `Dr. ${row.first_name} ${row.last_name}`);
  return { keyOf: (row) => byInvoice.get(row.id) ?? 'none', labels };
}

/** Group key of each history row in SQL, for the breakdowns the history carries (attorney goes through the case). */
function groupSql(groupBy: AgingGrouping): RawBuilder<string | null> {
  if (groupBy === 'payer_type') return sql`h.payer_type`;
  if (groupBy === 'facility') return sql`h.facility_id`;
  if (groupBy === 'attorney') return sql`h.case_id`;
  // Copied onto the history by its triggers: a correlated read of the invoice's first line per open
  // interval cost a table look-up and a sort per row (docs/benchmarks.md, A/R aging by physician).
  return sql`h.physician_id`;
}

/** The labels of the groups of a breakdown (payer types, facilities, attorneys with `none`, physicians). */
export async function agingLabels(db: Kysely<Database>, groupBy: AgingGrouping): Promise<Map<string, string>> {
  if (groupBy !== 'physician') return (await groupKeys(db, [], groupBy)).labels;
  const labels = new Map<string, string>();
  for (const row of await db.selectFrom('physicians').select(['id', 'first_name', 'last_name']).execute()) labels.set(row.id, `Dr. ${row.first_name} ${row.last_name}`);
  return labels;
}

/** The report from its cells: rows sorted by total (largest first), then label; totals per bucket. */
export function reportOf(asOf: string, basis: AgingBasis, groupBy: AgingGrouping, groups: Map<string, BucketTotals>, labels: Map<string, string>, invoiceCount: number): AgingReport {
  const totals = emptyBuckets();
  for (const buckets of groups.values()) for (const bucket of AGING_BUCKETS) totals[bucket.id] += buckets[bucket.id];
  const sum = (buckets: BucketTotals) => AGING_BUCKETS.reduce((total, bucket) => total + buckets[bucket.id], 0);
  const result: AgingRow[] = [...groups.entries()]
    .map(([key, buckets]) => ({ key, label: labels.get(key) ?? 'Unknown', buckets, totalCents: sum(buckets) }))
    .sort((a, b) => b.totalCents - a.totalCents || a.label.localeCompare(b.label));
  return { asOf, basis, groupBy, rows: result, totals, totalCents: sum(totals), invoiceCount };
}

/**
 * The aging report: open balances on `asOf` per group and bucket. Summed and bucketed by SQLite in one
 * pass over the open intervals of the balance history (no row object per invoice); given `rows` (the
 * naive reference), the same report is made from them.
 */
export async function agingReport(db: Kysely<Database>, subject: Subject, asOf: string, basis: AgingBasis, groupBy: AgingGrouping, rows?: readonly OpenInvoice[]): Promise<AgingReport> {
  if (rows) {
    const { keyOf, labels } = await groupKeys(db, rows, groupBy);
    const groups = new Map<string, BucketTotals>();
    for (const row of rows) {
      const key = keyOf(row);
      let buckets = groups.get(key);
      if (!buckets) groups.set(key, (buckets = emptyBuckets()));
      buckets[bucketOf(daysBetween(row.basisDate, asOf))] += row.balance;
    }
    return reportOf(asOf, basis, groupBy, groups, labels, rows.length);
  }
  const cells = await sql<{ group_key: string | null; bucket: AgingBucketId; total: number; invoices: number }>`
    SELECT ${groupSql(groupBy)} AS group_key, ${bucketSql(basisOf(basis), asOf)} AS bucket, sum(h.balance_cents) AS total, count(*) AS invoices
    FROM ${openOn(subject, asOf)}
    GROUP BY 1, 2`.execute(db);
  let keyOf = (raw: string | null) => raw ?? 'none';
  if (groupBy === 'attorney') {
    const keys = await groupKeys(db, [], groupBy);
    keyOf = (raw) => keys.keyOf({ caseId: raw } as OpenInvoice);
  }
  const labels = await agingLabels(db, groupBy);
  const groups = new Map<string, BucketTotals>();
  let invoiceCount = 0;
  for (const cell of cells.rows) {
    const key = keyOf(cell.group_key);
    let buckets = groups.get(key);
    if (!buckets) groups.set(key, (buckets = emptyBuckets()));
    buckets[cell.bucket] += cell.total;
    invoiceCount += cell.invoices;
  }
  return reportOf(asOf, basis, groupBy, groups, labels, invoiceCount);
}

/** The invoices behind one cell (or one row, without a bucket) of the aging report, oldest first. */
export async function agingDrill(
  db: Kysely<Database>, subject: Subject, input: { asOf: string; basis: AgingBasis; groupBy: AgingGrouping; groupKey: string; bucket?: AgingBucketId; limit: number },
): Promise<AgingDrillRow[]> {
  const open = await openInvoicesAsOf(db, subject, input.asOf, input.basis);
  const { keyOf } = await groupKeys(db, open, input.groupBy);
  const picked = open
    .filter((row) => keyOf(row) === input.groupKey && (input.bucket === undefined || bucketOf(daysBetween(row.basisDate, input.asOf)) === input.bucket))
    .sort((a, b) => (a.basisDate === b.basisDate ? a.id.localeCompare(b.id) : a.basisDate < b.basisDate ? -1 : 1))
    .slice(0, input.limit);
  if (picked.length === 0) return [];
  const details = await db.selectFrom('invoices').innerJoin('patients', 'patients.id', 'invoices.patient_id')
    .leftJoin('cases', 'cases.id', 'invoices.case_id').leftJoin('invoice_ledger as l', 'l.invoice_id', 'invoices.id')
    .select(['invoices.id', 'invoices.provisional_number', 'invoices.invoice_number', 'invoices.status', 'invoices.invoice_date', 'invoices.patient_id',
      'patients.first_name', 'patients.last_name', 'invoices.case_id', 'cases.case_number', 'invoices.facility_id', 'invoices.payer_type', 'l.charges_cents', 'l.credits_cents'])
    .where('invoices.id', 'in', picked.map((row) => row.id)).execute();
  const byId = new Map(details.map((row) => [row.id, row]));
  return picked.flatMap((row) => {
    const detail = byId.get(row.id);
    if (!detail) return [];
    return [{
      id: row.id, provisionalNumber: detail.provisional_number, invoiceNumber: detail.invoice_number, status: detail.status, invoiceDate: detail.invoice_date,
      patientId: detail.patient_id, patientName: `${detail.last_name}, ${detail.first_name}`, caseId: detail.case_id, caseNumber: detail.case_number,
      facilityId: detail.facility_id, payerType: detail.payer_type, chargesCents: detail.charges_cents ?? 0,
      balanceCents: (detail.charges_cents ?? 0) - (detail.credits_cents ?? 0),
      basisDate: row.basisDate, ageDays: daysBetween(row.basisDate, input.asOf), balanceAsOfCents: row.balance,
    }];
  });
}
