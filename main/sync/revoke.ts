import type SqliteDatabase from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { syncedTables, type Database } from '../../shared/db/tables';
import { AUDIT_CHAIN_HEAD } from '../audit/audit-log';
import { ReplicaWriter, withSyncEngineDeletes } from './replica-writer';

/** Device-only tables that hold synced data or sync state; a revoked workstation keeps none of it. */
const SYNC_BOOKKEEPING = ['sync_engine_writes', 'mutation_capture', 'shape_positions', 'outbox', 'undo_log', 'sync_issues', 'local_credentials', 'busy_blocks'] as const;

/**
 * Erases everything a revoked workstation holds for the clinic, in one transaction: every row of every
 * synced table (the append-only audit trail included: its guard trigger is lifted and restored inside
 * the transaction), the sync bookkeeping, cached verifiers and refresh tokens. The device id, sync
 * client ids and mutation counters stay, so no id is ever reused. `secure_delete` overwrites the freed
 * pages so the data does not linger in the file. The audit chain's head is kept (a sequence number and a
 * hash, no PHI) so the device's trail stays one chain.
 */
export async function wipeReplica(db: Kysely<Database>, sqlite: SqliteDatabase.Database): Promise<void> {
  sqlite.pragma('secure_delete = ON');
  await db.transaction().execute(async () => {
    const guard = sqlite.prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_log_no_delete'`).get() as { sql: string } | undefined;
    const head = sqlite.prepare(`SELECT seq, hash FROM audit_log WHERE device_id = (SELECT value FROM device_settings WHERE key = 'device_id') ORDER BY seq DESC LIMIT 1`)
      .get() as { seq: number; hash: string } | undefined;
    if (head) {
      sqlite.prepare('INSERT INTO device_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
        .run(AUDIT_CHAIN_HEAD, JSON.stringify({ seq: head.seq, hash: head.hash }));
    }
    if (guard) sqlite.exec('DROP TRIGGER audit_log_no_delete');
    // Appointment events are removed by the sync engine only: this is the engine removing them.
    withSyncEngineDeletes(sqlite, 'revoke', () => {
      for (const table of Object.keys(syncedTables)) sqlite.prepare(`DELETE FROM "${table}"`).run();
    });
    if (guard) sqlite.exec(guard.sql);
    // Indexes a cut-short first download set aside are built again (on empty tables, at once).
    new ReplicaWriter(sqlite).restoreIndexes();
    for (const table of SYNC_BOOKKEEPING) sqlite.prepare(`DELETE FROM "${table}"`).run();
    sqlite.prepare(`DELETE FROM device_settings WHERE key LIKE 'refresh_token:%' OR key = 'sync_user'`).run();
  });
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
}

/** Drops one user's offline verifier (a deactivated account can no longer sign in here, even offline). */
export async function forgetUserCredential(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom('local_credentials').where('user_id', '=', userId).execute();
}
