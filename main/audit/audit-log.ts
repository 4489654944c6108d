import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { chainHash, GENESIS_HASH, type ChainedFields } from '../../shared/audit/audit-chain';
import type { Database } from '../../shared/db/tables';
import { newId } from '../../shared/ids';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

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

/**
 * The device's append-only, hash-chained audit log. One instance per database: it keeps the chain's
 * head in memory after the first read, which is safe because only this process writes the replica.
 */
export class AuditLog {
  private head: { seq: number; hash: string } | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly deviceId: string,
  ) {}

  private async loadHead(db: Kysely<Database>): Promise<{ seq: number; hash: string }> {
    if (this.head) return this.head;
    const last = await db
      .selectFrom('audit_log')
      .select(['seq', 'hash'])
      .where('device_id', '=', this.deviceId)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    this.head = last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
    return this.head;
  }

  /**
   * Appends one entry. Pass the caller's write transaction so the entry commits or rolls back with
   * the change it describes; the in-memory head only advances after the insert succeeded.
   */
  async append(event: AuditEvent, db: Kysely<Database> = this.db): Promise<void> {
    const head = await this.loadHead(db);
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
    await db.insertInto('audit_log').values({ ...fields, prev_hash: head.hash, hash }).execute();
    this.head = { seq: fields.seq, hash };
  }

  /** Forget the cached head (after a rolled-back transaction that appended). */
  reset(): void {
    this.head = null;
  }
}
