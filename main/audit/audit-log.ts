import { createHash } from 'node:crypto';
import type SqliteDatabase from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { chainHash, GENESIS_HASH, type ChainedFields } from '../../shared/audit/audit-chain';
import type { Database } from '../../shared/db/tables';
import { newId } from '../../shared/ids';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * device_settings key: this workstation's audit chain head (`{ seq, hash }`) when its replica was erased
 * (main/sync/revoke.ts), so entries written after the erase continue the chain the server holds instead
 * of restarting at 1.
 */
export const AUDIT_CHAIN_HEAD = 'audit_chain_head';

/** What a caller knows about an audited event; the log adds device, sequence and hash. */
export interface AuditEvent {
  readonly clinicId: string;
  readonly userId: string | null;
  readonly facilityId?: string | null;
  readonly action: string;
  readonly entityType?: string | null;
  readonly entityId?: string | null;
  readonly patientId?: string | null;
  readonly detail?: Readonly<Record<string, unknown>>;
  readonly at: number;
}

/** The columns of an entry in insert order, so the statement below and its arguments cannot drift apart. */
const COLUMNS = ['id', 'clinic_id', 'device_id', 'seq', 'at', 'user_id', 'facility_id', 'action', 'entity_type', 'entity_id', 'patient_id', 'detail_json', 'prev_hash', 'hash'] as const;

/**
 * The device's append-only, hash-chained audit log. One instance per database: it keeps the chain's
 * head in memory after the first read, which is safe because only this process writes the replica.
 *
 * An append is one synchronous step on the replica's better-sqlite3 handle (the connection under
 * `db`): read the head, hash, insert with a statement prepared once. Nothing can run between reading
 * the head and inserting the entry, so two calls in flight never take the same `seq`; and no query
 * is built or compiled per entry (docs/audit.md, "Cost").
 */
export class AuditLog {
  private head: { seq: number; hash: string } | null = null;
  /** Prepared on the first append (a replica that failed to migrate has no audit_log to prepare against). */
  private statements: {
    readonly insert: SqliteDatabase.Statement;
    readonly lastOfDevice: SqliteDatabase.Statement<[string], { seq: number; hash: string }>;
    readonly keptHead: SqliteDatabase.Statement<[string], { value: string }>;
  } | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly deviceId: string,
    private readonly sqlite: SqliteDatabase.Database,
  ) {}

  /**
   * Appends one entry. Pass the caller's write transaction so the entry commits or rolls back with
   * the change it describes; the in-memory head only advances after the insert succeeded. Without a
   * transaction the entry is written on its own, once no transaction holds the connection.
   */
  async append(event: AuditEvent, db: Kysely<Database> = this.db): Promise<void> {
    // Inside a transaction its holder owns the connection, so the entry joins that transaction. Outside
    // one, take the connection first: a statement run while another call's transaction is open would
    // otherwise commit or roll back with that call's change.
    if (db.isTransaction) this.appendNow(event);
    else await db.connection().execute(async () => this.appendNow(event));
  }

  private appendNow(event: AuditEvent): void {
    const statements = (this.statements ??= {
      insert: this.sqlite.prepare(`INSERT INTO audit_log (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`),
      lastOfDevice: this.sqlite.prepare('SELECT seq, hash FROM audit_log WHERE device_id = ? ORDER BY seq DESC LIMIT 1'),
      keptHead: this.sqlite.prepare('SELECT value FROM device_settings WHERE key = ?'),
    });
    this.head ??= statements.lastOfDevice.get(this.deviceId) ?? this.headKeptThroughErase(statements.keptHead) ?? { seq: 0, hash: GENESIS_HASH };
    const head = this.head;
    const fields: ChainedFields = {
      id: newId(),
      clinic_id: event.clinicId,
      device_id: this.deviceId,
      seq: head.seq + 1,
      at: event.at,
      user_id: event.userId,
      facility_id: event.facilityId ?? null,
      action: event.action,
      entity_type: event.entityType ?? null,
      entity_id: event.entityId ?? null,
      patient_id: event.patientId ?? null,
      detail_json: JSON.stringify(event.detail ?? {}),
    };
    const hash = chainHash(sha256Hex, head.hash, fields);
    statements.insert.run(fields.id, fields.clinic_id, fields.device_id, fields.seq, fields.at, fields.user_id, fields.facility_id, fields.action,
      fields.entity_type, fields.entity_id, fields.patient_id, fields.detail_json, head.hash, hash);
    this.head = { seq: fields.seq, hash };
  }

  /** An erased replica (main/sync/revoke.ts) keeps the chain's head, so the next entry continues it. */
  private headKeptThroughErase(statement: SqliteDatabase.Statement<[string], { value: string }>): { seq: number; hash: string } | undefined {
    const kept = statement.get(AUDIT_CHAIN_HEAD);
    return kept ? (JSON.parse(kept.value) as { seq: number; hash: string }) : undefined;
  }

  /** Forget the cached head (after a rolled-back transaction that appended). */
  reset(): void {
    this.head = null;
  }
}
