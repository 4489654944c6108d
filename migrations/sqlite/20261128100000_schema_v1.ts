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
}
