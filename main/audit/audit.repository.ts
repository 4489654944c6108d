import type { Kysely } from 'kysely';
import { chainHash } from '../../shared/audit/audit-chain';
import { AUDIT_EXPORT_MAX_ROWS, type AuditEntry, type AuditFinding, type AuditPage } from '../../shared/audit/audit.contract';
import type { Subject } from '../../shared/auth/permissions';
import { auditScope } from '../../shared/auth/row-scopes';
import { can } from '../../shared/auth/permissions';
import type { Database, Row } from '../../shared/db/tables';
import { sha256Hex } from './audit-log';

export interface AuditFilters {
  readonly userId?: string;
  readonly patientId?: string;
  readonly action?: string;
  readonly from?: number;
  readonly to?: number;
  readonly before?: { at: number; id: string };
  readonly limit: number;
}

function toAuditEntry(row: Row<'audit_log'> & { user_name: string | null }): AuditEntry {
  let detail: Record<string, unknown> = {};
  try {
    detail = JSON.parse(row.detail_json) as Record<string, unknown>;
  } catch {
    detail = { unreadable: true };
  }
  return {
    id: row.id, at: row.at, deviceId: row.device_id, seq: row.seq, userId: row.user_id, userName: row.user_name,
    facilityId: row.facility_id, action: row.action, entityType: row.entity_type, entityId: row.entity_id,
    patientId: row.patient_id, detail,
  };
}

/** The audit trail as the clinic admin's viewer reads it. */
export function auditRepository(db: Kysely<Database>, subject: Subject) {
  function filtered(filters: Omit<AuditFilters, 'limit' | 'before'>) {
    return db
      .selectFrom('audit_log')
      .leftJoin('users', 'users.id', 'audit_log.user_id')
      .selectAll('audit_log')
      .select('users.display_name as user_name')
      .where(auditScope(subject))
      .$if(filters.userId !== undefined, (q) => q.where('audit_log.user_id', '=', filters.userId as string))
      .$if(filters.patientId !== undefined, (q) => q.where('audit_log.patient_id', '=', filters.patientId as string))
      .$if(filters.action !== undefined && filters.action !== '', (q) => q.where('audit_log.action', 'like', `${filters.action as string}%`))
      .$if(filters.from !== undefined, (q) => q.where('audit_log.at', '>=', filters.from as number))
      .$if(filters.to !== undefined, (q) => q.where('audit_log.at', '<', filters.to as number));
  }

  return {
    /** Entries for an export, newest first, at most `AUDIT_EXPORT_MAX_ROWS` (one more tells it was cut). */
    async exportRows(filters: Omit<AuditFilters, 'limit' | 'before'>): Promise<{ entries: AuditEntry[]; isTruncated: boolean }> {
      const rows = await filtered(filters).orderBy('audit_log.at', 'desc').orderBy('audit_log.id', 'desc').limit(AUDIT_EXPORT_MAX_ROWS + 1).execute();
      return { entries: rows.slice(0, AUDIT_EXPORT_MAX_ROWS).map(toAuditEntry), isTruncated: rows.length > AUDIT_EXPORT_MAX_ROWS };
    },

    /** What the server's verification found (synced table), newest first. */
    async findings(): Promise<AuditFinding[]> {
      if (!can(subject, 'audit.read')) return [];
      const rows = await db.selectFrom('audit_findings').selectAll().where('clinic_id', '=', subject.clinicId)
        .orderBy('detected_at', 'desc').orderBy('device_id').orderBy('seq').limit(500).execute();
      return rows.map((row) => ({ id: row.id, deviceId: row.device_id, seq: row.seq, problem: row.problem, detectedAt: row.detected_at, detectedBy: row.detected_by }));
    },

    async list(filters: AuditFilters): Promise<AuditPage> {
      const rows = await filtered(filters)
        .$if(filters.before !== undefined, (q) => {
          const before = filters.before as { at: number; id: string };
          return q.where((eb) => eb.or([eb('audit_log.at', '<', before.at), eb.and([eb('audit_log.at', '=', before.at), eb('audit_log.id', '<', before.id)])]));
        })
        .orderBy('audit_log.at', 'desc')
        .orderBy('audit_log.id', 'desc')
        .limit(filters.limit + 1)
        .execute();
      const page = rows.slice(0, filters.limit);
      // Every entry shown recomputes to its stored hash; an edited row shows the integrity warning.
      const chainValid = page.every((row) => chainHash(sha256Hex, row.prev_hash, row) === row.hash);
      const last = page.at(-1);
      return {
        entries: page.map(toAuditEntry),
        nextBefore: rows.length > filters.limit && last ? { at: last.at, id: last.id } : null,
        chainValid,
      };
    },
  };
}
