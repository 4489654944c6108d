import type { Kysely } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agingReport, openInvoicesAsOf, openInvoicesAsOfNaive } from '../../main/billing/aging.repository';
import { closeDatabase, inWriteTransaction, openDatabase } from '../../main/db/connection';
import { migrateToLatest } from '../../main/db/migrate';
import { clientIdFor, mutateOnDevice } from '../../main/sync/device-mutations';
import type { Subject } from '../../shared/auth/permissions';
import { allTables } from '../../shared/db/tables';
import { newId } from '../../shared/ids';
import { atMost, count, measure, milliseconds, reported, seconds, type BenchContext, type SuiteReport } from '../harness';

const INVOICES = Number(process.env.MEDORA_BENCH_INVOICES ?? 300_000);
const REFERENCE_DATE = '2026-11-28';
const AS_OF_DATES = [REFERENCE_DATE, '2026-06-30', '2025-12-31'];

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
 * A/R aging as of any date over 300,000 invoices, against the naive GROUP BY over every ledger entry in
 * the same run; and posting a payment with allocations optimistically on the device (mutator + outbox).
 */
export async function run(context: BenchContext): Promise<SuiteReport> {
  const dataDir = mkdtempSync(join(tmpdir(), 'medora-bench-billing-'));
  const replica = openDatabase(join(dataDir, 'medora.sqlite'));
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
    context.log(`Writing ${INVOICES.toLocaleString('en-US')} invoices with their lines, payments and adjustments...`);
    const started = performance.now();
    const counts = fillLedger(replica.sqlite, clinicId, facilityIds, physicianIds);
    const fillMs = performance.now() - started;
    replica.sqlite.exec('ANALYZE');
    const subject: Subject = { userId: newId(), clinicId, roles: ['billing'], facilityIds: [], physicianId: null, attorneyId: null, referringDoctorId: null };

    context.log('Timing the aging report (fast path and naive GROUP BY) as of three dates...');
    const rows: ReturnType<typeof reported>[] = [];
    let worstFast = 0;
    const ratios: string[] = [];
    for (const asOf of AS_OF_DATES) {
      const fast = await measure(() => agingReport(replica.db, subject, asOf, 'service_date', 'payer_type'), { warmup: 2, iterations: 10 });
      const naive = await measure(async () => agingReport(replica.db, subject, asOf, 'service_date', 'payer_type', await openInvoicesAsOfNaive(replica.db, subject, asOf, 'service_date')), { warmup: 1, iterations: 5 });
      const [a, b] = [await openInvoicesAsOf(replica.db, subject, asOf, 'service_date'), await openInvoicesAsOfNaive(replica.db, subject, asOf, 'service_date')];
      const total = (list: { balance: number }[]) => list.reduce((sum, row) => sum + row.balance, 0);
      if (a.length !== b.length || total(a) !== total(b)) throw new Error(`Fast and naive aging disagree as of ${asOf}`);
      worstFast = Math.max(worstFast, fast.medianMs);
      ratios.push(`${asOf}: ${(naive.medianMs / fast.medianMs).toFixed(1)}×`);
      rows.push(reported(`Aging as of ${asOf} (${count(a.length)} open invoices): fast median / naive GROUP BY median`, `${milliseconds(fast.medianMs)} / ${milliseconds(naive.medianMs)}`));
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
    const posting = await measure(post, { warmup: 20, iterations: 300 });

    return {
      title: 'Billing: A/R aging and payment posting',
      description:
        `A replica with ${count(INVOICES)} finalized invoices (${count(counts.lines)} lines, ${count(counts.allocations)} allocations, ${count(counts.adjustments)} adjustments) over two years. ` +
        'Aging = `agingReport` by payer type on date of service, as of three dates; the naive path sums every ledger entry in one GROUP BY and buckets the result with the same code. ' +
        'Posting = `payment.post` with two allocations through `mutateOnDevice` (duplicate check, period check, balances, allocation rows, status refresh, outbox row) in one write transaction.',
      rows: [
        atMost('Aging report as of any date, slowest median of the three dates', worstFast, 200),
        ...rows,
        reported('Naive over fast, per date', ratios.join('; ')),
        atMost('Posting a payment with two allocations (optimistic, on the device), median', posting.medianMs, 5),
        reported('Posting, p95', milliseconds(posting.p95Ms)),
        reported('Writing the ledger through the replica triggers (setup, not a target)', seconds(fillMs)),
      ],
      notes: [
        'The fast path reads `invoice_ledger` (per-invoice totals kept by triggers on the entry tables): an invoice whose last credit is on or before the as-of date has its current balance then; only invoices credited later are summed from their entries. The further back the date, the more invoices fall in that second group.',
      ],
    };
  } finally {
    await closeDatabase(replica);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
