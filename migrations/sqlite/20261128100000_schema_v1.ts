import { sql, type Kysely } from 'kysely';
import { localSchemaV1, schemaV1 } from '../../shared/db/schema-v1';
import { createTables, run } from '../common/ddl';
import { createPatientSearch } from './patient-search-ddl';

/** Schema v1 on the device: every synced table of the product plus the device-only tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await createTables(db, 'sqlite', schemaV1);
  await createTables(db, 'sqlite', localSchemaV1);
  // The audit trail is append-only on the device too: a tampering process must go around SQLite.
  await run(db, sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`);
  await run(db, sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`);
  // Appointment events are append-only as on the server. Only the sync engine removes them, with a row in
  // `sync_engine_writes` (main/sync/replica-writer.ts): the undo of a pending booking before a rebase, events
  // that left this device's scope, a shape fetched again, a revoke. Nothing ever updates one.
  await run(db, sql`CREATE TRIGGER appointment_events_no_update BEFORE UPDATE ON appointment_events BEGIN SELECT RAISE(ABORT, 'appointment_events is append-only'); END`);
  await run(db, sql`CREATE TRIGGER appointment_events_no_delete BEFORE DELETE ON appointment_events WHEN NOT EXISTS (SELECT 1 FROM sync_engine_writes)
    BEGIN SELECT RAISE(ABORT, 'appointment_events is append-only'); END`);

  // Undo capture for optimistic mutations: while `mutation_capture` holds a mutation id, every change to
  // a synced table records the row's pre-image, so the mutation can be rolled back before a rebase.
  for (const [table, def] of Object.entries(schemaV1)) {
    if (table === 'audit_log') continue;
    const image = (prefix: 'OLD') => `json_object(${Object.keys(def.columns).map((column) => `'${column}', ${prefix}."${column}"`).join(', ')})`;
    const record = (rowId: string, oldImage: string) =>
      `INSERT INTO undo_log (seq, client_id, mutation_id, table_name, row_id, old_row_json)
       SELECT (SELECT coalesce(max(seq), 0) + 1 FROM undo_log), client_id, mutation_id, '${table}', ${rowId}, ${oldImage} FROM mutation_capture;`;
    const when = 'WHEN EXISTS (SELECT 1 FROM mutation_capture)';
    await run(db, sql.raw(`CREATE TRIGGER ${table}_undo_insert AFTER INSERT ON "${table}" ${when} BEGIN ${record('NEW.id', 'NULL')} END`));
    await run(db, sql.raw(`CREATE TRIGGER ${table}_undo_update AFTER UPDATE ON "${table}" ${when} BEGIN ${record('OLD.id', image('OLD'))} END`));
    await run(db, sql.raw(`CREATE TRIGGER ${table}_undo_delete AFTER DELETE ON "${table}" ${when} BEGIN ${record('OLD.id', image('OLD'))} END`));
  }

  // The patient search index, kept by triggers on `patients` (docs/patients.md).
  await createPatientSearch(db);
  await createLedgerTriggers(db);
  await createBalanceHistoryTriggers(db);
}

/** The entry tables of the billing ledger: what each row adds to its invoice and on which date. */
const LEDGER_ENTRY_TABLES = [
  { table: 'invoice_lines', side: 'charge', date: 'service_date' },
  { table: 'payment_allocations', side: 'credit', date: 'applied_on' },
  { table: 'adjustments', side: 'credit', date: 'posted_on' },
] as const;

/**
 * Keeps `invoice_ledger` (per-invoice totals for aging) equal to the sum of the live entry rows, whatever
 * writes them: a mutator, sync apply (INSERT OR REPLACE, whose implicit delete fires no trigger, hence the
 * BEFORE INSERT that takes out a row about to be replaced), or the undo of a pending mutation.
 */
