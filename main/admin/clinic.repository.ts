import type { Kysely } from 'kysely';
import type { ClinicSettings } from '../../shared/admin/clinic.contract';
import type { Subject } from '../../shared/auth/permissions';
import type { Database, Row } from '../../shared/db/tables';
import { DomainError } from '../../shared/ipc/result';

function toClinicSettings(row: Row<'clinics'>): ClinicSettings {
  return {
    id: row.id,
    name: row.name,
    legalName: row.legal_name,
    taxId: row.tax_id,
    npi: row.npi,
    phone: row.phone,
    email: row.email,
    idleTimeoutMinutes: row.idle_timeout_minutes,
    offlineLeaseHours: row.offline_lease_hours,
    travelBufferMinutes: row.travel_buffer_minutes,
    treatmentGapDays: row.treatment_gap_days,
    defaultTimeZone: row.default_time_zone,
    updatedAt: row.updated_at,
  };
}

/** The subject's own clinic; a user never reads another clinic's settings. */
export function clinicRepository(db: Kysely<Database>, subject: Subject) {
  return {
    async get(): Promise<ClinicSettings> {
      const row = await db.selectFrom('clinics').selectAll().where('id', '=', subject.clinicId).executeTakeFirst();
      if (!row) throw new DomainError('not_found', 'The clinic was not found on this workstation.');
      return toClinicSettings(row);
    },
  };
}
