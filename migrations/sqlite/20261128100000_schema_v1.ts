import { sql, type Kysely } from 'kysely';
import { localSchemaV1, schemaV1 } from '../../shared/db/schema-v1';
import { createTables, run } from '../common/ddl';

/** Schema v1 on the device: every synced table of the product plus the device-only tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await createTables(db, 'sqlite', schemaV1);
  await createTables(db, 'sqlite', localSchemaV1);
  // The audit trail is append-only on the device too: a tampering process must go around SQLite.
  await run(db, sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`);
  await run(db, sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`);
}
