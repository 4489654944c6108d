import type { Kysely } from 'kysely';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agingReport, openInvoicesAsOfNaive } from '../../main/billing/aging.repository';
import { summaryAging } from '../../main/billing/billing-summary.repository';
import { closeDatabase, inWriteTransaction, openDatabase } from '../../main/db/connection';
import { migrateToLatest } from '../../main/db/migrate';
import { clientIdFor, mutateOnDevice } from '../../main/sync/device-mutations';
import type { Subject } from '../../shared/auth/permissions';
import { allTables } from '../../shared/db/tables';
import { newId } from '../../shared/ids';
import { atMost, count, measureWithCpu, milliseconds, reported, seconds, type BenchContext, type SuiteReport, type TimingSummary } from '../harness';

const INVOICES = Number(process.env.MEDORA_BENCH_INVOICES ?? 300_000);
const REFERENCE_DATE = '2026-11-28';
const AS_OF_DATES = [REFERENCE_DATE, '2026-06-30', '2025-12-31'];
/** Bump when `fillLedger` changes: the cached replica is rebuilt (it is also rebuilt when the replica's schema changes). */
const LEDGER_VERSION = 1;

interface LedgerMeta { fingerprint: string; clinicId: string; facilityIds: string[]; physicianIds: string[]; lines: number; allocations: number; adjustments: number; fillMs: number; builtAt: string }