async function createLedgerTriggers(db: Kysely<unknown>): Promise<void> {
  for (const { table, side, date } of LEDGER_ENTRY_TABLES) {
    const total = side === 'charge' ? 'charges_cents' : 'credits_cents';
    const subtract = (row: 'OLD' | 'NEW_EXISTING') => row === 'OLD'
      ? `UPDATE invoice_ledger SET ${total} = ${total} - OLD.amount_cents WHERE invoice_id = OLD.invoice_id AND OLD.deleted_at IS NULL;`
      : `UPDATE invoice_ledger SET ${total} = ${total} - (SELECT e.amount_cents FROM "${table}" e WHERE e.id = NEW.id)
           WHERE invoice_id = (SELECT e.invoice_id FROM "${table}" e WHERE e.id = NEW.id AND e.deleted_at IS NULL);`;
    const add = side === 'charge'
      ? `INSERT INTO invoice_ledger (invoice_id, charges_cents, credits_cents, first_service_on, first_credit_on, last_credit_on)
           SELECT NEW.invoice_id, NEW.amount_cents, 0, NEW.${date}, NULL, NULL WHERE NEW.deleted_at IS NULL
           ON CONFLICT (invoice_id) DO UPDATE SET charges_cents = charges_cents + excluded.charges_cents,
             first_service_on = min(coalesce(first_service_on, excluded.first_service_on), excluded.first_service_on);`
      : `INSERT INTO invoice_ledger (invoice_id, charges_cents, credits_cents, first_service_on, first_credit_on, last_credit_on)
           SELECT NEW.invoice_id, 0, NEW.amount_cents, NULL, NEW.${date}, NEW.${date} WHERE NEW.deleted_at IS NULL
           ON CONFLICT (invoice_id) DO UPDATE SET credits_cents = credits_cents + excluded.credits_cents,
             first_credit_on = min(coalesce(first_credit_on, excluded.first_credit_on), excluded.first_credit_on),
             last_credit_on = max(coalesce(last_credit_on, excluded.last_credit_on), excluded.last_credit_on);`;
    await run(db, sql.raw(`CREATE TRIGGER ${table}_ledger_replace BEFORE INSERT ON "${table}" BEGIN ${subtract('NEW_EXISTING')} END`));
    await run(db, sql.raw(`CREATE TRIGGER ${table}_ledger_insert AFTER INSERT ON "${table}" BEGIN ${add} END`));
    await run(db, sql.raw(`CREATE TRIGGER ${table}_ledger_delete AFTER DELETE ON "${table}" BEGIN ${subtract('OLD')} END`));
    await run(db, sql.raw(`CREATE TRIGGER ${table}_ledger_update AFTER UPDATE ON "${table}" BEGIN ${subtract('OLD')} ${add} END`));
  }
}

/**
 * Keeps `invoice_balance_history` equal to the running balance of the live entry rows, whatever writes
 * them (the same three paths as `invoice_ledger`). An entry dated E changes every row of its invoice
 * from E on; the first entry on a new date splits the interval that covers E. Charges count from the
 * start (`0001-01-01`): an invoice is in A/R from its invoice date with all its charges, as in the naive
 * sum. Removing an entry never merges rows back (a row equal to its predecessor is harmless).
 */
