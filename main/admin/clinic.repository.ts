import type { Kysely } from 'kysely';
import type { ClinicSettings, ClinicSettingsInput } from '../../shared/admin/clinic.contract';
import type { Subject } from '../../shared/auth/permissions';
import type { Database, Row } from '../../shared/db/tables';
import { DomainError } from '../../shared/ipc/result';
import type { WriteTransaction } from '../db/connection';
import { updateStamp } from '../db/stamps';

function toClinicSettings(row: Row<'clinics'>): ClinicSettings {
  return {
    id: row.id,
    name: row.name,
    legalName: row.legal_name,
    taxId: row.tax_id,
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

    async update(tx: WriteTransaction, input: ClinicSettingsInput, now: number): Promise<ClinicSettings> {
      await tx
        .updateTable('clinics')
        .set({
          name: input.name,
          legal_name: input.legalName,
          tax_id: input.taxId,
          phone: input.phone,
          email: input.email,
          idle_timeout_minutes: input.idleTimeoutMinutes,
          offline_lease_hours: input.offlineLeaseHours,
          travel_buffer_minutes: input.travelBufferMinutes,
          treatment_gap_days: input.treatmentGapDays,
          default_time_zone: input.defaultTimeZone,
          ...updateStamp(subject, now),
        })
        .where('id', '=', subject.clinicId)
        .execute();
      const row = await tx.selectFrom('clinics').selectAll().where('id', '=', subject.clinicId).executeTakeFirstOrThrow();
      return toClinicSettings(row);
    },
  };
}
