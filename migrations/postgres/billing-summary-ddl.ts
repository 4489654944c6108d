import { sql, type Kysely } from 'kysely';
import { run } from '../common/ddl';

/** `created_by`/`updated_by` of summary rows: written by the server itself, not by a user. */
export const SUMMARY_WRITER_ID = '00000000-0000-0000-0000-000000000000';

/**
 * The PHI-free billing summary (`ar_summary`, `billing_cycle_summary`), kept by Postgres itself so that
 * every write path — mutations, the demo seed, an administrator's SQL — keeps it equal to the ledger.
 *
 * - Row triggers on the ledger's tables (and on what an invoice's aggregate key or cycle facts depend on:
 *   a case's attorney, an appointment's completion, a facility's time zone) only note the invoice in
 *   `billing_summary_dirty`.
 * - A deferred constraint trigger on that table runs once the transaction's own statements are done, at
 *   commit: it takes every noted invoice and refreshes them together (`medora_billing_summary_refresh`).
 *   A mutation refused after its savepoint takes its notes back with it.
 * - The refresh recomputes each invoice's contribution (`billing_summary_invoices`, `billing_summary_steps`,
 *   server-only), then rebuilds only the aggregate keys the invoices left or entered, from the
 *   contributions of every invoice under those keys: a key holds a handful of invoices, so the cost of a
 *   posting does not grow with the clinic. Rows are upserted under ids derived from their key (no row is
 *   rewritten when nothing changed, so the change log carries only real changes); rows that no longer
 *   exist are tombstoned.
 *
 * Dates in the ledger are `YYYY-MM-DD` text. Charges count from the invoice date; a credit dated before
 * its invoice date counts from the invoice date too (before it, the invoice is not in A/R at all), which
 * is the invoice-level report's rule (`effective_on <= D AND invoice_date <= D`).
 */