/** The replica's schema objects, hashed with the generator version and size: the cache key. */
function fingerprintOf(sqlite: import('better-sqlite3').Database): string {
  const objects = sqlite.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all() as { type: string; name: string; sql: string | null }[];
  return createHash('sha256').update(`${LEDGER_VERSION}\n${INVOICES}\n${objects.map((row) => `${row.type} ${row.name} ${row.sql ?? ''}`).join('\n')}`).digest('hex').slice(0, 16);
}

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function shift(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A replica holding 300,000 finalized invoices over two years, billed the way a busy PI/spine group
 * bills: one or two lines each; most paid in one or two payments 20–150 days later with a contractual
 * adjustment on insurance; some partly paid; the rest (newest, and LOP cases waiting for settlement) open.
 * Written through the same triggers sync apply fires, so `invoice_ledger` is built as on a workstation.
 */
function fillLedger(sqlite: import('better-sqlite3').Database, clinicId: string, facilityIds: string[], physicianIds: string[]): { lines: number; allocations: number; adjustments: number } {
  const rand = random(20261128);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)] as T;
  const insert = (table: string) => {
    const columns = Object.keys(allTables[table]?.columns ?? {});
    const statement = sqlite.prepare(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`);
    return (row: Record<string, unknown>) => statement.run(row);
  };
  const invoices = insert('invoices');
  const lines = insert('invoice_lines');
  const allocations = insert('payment_allocations');
  const adjustments = insert('adjustments');
  const stamp = (id: string, at: number) => ({ id, clinic_id: clinicId, created_at: at, created_by: clinicId, updated_at: at, updated_by: clinicId, deleted_at: null });
  const counts = { lines: 0, allocations: 0, adjustments: 0 };
  const payers = ['insurance', 'insurance', 'insurance', 'patient', 'attorney', 'medpay', 'pip', 'workers_comp'] as const;
  sqlite.transaction(() => {
    for (let index = 0; index < INVOICES; index++) {
      const invoiceDate = shift(REFERENCE_DATE, -Math.floor(rand() * 730));
      const at = Date.parse(`${invoiceDate}T15:00:00Z`);
      const id = newId();
      const payerType = pick(payers);
      const lineCount = rand() < 0.5 ? 1 : 2;
      let total = 0;
      for (let line = 0; line < lineCount; line++) {
        const fee = 5_000 + Math.floor(rand() * 75_000);
        total += fee;
        lines({
          ...stamp(newId(), at), invoice_id: id, appointment_id: null, procedure_code: pick(['99203', '72148', '97110', '20552', '64483']), modifiers_json: '[]',
          diagnosis_codes_json: '["M54.50"]', units: 1, unit_fee_cents: fee, amount_cents: fee, service_date: shift(invoiceDate, -Math.floor(rand() * 4)),
          facility_id: pick(facilityIds), rendering_physician_id: pick(physicianIds), capture_key: null,
        });
        counts.lines++;
      }
      const age = Math.max(0, Math.round((Date.parse(`${REFERENCE_DATE}T00:00:00Z`) - at) / 86_400_000));
      const outcome = rand();
      const waits = payerType === 'attorney' ? 300 + Math.floor(rand() * 400) : 20 + Math.floor(rand() * 130);
      let credited = 0;
      if (outcome < 0.8 && waits <= age) {
        const paidOn = shift(invoiceDate, waits);
        const contractual = payerType === 'insurance' ? Math.floor(total * 0.3) : 0;
        const full = outcome < 0.68;
        const paid = full ? total - contractual : Math.floor((total - contractual) / 2);
        const split = rand() < 0.3 ? 2 : 1;
        for (let part = 0; part < split; part++) {
          const amount = part === split - 1 ? paid - Math.floor(paid / split) * (split - 1) : Math.floor(paid / split);
          allocations({ ...stamp(newId(), at), payment_id: newId(), invoice_id: id, invoice_line_id: null, amount_cents: amount, applied_on: shift(paidOn, part * 14) });
          counts.allocations++;
        }
        if (contractual > 0) {
          adjustments({ ...stamp(newId(), at), invoice_id: id, invoice_line_id: null, adjustment_kind: 'contractual', reason_code: 'CO-45', amount_cents: contractual, posted_on: paidOn, memo: null });
          counts.adjustments++;
        }
        credited = paid + contractual;
      }
      invoices({
        ...stamp(id, at), patient_id: newId(), case_id: null, facility_id: pick(facilityIds), payer_type: payerType, insurance_policy_id: null,
        provisional_number: `P-${id.slice(-8).toUpperCase()}`, invoice_number: `INV-${String(index + 1).padStart(7, '0')}`,
        status: credited === 0 ? 'sent' : credited >= total ? 'paid' : 'partially_paid', invoice_date: invoiceDate, due_date: null,
        finalized_at: at, sent_at: at, voided_at: null, void_reason: null,
      });
    }
  })();
  return counts;
}

/**
 * The ledger replica, built once into `.tmp/bench/billing/` through the replica's own triggers and reused
 * while `LEDGER_VERSION`, the invoice count and the replica's schema are unchanged (`--fresh` rebuilds).
 * Each run works on a copy, since payment posting writes.
 */
async function ledgerReplica(context: BenchContext, workDir: string): Promise<{ file: string; meta: LedgerMeta; wasBuilt: boolean }> {
  const probe = openDatabase(join(workDir, 'schema.sqlite'));
  let fingerprint: string;
  try {
    await migrateToLatest(probe.db as Kysely<unknown>);
    fingerprint = fingerprintOf(probe.sqlite);
  } finally {
    await closeDatabase(probe);
  }
  const cacheDir = join(context.projectDir, '.tmp', 'bench', 'billing');
  const cached = join(cacheDir, `ledger-${INVOICES}.sqlite`);
  const metaFile = join(cacheDir, `ledger-${INVOICES}.json`);
  const file = join(workDir, 'medora.sqlite');
  const meta = existsSync(metaFile) && existsSync(cached) ? (JSON.parse(readFileSync(metaFile, 'utf8')) as LedgerMeta) : null;
  if (meta && meta.fingerprint === fingerprint && !context.isFresh) {
    context.log(`Using the cached ledger replica built ${meta.builtAt} (${cached})`);
    copyFileSync(cached, file);
    return { file, meta, wasBuilt: false };
  }
  mkdirSync(cacheDir, { recursive: true });
  const building = join(cacheDir, `ledger-${INVOICES}.building-${process.pid}.sqlite`);
  rmSync(building, { force: true });
  const replica = openDatabase(building);
  let built: LedgerMeta;
  try {
    await migrateToLatest(replica.db as Kysely<unknown>);
    const clinicId = newId();
    const facilityIds = [newId(), newId(), newId()];
    const physicianIds = [newId(), newId(), newId(), newId(), newId()];
    await replica.db.insertInto('clinics').values({
      id: clinicId, clinic_id: clinicId, created_at: 0, created_by: clinicId, updated_at: 0, updated_by: clinicId, deleted_at: null, name: 'Bench Clinic',
      legal_name: null, tax_id: null, phone: null, email: null, idle_timeout_minutes: 15, offline_lease_hours: 72, travel_buffer_minutes: 30, treatment_gap_days: 14,
      default_time_zone: 'America/New_York',
    }).execute();
    context.log(`Writing ${INVOICES.toLocaleString('en-US')} invoices with their lines, payments and adjustments (cached afterwards)...`);
    replica.sqlite.pragma('cache_size = -400000');
    const started = performance.now();
    const counts = fillLedger(replica.sqlite, clinicId, facilityIds, physicianIds);
    const fillMs = performance.now() - started;
    replica.sqlite.exec('ANALYZE');
    built = { fingerprint, clinicId, facilityIds, physicianIds, ...counts, fillMs, builtAt: new Date().toISOString() };
  } finally {
    await closeDatabase(replica);
  }
  rmSync(`${building}-wal`, { force: true });
  rmSync(`${building}-shm`, { force: true });
  renameSync(building, cached);
  writeFileSync(metaFile, JSON.stringify(built, null, 2));
  copyFileSync(cached, file);
  return { file, meta: built, wasBuilt: true };
}

/**
 * The executive's `ar_summary` for the replica's ledger, as the server's refresh builds it (per invoice
 * its balance changes and open/closed changes by day, charges and earlier credits from the invoice date;
 * summed per aggregate key and day; a running sum per key gives each interval), written here from the
 * replica's own balance history because the bench has no Postgres. Returns the number of rows.
 */
function buildSummary(sqlite: import('better-sqlite3').Database): number {
  sqlite.exec(`
    INSERT INTO ar_summary (id, clinic_id, created_at, created_by, updated_at, updated_by, deleted_at, summary_key, facility_id, physician_id, payer_type,
      attorney_id, service_on, invoice_date, effective_on, until_on, balance_cents, open_invoices)
    WITH steps AS (
      SELECT h.clinic_id, h.facility_id, h.physician_id, h.payer_type, c.attorney_id, h.service_basis_on AS service_on, h.invoice_date,
        max(h.effective_on, h.invoice_date) AS effective_on,
        h.balance_cents - coalesce(lag(h.balance_cents) OVER w, 0) AS amount,
        (h.balance_cents <> 0) - coalesce(lag(h.balance_cents <> 0) OVER w, 0) AS opened
      FROM invoice_balance_history h LEFT JOIN cases c ON c.id = h.case_id
      WHERE h.receivable = 1
      WINDOW w AS (PARTITION BY h.invoice_id ORDER BY h.effective_on)
    ), keyed AS (
      SELECT clinic_id, facility_id || '|' || coalesce(physician_id, '') || '|' || payer_type || '|' || coalesce(attorney_id, '') || '|' || service_on || '|' || invoice_date AS summary_key,
        facility_id, physician_id, payer_type, attorney_id, service_on, invoice_date, effective_on, sum(amount) AS amount, sum(opened) AS opened
      FROM steps GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
      HAVING sum(amount) <> 0 OR sum(opened) <> 0
    )
    SELECT lower(hex(randomblob(16))), clinic_id, 0, 'bench', 0, 'bench', NULL, summary_key, facility_id, physician_id, payer_type, attorney_id, service_on,
      invoice_date, effective_on, coalesce(lead(effective_on) OVER k, '9999-12-31'), sum(amount) OVER k, sum(opened) OVER k
    FROM keyed WINDOW k AS (PARTITION BY clinic_id, summary_key ORDER BY effective_on)`);
  return Number(sqlite.prepare('SELECT count(*) FROM ar_summary').pluck().get());
}

/**
 * A/R aging as of any date over 300,000 invoices, against the naive GROUP BY over every ledger entry in
 * the same run; and posting a payment with allocations optimistically on the device (mutator + outbox).
 */
export async function run(context: BenchContext): Promise<SuiteReport> {
  const dataDir = mkdtempSync(join(tmpdir(), 'medora-bench-billing-'));
  const { file, meta, wasBuilt } = await ledgerReplica(context, dataDir);
  const replica = openDatabase(file);
  try {
    await migrateToLatest(replica.db as Kysely<unknown>);
    const { clinicId } = meta;
    const subject: Subject = { userId: newId(), clinicId, roles: ['billing'], facilityIds: [], physicianId: null, attorneyId: null, referringDoctorId: null };
    const both = (s: TimingSummary & { cpu: TimingSummary }) => `${milliseconds(s.medianMs)} (CPU ${milliseconds(s.cpu.medianMs)})`;

    context.log('Timing the aging report (fast path and naive GROUP BY) as of three dates...');
    const rows: ReturnType<typeof reported>[] = [];
    let worstFast = 0;
    let worstFastCpu = 0;
    const ratios: string[] = [];
    for (const asOf of AS_OF_DATES) {
      const fast = await measureWithCpu(() => agingReport(replica.db, subject, asOf, 'service_date', 'payer_type'), { warmup: 2, iterations: 10 });
      const naive = await measureWithCpu(async () => agingReport(replica.db, subject, asOf, 'service_date', 'payer_type', await openInvoicesAsOfNaive(replica.db, subject, asOf, 'service_date')), { warmup: 1, iterations: 5 });
      const fastReport = await agingReport(replica.db, subject, asOf, 'service_date', 'payer_type');
      const naiveReport = await agingReport(replica.db, subject, asOf, 'service_date', 'payer_type', await openInvoicesAsOfNaive(replica.db, subject, asOf, 'service_date'));
      if (JSON.stringify(fastReport) !== JSON.stringify(naiveReport)) throw new Error(`Fast and naive aging disagree as of ${asOf}`);
      worstFast = Math.max(worstFast, fast.medianMs);
      worstFastCpu = Math.max(worstFastCpu, fast.cpu.medianMs);
      ratios.push(`${asOf}: ${(naive.medianMs / fast.medianMs).toFixed(1)}× wall, ${(naive.cpu.medianMs / fast.cpu.medianMs).toFixed(1)}× CPU`);
      rows.push(reported(`Aging as of ${asOf} (${count(fastReport.invoiceCount)} open invoices): fast median / naive GROUP BY median (CPU time)`, `${both(fast)} / ${both(naive)}`));
    }
    const others: string[] = [];
    const groupings: ReturnType<typeof atMost>[] = [];
    for (const groupBy of ['payer_type', 'facility', 'attorney', 'physician'] as const) {
      context.log(`Timing the aging report by ${groupBy}...`);
      const timed = await measureWithCpu(() => agingReport(replica.db, subject, REFERENCE_DATE, 'invoice_date', groupBy), { warmup: 1, iterations: 5 });
      others.push(`${groupBy} ${both(timed)}`);
      groupings.push(atMost(`Aging as of ${REFERENCE_DATE} on invoice date by ${groupBy.replace('_', ' ')}, median`, timed.medianMs, 200));
    }

    context.log('Building the executive summary (ar_summary) from the same ledger...');
    const summaryRows = buildSummary(replica.sqlite);
    replica.sqlite.exec('ANALYZE');
    const executive: Subject = { ...subject, roles: ['executive'] };
    const summaryTimes: string[] = [];
    const summaryTargets: ReturnType<typeof atMost>[] = [];
    for (const groupBy of ['payer_type', 'facility', 'attorney', 'physician'] as const) {
      context.log(`Timing the executive's aging by ${groupBy}...`);
      for (const basis of ['service_date', 'invoice_date'] as const) {
        const fromSummary = await summaryAging(replica.db, executive, REFERENCE_DATE, basis, groupBy);
        const fromInvoices = await agingReport(replica.db, subject, REFERENCE_DATE, basis, groupBy);
        if (JSON.stringify(fromSummary) !== JSON.stringify(fromInvoices)) throw new Error(`The executive's aging by ${groupBy} (${basis}) differs from the clerk's`);
      }
      const timed = await measureWithCpu(() => summaryAging(replica.db, executive, REFERENCE_DATE, 'service_date', groupBy), { warmup: 1, iterations: 5 });
      summaryTimes.push(`${groupBy} ${both(timed)}`);
      summaryTargets.push(atMost(`Executive's aging (billing summary) as of ${REFERENCE_DATE} by ${groupBy.replace('_', ' ')}, median`, timed.medianMs, 200));
    }

    const open = await replica.db.selectFrom('invoice_ledger').select('invoice_id').where((eb) => eb('charges_cents', '>', eb.ref('credits_cents'))).limit(600).execute();
    const clientId = await clientIdFor(replica.db, subject.userId, newId);
    let next = 0;
    const post = () => {
      const first = open[next % open.length]?.invoice_id as string;
      const second = open[(next + 1) % open.length]?.invoice_id as string;
      next += 2;
      return inWriteTransaction(replica.db, (tx) => mutateOnDevice(tx, 'payment.post', {
        payerType: 'insurance', payerName: 'Bench Health', method: 'eft', externalReference: `EFT${next}`, amountCents: 300, receivedOn: REFERENCE_DATE,
        allocations: [{ invoiceId: first, amountCents: 100 }, { invoiceId: second, amountCents: 100 }],
      }, { subject, clientId, now: Date.now() }));
    };
    context.log('Timing payment posting with allocation on the device...');
    const posting = await measureWithCpu(post, { warmup: 20, iterations: 300 });

    return {
      title: 'Billing: A/R aging and payment posting',
      description:
        `A replica with ${count(INVOICES)} finalized invoices (${count(meta.lines)} lines, ${count(meta.allocations)} allocations, ${count(meta.adjustments)} adjustments) over two years. ` +
        'Aging = `agingReport` by payer type on date of service, as of three dates; the naive path sums every ledger entry in one GROUP BY and buckets the result in JS. ' +
        'Both reports are compared in full on every date (the run fails if they differ). ' +
        'Posting = `payment.post` with two allocations through `mutateOnDevice` (duplicate check, period check, balances, allocation rows, status refresh, outbox row) in one write transaction.',
      rows: [
        atMost('Aging report as of any date, slowest median of the three dates', worstFast, 200),
        reported('Aging report, slowest CPU-time median of the three dates', milliseconds(worstFastCpu)),
        ...rows,
        reported('Naive over fast, per date', ratios.join('; ')),
        ...groupings,
        ...summaryTargets,
        reported(`Executive's aging from ${count(summaryRows)} \`ar_summary\` rows, by payer type / facility / attorney / physician, median (CPU time); equal to the clerk's on both bases`, summaryTimes.join('; ')),
        reported(`Aging as of ${REFERENCE_DATE} on invoice date by payer type / facility / attorney / physician, median (CPU time)`, others.join('; ')),
        atMost('Posting a payment with two allocations (optimistic, on the device), median', posting.medianMs, 5),
        reported('Posting, CPU-time median / p95', `${milliseconds(posting.cpu.medianMs)} / ${milliseconds(posting.cpu.p95Ms)}`),
        reported('Posting, p95', milliseconds(posting.p95Ms)),
        reported(
          'Writing the ledger through the replica triggers (setup, not a target)',
          `${seconds(meta.fillMs)} when built (${meta.builtAt}); ${wasBuilt ? 'built in this run' : 'this run reused the cached replica under `.tmp/bench/billing/`'}`,
        ),
      ],
      notes: [
        'The fast path reads `invoice_balance_history` (per invoice, its balance from each entry date until the next, with the invoice\'s aging attributes; kept by triggers on the entry tables and on `invoices`): the open intervals covering the as-of date come from one partial covering index, and SQLite sums them per group and bucket in one pass.',
        'By physician, the history carries the first live line\'s rendering physician (`physician_id`, kept by its triggers); it was a correlated sorted look-up in `invoice_lines` per open invoice (about 0.9 s on a quiet machine).',
        'The executive\'s aging reads `ar_summary` (the PHI-free summary the server keeps; built here from the same ledger) through its partial covering index and buckets each basis date with the pure rules; the run fails if it differs from the clerk\'s report on either basis.',
        'CPU time is this process\'s user + system time during each call (process.cpuUsage): on a machine whose load average is many times its core count, wall time is mostly waiting for a core.',
      ],
    };
  } finally {
    await closeDatabase(replica);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