async function createBalanceHistoryTriggers(db: Kysely<unknown>): Promise<void> {
  const history = 'invoice_balance_history';
  /** Copies the invoice's aging attributes onto its history rows (nulls when the invoice is absent). */
  const refresh = (invoiceId: string) =>
    `UPDATE ${history} SET (clinic_id, facility_id, case_id, payer_type, physician_id, invoice_date, service_basis_on, receivable) = (
       SELECT i.clinic_id, i.facility_id, i.case_id, i.payer_type,
              (SELECT l.rendering_physician_id FROM invoice_lines l WHERE l.invoice_id = i.id AND l.deleted_at IS NULL ORDER BY l.id LIMIT 1),
              i.invoice_date,
              coalesce((SELECT min(l.service_date) FROM invoice_lines l WHERE l.invoice_id = i.id AND l.deleted_at IS NULL), i.invoice_date),
              CASE WHEN i.deleted_at IS NULL AND i.status NOT IN ('draft', 'void') THEN 1 ELSE 0 END
       FROM (SELECT 1) LEFT JOIN invoices i ON i.id = ${invoiceId})
     WHERE invoice_id = ${invoiceId};`;
  for (const { table, side, date } of LEDGER_ENTRY_TABLES) {
    const signed = (row: string) => (side === 'charge' ? `${row}.amount_cents` : `-${row}.amount_cents`);
    const effective = (row: string) => (side === 'charge' ? `'0001-01-01'` : `${row}.${date}`);
    const add = `
      UPDATE ${history} SET until_on = ${effective('NEW')}
        WHERE NEW.deleted_at IS NULL AND invoice_id = NEW.invoice_id AND until_on > ${effective('NEW')}
          AND effective_on = (SELECT max(h.effective_on) FROM ${history} h WHERE h.invoice_id = NEW.invoice_id AND h.effective_on < ${effective('NEW')});
      INSERT INTO ${history} (invoice_id, effective_on, until_on, balance_cents, receivable)
        SELECT NEW.invoice_id, ${effective('NEW')},
          coalesce((SELECT min(h.effective_on) FROM ${history} h WHERE h.invoice_id = NEW.invoice_id AND h.effective_on > ${effective('NEW')}), '9999-12-31'),
          coalesce((SELECT h.balance_cents FROM ${history} h WHERE h.invoice_id = NEW.invoice_id AND h.effective_on < ${effective('NEW')} ORDER BY h.effective_on DESC LIMIT 1), 0),
          0
        WHERE NEW.deleted_at IS NULL
        ON CONFLICT (invoice_id, effective_on) DO NOTHING;
      UPDATE ${history} SET balance_cents = balance_cents + ${signed('NEW')}
        WHERE NEW.deleted_at IS NULL AND invoice_id = NEW.invoice_id AND effective_on >= ${effective('NEW')};
      ${refresh('NEW.invoice_id')}`;
    const subtractOld = `
      UPDATE ${history} SET balance_cents = balance_cents - ${signed('OLD')}
        WHERE OLD.deleted_at IS NULL AND invoice_id = OLD.invoice_id AND effective_on >= ${effective('OLD')};`;
    const subtractReplaced = `
      UPDATE ${history} SET balance_cents = balance_cents - (SELECT ${signed('e')} FROM "${table}" e WHERE e.id = NEW.id)
        WHERE invoice_id = (SELECT e.invoice_id FROM "${table}" e WHERE e.id = NEW.id AND e.deleted_at IS NULL)
          AND effective_on >= (SELECT ${effective('e')} FROM "${table}" e WHERE e.id = NEW.id);`;
    await run(db, sql.raw(`CREATE TRIGGER ${table}_history_replace BEFORE INSERT ON "${table}" BEGIN ${subtractReplaced} END`));
    await run(db, sql.raw(`CREATE TRIGGER ${table}_history_insert AFTER INSERT ON "${table}" BEGIN ${add} END`));
    await run(db, sql.raw(`CREATE TRIGGER ${table}_history_delete AFTER DELETE ON "${table}" BEGIN ${subtractOld} ${refresh('OLD.invoice_id')} END`));
    await run(db, sql.raw(`CREATE TRIGGER ${table}_history_update AFTER UPDATE ON "${table}" BEGIN ${subtractOld} ${add} ${side === 'charge' ? refresh('OLD.invoice_id') : ''} END`));
  }
  await run(db, sql.raw(`CREATE TRIGGER invoices_history_insert AFTER INSERT ON invoices BEGIN ${refresh('NEW.id')} END`));
  await run(db, sql.raw(`CREATE TRIGGER invoices_history_update AFTER UPDATE OF clinic_id, facility_id, case_id, payer_type, invoice_date, status, deleted_at ON invoices BEGIN ${refresh('NEW.id')} END`));
  await run(db, sql.raw(`CREATE TRIGGER invoices_history_delete AFTER DELETE ON invoices BEGIN ${refresh('OLD.id')} END`));
}