export async function createBillingSummary(db: Kysely<unknown>): Promise<void> {
  await run(db, sql.raw(`CREATE FUNCTION medora_summary_id(source text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT md5(source)::uuid::text
  $$`));

  await run(db, sql.raw(`CREATE FUNCTION medora_billing_summary_refresh(ids text[]) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      ar_keys text[];
      cycle_keys text[];
      now_ms bigint := (extract(epoch from clock_timestamp()) * 1000)::bigint;
    BEGIN
      WITH gone AS (DELETE FROM billing_summary_invoices WHERE invoice_id IN (SELECT unnest(ids)) RETURNING summary_key, cycle_key)
      SELECT coalesce(array_agg(DISTINCT summary_key), '{}'), coalesce(array_agg(DISTINCT cycle_key), '{}') INTO ar_keys, cycle_keys FROM gone;
      DELETE FROM billing_summary_steps WHERE invoice_id IN (SELECT unnest(ids));

      -- Each receivable invoice (live, neither draft nor void) with its aggregate attributes and cycle facts,
      -- computed as the invoice-level reports compute them on a device (main/billing/*.repository.ts).
      INSERT INTO billing_summary_invoices (invoice_id, clinic_id, summary_key, cycle_key, facility_id, physician_id, payer_type, attorney_id,
        service_on, invoice_date, billed_cents, collected_cents, exam_to_invoice_days, invoice_to_sent_days, sent_to_payment_days, invoice_to_paid_days)
      SELECT v.id, v.clinic_id,
        concat_ws('|', v.facility_id, coalesce(v.physician_id, ''), v.payer_type, coalesce(v.attorney_id, ''), v.service_on, v.invoice_date),
        concat_ws('|', v.facility_id, coalesce(v.physician_id, ''), v.payer_type, coalesce(v.attorney_id, ''), v.invoice_date),
        v.facility_id, v.physician_id, v.payer_type, v.attorney_id, v.service_on, v.invoice_date, v.billed, v.collected,
        CASE WHEN v.completed_on IS NOT NULL THEN greatest(0, v.invoice_date::date - v.completed_on::date) END,
        CASE WHEN v.sent_on IS NOT NULL THEN greatest(0, v.sent_on::date - v.invoice_date::date) END,
        CASE WHEN v.sent_on IS NOT NULL AND v.first_credit_on IS NOT NULL THEN greatest(0, v.first_credit_on::date - v.sent_on::date) END,
        CASE WHEN v.billed > 0 AND v.collected + v.adjusted >= v.billed AND v.last_credit_on IS NOT NULL THEN greatest(0, v.last_credit_on::date - v.invoice_date::date) END
      FROM (
        SELECT i.id, i.clinic_id, i.facility_id, i.payer_type, i.invoice_date, c.attorney_id,
          (SELECT l.rendering_physician_id FROM invoice_lines l WHERE l.invoice_id = i.id AND l.deleted_at IS NULL ORDER BY l.id LIMIT 1) AS physician_id,
          coalesce((SELECT min(l.service_date) FROM invoice_lines l WHERE l.invoice_id = i.id AND l.deleted_at IS NULL), i.invoice_date) AS service_on,
          coalesce((SELECT sum(l.amount_cents) FROM invoice_lines l WHERE l.invoice_id = i.id AND l.deleted_at IS NULL), 0) AS billed,
          coalesce((SELECT sum(a.amount_cents) FROM payment_allocations a WHERE a.invoice_id = i.id AND a.deleted_at IS NULL), 0) AS collected,
          coalesce((SELECT sum(d.amount_cents) FROM adjustments d WHERE d.invoice_id = i.id AND d.deleted_at IS NULL), 0) AS adjusted,
          (SELECT min(e.on_date) FROM (SELECT a.applied_on AS on_date FROM payment_allocations a WHERE a.invoice_id = i.id AND a.deleted_at IS NULL
            UNION ALL SELECT d.posted_on FROM adjustments d WHERE d.invoice_id = i.id AND d.deleted_at IS NULL) e) AS first_credit_on,
          (SELECT max(e.on_date) FROM (SELECT a.applied_on AS on_date FROM payment_allocations a WHERE a.invoice_id = i.id AND a.deleted_at IS NULL
            UNION ALL SELECT d.posted_on FROM adjustments d WHERE d.invoice_id = i.id AND d.deleted_at IS NULL) e) AS last_credit_on,
          (SELECT to_char(to_timestamp(min(p.completed_at) / 1000.0) AT TIME ZONE f.time_zone, 'YYYY-MM-DD')
             FROM invoice_lines x JOIN appointments p ON p.id = x.appointment_id WHERE x.invoice_id = i.id) AS completed_on,
          CASE WHEN i.sent_at IS NOT NULL THEN to_char(to_timestamp(i.sent_at / 1000.0) AT TIME ZONE f.time_zone, 'YYYY-MM-DD') END AS sent_on
        FROM invoices i
        JOIN facilities f ON f.id = i.facility_id
        LEFT JOIN cases c ON c.id = i.case_id
        WHERE i.id IN (SELECT unnest(ids)) AND i.deleted_at IS NULL AND i.status NOT IN ('draft', 'void')
      ) v;

      -- Per invoice and day, how its balance changed and whether it opened or closed that day.
      INSERT INTO billing_summary_steps (invoice_id, effective_on, amount_cents, open_change)
      SELECT invoice_id, effective_on, amount, (balance <> 0)::int - coalesce(lag((balance <> 0)::int) OVER w, 0)
      FROM (
        SELECT invoice_id, effective_on, amount, sum(amount) OVER (PARTITION BY invoice_id ORDER BY effective_on) AS balance
        FROM (
          SELECT e.invoice_id, greatest(e.on_date, b.invoice_date) AS effective_on, sum(e.amount) AS amount
          FROM (
            SELECT l.invoice_id, '0001-01-01' AS on_date, l.amount_cents AS amount FROM invoice_lines l WHERE l.invoice_id IN (SELECT unnest(ids)) AND l.deleted_at IS NULL
            UNION ALL SELECT a.invoice_id, a.applied_on, -a.amount_cents FROM payment_allocations a WHERE a.invoice_id IN (SELECT unnest(ids)) AND a.deleted_at IS NULL
            UNION ALL SELECT d.invoice_id, d.posted_on, -d.amount_cents FROM adjustments d WHERE d.invoice_id IN (SELECT unnest(ids)) AND d.deleted_at IS NULL
          ) e JOIN billing_summary_invoices b ON b.invoice_id = e.invoice_id
          GROUP BY 1, 2
        ) per_day
      ) running
      WINDOW w AS (PARTITION BY invoice_id ORDER BY effective_on)
      ORDER BY invoice_id, effective_on;
      DELETE FROM billing_summary_steps WHERE invoice_id IN (SELECT unnest(ids)) AND amount_cents = 0 AND open_change = 0;

      SELECT array(SELECT DISTINCT k FROM (SELECT unnest(ar_keys) AS k UNION SELECT summary_key FROM billing_summary_invoices WHERE invoice_id IN (SELECT unnest(ids))) keys) INTO ar_keys;
      SELECT array(SELECT DISTINCT k FROM (SELECT unnest(cycle_keys) AS k UNION SELECT cycle_key FROM billing_summary_invoices WHERE invoice_id IN (SELECT unnest(ids))) keys) INTO cycle_keys;

      -- The balance intervals of every touched key, from all of the key's invoices.
      INSERT INTO ar_summary (id, clinic_id, created_at, created_by, updated_at, updated_by, deleted_at, summary_key, facility_id, physician_id, payer_type,
        attorney_id, service_on, invoice_date, effective_on, until_on, balance_cents, open_invoices)
      SELECT medora_summary_id('ar|' || clinic_id || '|' || summary_key || '|' || effective_on), clinic_id, now_ms, '${SUMMARY_WRITER_ID}', now_ms, '${SUMMARY_WRITER_ID}', NULL,
        summary_key, facility_id, physician_id, payer_type, attorney_id, service_on, invoice_date, effective_on,
        coalesce(lead(effective_on) OVER w, '9999-12-31'), sum(amount) OVER w, sum(opened) OVER w
      FROM (
        SELECT b.clinic_id, b.summary_key, b.facility_id, b.physician_id, b.payer_type, b.attorney_id, b.service_on, b.invoice_date, s.effective_on,
          sum(s.amount_cents) AS amount, sum(s.open_change) AS opened
        FROM billing_summary_invoices b JOIN billing_summary_steps s ON s.invoice_id = b.invoice_id
        WHERE b.summary_key IN (SELECT unnest(ar_keys))
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
      ) per_day
      WINDOW w AS (PARTITION BY clinic_id, summary_key ORDER BY effective_on)
      ON CONFLICT (id) DO UPDATE SET until_on = excluded.until_on, balance_cents = excluded.balance_cents, open_invoices = excluded.open_invoices,
        deleted_at = NULL, updated_at = excluded.updated_at
      WHERE (ar_summary.until_on, ar_summary.balance_cents, ar_summary.open_invoices, ar_summary.deleted_at)
        IS DISTINCT FROM (excluded.until_on, excluded.balance_cents, excluded.open_invoices, NULL::bigint);
      UPDATE ar_summary a SET deleted_at = now_ms, updated_at = now_ms
      WHERE a.summary_key IN (SELECT unnest(ar_keys)) AND a.deleted_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM billing_summary_invoices b JOIN billing_summary_steps s ON s.invoice_id = b.invoice_id
                        WHERE b.clinic_id = a.clinic_id AND b.summary_key = a.summary_key AND s.effective_on = a.effective_on);

      -- The cycle facts of every touched key and invoice date.
      INSERT INTO billing_cycle_summary (id, clinic_id, created_at, created_by, updated_at, updated_by, deleted_at, summary_key, facility_id, physician_id, payer_type,
        attorney_id, invoice_date, invoices, billed_cents, collected_cents, exam_to_invoice_days, exam_to_invoice_count, invoice_to_sent_days, invoice_to_sent_count,
        sent_to_payment_days, sent_to_payment_count, invoice_to_paid_days, invoice_to_paid_count)
      SELECT medora_summary_id('cycle|' || clinic_id || '|' || cycle_key), clinic_id, now_ms, '${SUMMARY_WRITER_ID}', now_ms, '${SUMMARY_WRITER_ID}', NULL,
        cycle_key, facility_id, physician_id, payer_type, attorney_id, invoice_date, count(*), sum(billed_cents), sum(collected_cents),
        coalesce(sum(exam_to_invoice_days), 0), count(exam_to_invoice_days), coalesce(sum(invoice_to_sent_days), 0), count(invoice_to_sent_days),
        coalesce(sum(sent_to_payment_days), 0), count(sent_to_payment_days), coalesce(sum(invoice_to_paid_days), 0), count(invoice_to_paid_days)
      FROM billing_summary_invoices
      WHERE cycle_key IN (SELECT unnest(cycle_keys))
      GROUP BY clinic_id, cycle_key, facility_id, physician_id, payer_type, attorney_id, invoice_date
      ON CONFLICT (id) DO UPDATE SET invoices = excluded.invoices, billed_cents = excluded.billed_cents, collected_cents = excluded.collected_cents,
        exam_to_invoice_days = excluded.exam_to_invoice_days, exam_to_invoice_count = excluded.exam_to_invoice_count,
        invoice_to_sent_days = excluded.invoice_to_sent_days, invoice_to_sent_count = excluded.invoice_to_sent_count,
        sent_to_payment_days = excluded.sent_to_payment_days, sent_to_payment_count = excluded.sent_to_payment_count,
        invoice_to_paid_days = excluded.invoice_to_paid_days, invoice_to_paid_count = excluded.invoice_to_paid_count,
        deleted_at = NULL, updated_at = excluded.updated_at
      WHERE (billing_cycle_summary.invoices, billing_cycle_summary.billed_cents, billing_cycle_summary.collected_cents,
             billing_cycle_summary.exam_to_invoice_days, billing_cycle_summary.exam_to_invoice_count, billing_cycle_summary.invoice_to_sent_days,
             billing_cycle_summary.invoice_to_sent_count, billing_cycle_summary.sent_to_payment_days, billing_cycle_summary.sent_to_payment_count,
             billing_cycle_summary.invoice_to_paid_days, billing_cycle_summary.invoice_to_paid_count, billing_cycle_summary.deleted_at)
        IS DISTINCT FROM (excluded.invoices, excluded.billed_cents, excluded.collected_cents, excluded.exam_to_invoice_days, excluded.exam_to_invoice_count,
             excluded.invoice_to_sent_days, excluded.invoice_to_sent_count, excluded.sent_to_payment_days, excluded.sent_to_payment_count,
             excluded.invoice_to_paid_days, excluded.invoice_to_paid_count, NULL::bigint);
      UPDATE billing_cycle_summary s SET deleted_at = now_ms, updated_at = now_ms
      WHERE s.summary_key IN (SELECT unnest(cycle_keys)) AND s.deleted_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM billing_summary_invoices b WHERE b.clinic_id = s.clinic_id AND b.cycle_key = s.summary_key);
    END $$`));

  // The whole clinic at once (after a bulk load such as the demo seed, which writes with triggers off).
  await run(db, sql.raw(`CREATE FUNCTION medora_billing_summary_rebuild(clinic text) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM medora_billing_summary_refresh(array(SELECT id FROM invoices WHERE clinic_id = clinic
        UNION SELECT invoice_id FROM billing_summary_invoices WHERE clinic_id = clinic));
    END $$`));

  await run(db, sql.raw(`CREATE FUNCTION medora_billing_summary_flush() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE ids text[];
    BEGIN
      WITH taken AS (DELETE FROM billing_summary_dirty RETURNING invoice_id) SELECT array_agg(invoice_id) INTO ids FROM taken;
      IF ids IS NOT NULL THEN PERFORM medora_billing_summary_refresh(ids); END IF;
      RETURN NULL;
    END $$`));
  await run(db, sql.raw(`CREATE CONSTRAINT TRIGGER billing_summary_dirty_flush AFTER INSERT ON billing_summary_dirty
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION medora_billing_summary_flush()`));

  /** Which invoices a row change touches, per table (NEW/OLD are the changed row). */
  const sources: { table: string; invoices: (row: 'NEW' | 'OLD') => string; update?: string }[] = [
    { table: 'invoices', invoices: (row) => `SELECT ${row}.id` },
    { table: 'invoice_lines', invoices: (row) => `SELECT ${row}.invoice_id` },
    { table: 'payment_allocations', invoices: (row) => `SELECT ${row}.invoice_id` },
    { table: 'adjustments', invoices: (row) => `SELECT ${row}.invoice_id` },
    { table: 'cases', invoices: (row) => `SELECT id FROM invoices WHERE case_id = ${row}.id`, update: 'attorney_id' },
    { table: 'appointments', invoices: (row) => `SELECT invoice_id FROM invoice_lines WHERE appointment_id = ${row}.id`, update: 'completed_at' },
    { table: 'facilities', invoices: (row) => `SELECT id FROM invoices WHERE facility_id = ${row}.id`, update: 'time_zone' },
  ];
  for (const { table, invoices, update } of sources) {
    await run(db, sql.raw(`CREATE FUNCTION medora_billing_summary_note_${table}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'DELETE' THEN INSERT INTO billing_summary_dirty (invoice_id) ${invoices('NEW')} ON CONFLICT DO NOTHING; END IF;
        IF TG_OP <> 'INSERT' THEN INSERT INTO billing_summary_dirty (invoice_id) ${invoices('OLD')} ON CONFLICT DO NOTHING; END IF;
        RETURN NULL;
      END $$`));
    const events = update ? `UPDATE OF ${update}` : 'INSERT OR UPDATE OR DELETE';
    await run(db, sql.raw(`CREATE TRIGGER ${table}_billing_summary AFTER ${events} ON "${table}" FOR EACH ROW EXECUTE FUNCTION medora_billing_summary_note_${table}()`));
  }
}
