import { newRowStamp, updateStamp } from '../db/stamps';
import { DomainError } from '../ipc/result';
import { assertPatientInScope, assertReferringDoctor } from '../patients/patient.mutators';
import { mutator } from '../sync/mutator';
import { referralInput } from './referral.contract';

/** Records a referral or moves it along (received → scheduled → seen → report sent). */
export const saveReferral = mutator({
  name: 'referral.save',
  description: 'Record a referral from a referring doctor, or update it when `id` is given.',
  input: referralInput,
  permission: 'referral.write',
  async run(tx, input, ctx) {
    const { subject, now } = ctx;
    await assertPatientInScope(tx, subject, input.patientId);
    await assertReferringDoctor(tx, subject, input.referringDoctorId);
    if (input.caseId) {
      const found = await tx.selectFrom('cases').select('id').where('id', '=', input.caseId).where('patient_id', '=', input.patientId).where('deleted_at', 'is', null).executeTakeFirst();
      if (!found) throw new DomainError('not_found', 'That case is not one of this patient’s.', [{ path: 'caseId', message: 'No such case for this patient' }]);
    }
    const values = {
      referring_doctor_id: input.referringDoctorId, case_id: input.caseId, referred_on: input.referredOn, reason: input.reason, status: input.status,
    };
    if (input.id) {
      const current = await tx.selectFrom('referrals').select(['patient_id', 'report_sent_at']).where('id', '=', input.id).where('clinic_id', '=', subject.clinicId).where('deleted_at', 'is', null).executeTakeFirst();
      if (!current || current.patient_id !== input.patientId) throw new DomainError('not_found', 'That referral was not found.');
      const reportSentAt = input.status === 'report_sent' ? (current.report_sent_at ?? now) : null;
      await tx.updateTable('referrals').set({ ...values, report_sent_at: reportSentAt, ...updateStamp(subject, now) }).where('id', '=', input.id).execute();
      return input.id;
    }
    const id = ctx.newId();
    await tx.insertInto('referrals').values({ ...newRowStamp(subject, now, id), patient_id: input.patientId, ...values, report_sent_at: input.status === 'report_sent' ? now : null }).execute();
    return id;
  },
});
