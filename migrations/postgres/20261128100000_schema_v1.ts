import { sql, type Kysely } from 'kysely';
import { schemaV1 } from '../../shared/db/schema-v1';
import { serverSchemaV1 } from '../../server/db/server-schema';
import { clientOfRowSql } from '../../shared/sync/shape-rules';
import { createTables, foreignKeySql, run } from '../common/ddl';
import { createBillingSummary } from './billing-summary-ddl';

/** Settings that fix Postgres text output, so snapshot rows and change-log rows print identically. */
const PINNED = `SET timezone = 'UTC' SET datestyle = 'ISO, DMY' SET intervalstyle = 'iso_8601' SET extra_float_digits = 1 SET bytea_output = 'hex'`;

/*
 * Tables whose rows decide who may see rows of other tables (row scopes). A change to one of these
 * also logs a "touch" of the dependent rows, so shapes re-evaluate them: a patient (and everything
 * that follows the patient) moves into an attorney's replica when a case names the attorney, and out
 * again when it is reassigned; a case's invoices, lines, payments and documents follow the case.
 */
/** Rows that follow a patient into (or out of) a user's scope, by the patients' ids. */
const PATIENT_TOUCHES = [
  { table: 'patients', where: 'id = ANY(patient_ids)' },
  { table: 'cases', where: 'patient_id = ANY(patient_ids)' },
  { table: 'insurance_policies', where: 'patient_id = ANY(patient_ids)' },
  { table: 'patient_physicians', where: 'patient_id = ANY(patient_ids)' },
  { table: 'referrals', where: 'patient_id = ANY(patient_ids)' },
  { table: 'appointment_series', where: 'patient_id = ANY(patient_ids)' },
  { table: 'waitlist_entries', where: 'patient_id = ANY(patient_ids)' },
  { table: 'appointment_events', where: 'patient_id = ANY(patient_ids)' },
  { table: 'documents', where: 'patient_id = ANY(patient_ids)' },
  { table: 'document_versions', where: 'document_id IN (SELECT id FROM documents WHERE patient_id = ANY(patient_ids))' },
];

/** Rows that follow a case (its attorney decides who sees them), by the cases' ids. */
const CASE_INVOICES = 'SELECT id FROM invoices WHERE case_id = ANY(row_ids)';
const CASE_TOUCHES = [
  { table: 'invoices', where: 'case_id = ANY(row_ids)' },
  { table: 'invoice_lines', where: `invoice_id IN (${CASE_INVOICES})` },
  { table: 'payment_allocations', where: `invoice_id IN (${CASE_INVOICES})` },
  { table: 'adjustments', where: `invoice_id IN (${CASE_INVOICES})` },
  { table: 'claims', where: `invoice_id IN (${CASE_INVOICES})` },
  { table: 'payments', where: `id IN (SELECT payment_id FROM payment_allocations WHERE invoice_id IN (${CASE_INVOICES}))` },
  { table: 'documents', where: 'case_id = ANY(row_ids)' },
  { table: 'document_versions', where: 'document_id IN (SELECT id FROM documents WHERE case_id = ANY(row_ids))' },
  { table: 'case_physicians', where: 'case_id = ANY(row_ids)' },
  { table: 'lop_negotiations', where: 'case_id = ANY(row_ids)' },
];

const SCOPE_TOUCHES: Record<string, { columns: string[]; touches: { table: string; where: string }[] }> = {
  appointments: { columns: ['patient_id', 'facility_id', 'physician_id', 'deleted_at'], touches: PATIENT_TOUCHES },
  patient_physicians: { columns: ['patient_id', 'physician_id', 'deleted_at'], touches: PATIENT_TOUCHES },
  referrals: { columns: ['patient_id', 'referring_doctor_id', 'deleted_at'], touches: PATIENT_TOUCHES.filter((t) => t.table !== 'referrals') },
  cases: { columns: ['patient_id', 'attorney_id', 'deleted_at'], touches: [...PATIENT_TOUCHES.filter((t) => t.table !== 'cases'), ...CASE_TOUCHES] },
};

