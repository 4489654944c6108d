import { DomainError } from '../ipc/result';
import { updateStamp } from '../db/stamps';
import { mutator } from '../sync/mutator';
import { clinicSettingsInput } from './clinic.contract';

/** Changes the clinic profile and policies of the caller's own clinic. */
export const updateClinic = mutator({
  name: 'clinic.update',
  description: 'Change the clinic profile and policies.',
  input: clinicSettingsInput,
  permission: 'clinic.manage',
  async run(tx, input, ctx) {
    const result = await tx
      .updateTable('clinics')
      .set({
        name: input.name,
        legal_name: input.legalName,
        tax_id: input.taxId,
        npi: input.npi,
        phone: input.phone,
        email: input.email,
        idle_timeout_minutes: input.idleTimeoutMinutes,
        offline_lease_hours: input.offlineLeaseHours,
        travel_buffer_minutes: input.travelBufferMinutes,
        treatment_gap_days: input.treatmentGapDays,
        default_time_zone: input.defaultTimeZone,
        ...updateStamp(ctx.subject, ctx.now),
      })
      .where('id', '=', ctx.subject.clinicId)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new DomainError('not_found', 'The clinic was not found.');
    return ctx.subject.clinicId;
  },
});