/** Schema v1 in the central Postgres: every synced table, the server-only tables, and change capture. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const extension of ['btree_gist', 'pg_trgm', 'pgcrypto']) await run(db, sql.raw(`CREATE EXTENSION IF NOT EXISTS ${extension}`));
  await createTables(db, 'postgres', schemaV1);
  await createTables(db, 'postgres', serverSchemaV1);
  for (const [table, def] of Object.entries(schemaV1)) for (const statement of foreignKeySql(table, def)) await run(db, sql.raw(statement));

  // A physician is never double-booked, whichever device booked first and however late it synced.
  await run(db, sql`ALTER TABLE appointments ADD CONSTRAINT appointments_physician_no_overlap
    EXCLUDE USING gist (physician_id WITH =, int8range(starts_at, ends_at) WITH &&)
    WHERE (deleted_at IS NULL AND status NOT IN ('cancelled', 'no_show'))`);
  // A patient and a room are not double-booked either, unless someone allowed to override accepted
  // exactly that conflict (recorded per appointment in overridden_conflicts).
  await run(db, sql`ALTER TABLE appointments ADD CONSTRAINT appointments_patient_no_overlap
    EXCLUDE USING gist (patient_id WITH =, int8range(starts_at, ends_at) WITH &&)
    WHERE (deleted_at IS NULL AND status NOT IN ('cancelled', 'no_show') AND coalesce(overridden_conflicts, '') NOT LIKE '%patient_double_booked%')`);
  await run(db, sql`ALTER TABLE appointments ADD CONSTRAINT appointments_resource_no_overlap
    EXCLUDE USING gist (resource_id WITH =, int8range(starts_at, ends_at) WITH &&)
    WHERE (deleted_at IS NULL AND resource_id IS NOT NULL AND status NOT IN ('cancelled', 'no_show') AND coalesce(overridden_conflicts, '') NOT LIKE '%room_double_booked%')`);
  await run(db, sql`ALTER TABLE appointments ADD CONSTRAINT appointments_time_order CHECK (ends_at > starts_at)`);
  await run(db, sql`INSERT INTO sync_version (singleton, v) VALUES (1, 0)`);
  await run(db, sql`ALTER TABLE sync_version ADD CONSTRAINT sync_version_singleton CHECK (singleton = 1)`);

  // Row image as text values: the same function formats the snapshot and the log. No SET clauses here
  // (they would cost a settings save/restore per row and block inlining): callers pin the settings —
  // the capture functions with SET clauses, the shape endpoint with SET LOCAL per transaction.
  await run(db, sql.raw(`CREATE FUNCTION medora_row_text(r jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(jsonb_object_agg(key, value), '{}'::jsonb) FROM jsonb_each_text(r)
  $$`));

  // The next global version for this transaction, taken once. The row lock on sync_version is held to
  // commit, so writers serialize here and version order is commit order.
  await run(db, sql.raw(`CREATE FUNCTION medora_tx_version() RETURNS bigint LANGUAGE plpgsql AS $$
    DECLARE v bigint;
    BEGIN
      IF current_setting('medora.tx_id', true) IS NOT DISTINCT FROM txid_current()::text THEN
        RETURN current_setting('medora.tx_version')::bigint;
      END IF;
      UPDATE sync_version SET v = sync_version.v + 1 WHERE singleton = 1 RETURNING sync_version.v INTO v;
      PERFORM set_config('medora.tx_version', v::text, true);
      PERFORM set_config('medora.tx_id', txid_current()::text, true);
      PERFORM set_config('medora.tx_op', '0', true);
      RETURN v;
    END $$`));

  await run(db, sql.raw(`CREATE FUNCTION medora_log(table_name text, row_id text, clinic_id text, operation text, new_row jsonb, old_row jsonb, changed jsonb)
    RETURNS void LANGUAGE plpgsql ${PINNED} AS $$
    DECLARE v bigint; o int;
    BEGIN
      v := medora_tx_version();
      o := current_setting('medora.tx_op')::int + 1;
      PERFORM set_config('medora.tx_op', o::text, true);
      INSERT INTO change_log (version, op, table_name, row_id, clinic_id, operation, new_row, old_row, changed_columns, logged_at)
      VALUES (v, o, table_name, row_id, clinic_id, operation, new_row::text, old_row::text, changed::text, (extract(epoch from clock_timestamp()) * 1000)::bigint);
      -- Delivered at commit, once per transaction, clinic and table (identical payloads fold): every server
      -- instance wakes the long-polls of exactly that clinic's table. A table holding one sync client's
      -- rows (PER_CLIENT_TABLES) names the client too, so only that client's long-poll wakes.
      PERFORM pg_notify('medora_changes', clinic_id || ':' || table_name || ${clientOfRowSql('coalesce(new_row, old_row)', "':' || ", "''")});
    END $$`));

  await run(db, sql.raw(`CREATE FUNCTION medora_capture() RETURNS trigger LANGUAGE plpgsql ${PINNED} AS $$
    DECLARE new_row jsonb; old_row jsonb; changed jsonb;
    BEGIN
      IF TG_OP <> 'INSERT' THEN old_row := medora_row_text(to_jsonb(OLD)); END IF;
      IF TG_OP <> 'DELETE' THEN new_row := medora_row_text(to_jsonb(NEW)); END IF;
      IF TG_OP = 'UPDATE' THEN
        SELECT jsonb_agg(n.key ORDER BY n.key) INTO changed FROM jsonb_each(new_row) n WHERE n.value IS DISTINCT FROM old_row -> n.key;
        IF changed IS NULL THEN RETURN NULL; END IF;
      END IF;
      PERFORM medora_log(TG_TABLE_NAME, coalesce(new_row, old_row) ->> 'id', coalesce(new_row, old_row) ->> 'clinic_id', lower(TG_OP), new_row, old_row, changed);
      RETURN NULL;
    END $$`));

  for (const table of Object.keys(schemaV1)) {
    await run(db, sql.raw(`CREATE TRIGGER ${table}_capture AFTER INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION medora_capture()`));
  }

  for (const [table, { columns, touches }] of Object.entries(SCOPE_TOUCHES)) {
    const changedCondition = columns.map((c) => `NEW."${c}" IS DISTINCT FROM OLD."${c}"`).join(' OR ');
    const touchQuery = touches
      .map((t) => `SELECT '${t.table}'::text AS table_name, id, clinic_id, medora_row_text(to_jsonb(${t.table})) AS row_image FROM ${t.table} WHERE ${t.where}`)
      .join(' UNION ALL ');
    await run(db, sql.raw(`CREATE FUNCTION medora_touch_${table}() RETURNS trigger LANGUAGE plpgsql ${PINNED} AS $$
      DECLARE patient_ids text[]; row_ids text[]; t record;
      BEGIN
        IF TG_OP = 'UPDATE' AND NOT (${changedCondition}) THEN RETURN NULL; END IF;
        patient_ids := array_remove(ARRAY[CASE WHEN TG_OP <> 'DELETE' THEN NEW.patient_id END, CASE WHEN TG_OP <> 'INSERT' THEN OLD.patient_id END], NULL);
        row_ids := array_remove(ARRAY[CASE WHEN TG_OP <> 'DELETE' THEN NEW.id END, CASE WHEN TG_OP <> 'INSERT' THEN OLD.id END], NULL);
        FOR t IN ${touchQuery} LOOP
          PERFORM medora_log(t.table_name, t.id, t.clinic_id, 'touch', t.row_image, NULL, NULL);
        END LOOP;
        RETURN NULL;
      END $$`));
    await run(db, sql.raw(`CREATE TRIGGER ${table}_scope_touch AFTER INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION medora_touch_${table}()`));
  }

  // The PHI-free billing summary executives sync (docs/billing.md, "The billing summary").
  await createBillingSummary(db);

  // Financial records and the audit trail are append-only: corrections are new entries.
  await run(db, sql.raw(`CREATE FUNCTION medora_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'check_violation'; END $$`));
  await run(db, sql`CREATE TRIGGER appointment_events_append_only BEFORE UPDATE OR DELETE ON appointment_events FOR EACH ROW EXECUTE FUNCTION medora_refuse_change()`);
  for (const table of ['audit_log', 'audit_findings']) {
    await run(db, sql.raw(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION medora_refuse_change()`));
    await run(db, sql.raw(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION medora_refuse_change()`));
  }
  for (const table of ['payments', 'payment_allocations', 'adjustments']) {
    await run(db, sql.raw(`CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION medora_refuse_change()`));
    await run(db, sql.raw(`CREATE TRIGGER ${table}_amount_fixed BEFORE UPDATE OF amount_cents ON ${table} FOR EACH ROW EXECUTE FUNCTION medora_refuse_change()`));
  }
}
