import { sql, type Kysely, type SqlBool } from 'kysely';
import { can, type Subject } from '../../shared/auth/permissions';
import { patientScope } from '../../shared/auth/row-scopes';
import type { Database } from '../../shared/db/tables';
import { DomainError } from '../../shared/ipc/result';
import type { ReferralSummary, ReferredPatient } from '../../shared/referrals/referral.contract';

const isReferrerOnly = (subject: Subject) => subject.roles.length > 0 && subject.roles.every((role) => role === 'referring_doctor');

/**
 * Referrals as the subject may see them: staff see those of patients in their scope; a referring
 * doctor only their own referrals (the same rule as the server's `referrals` shape).
 */
export function referralRepository(db: Kysely<Database>, subject: Subject) {
  function visible() {
    let query = db
      .selectFrom('referrals')
      .innerJoin('referring_doctors', 'referring_doctors.id', 'referrals.referring_doctor_id')
      .selectAll('referrals')
      .select(['referring_doctors.name as doctor_name'])
      .where('referrals.clinic_id', '=', subject.clinicId)
      .where('referrals.deleted_at', 'is', null);
    if (isReferrerOnly(subject)) {
      query = query.where('referrals.referring_doctor_id', '=', subject.referringDoctorId ?? '');
    } else if (can(subject, 'referral.read')) {
      query = query.where('referrals.patient_id', 'in', db.selectFrom('patients').select('patients.id').where(patientScope(subject)));
    } else {
      query = query.where(sql<SqlBool>`1 = 0`);
    }
    return query;
  }

  async function summaries(patientId: string | null, referralId?: string): Promise<ReferralSummary[]> {
    const rows = await visible()
      .$if(patientId !== null, (q) => q.where('referrals.patient_id', '=', patientId as string))
      .$if(referralId !== undefined, (q) => q.where('referrals.id', '=', referralId as string))
      .orderBy('referrals.referred_on', 'desc').execute();
    if (rows.length === 0) return [];
    const seesAppointments = !isReferrerOnly(subject) && can(subject, 'schedule.read');
    const appointments = seesAppointments
      ? await db.selectFrom('appointments').select(['id', 'patient_id', 'starts_at']).where('patient_id', 'in', [...new Set(rows.map((r) => r.patient_id))])
          .where('deleted_at', 'is', null).where('status', '!=', 'cancelled').orderBy('starts_at').execute()
      : [];
    return rows.map((row) => {
      const from = Date.parse(`${row.referred_on}T00:00:00Z`) - 86_400_000;
      return {
        id: row.id, patientId: row.patient_id, referringDoctorId: row.referring_doctor_id, referringDoctorName: row.doctor_name, caseId: row.case_id,
        referredOn: row.referred_on, reason: row.reason, status: row.status, reportSentAt: row.report_sent_at,
        appointmentIds: appointments.filter((a) => a.patient_id === row.patient_id && a.starts_at >= from).map((a) => a.id),
      };
    });
  }

  return {
    forPatient: (patientId: string) => summaries(patientId),

    async get(id: string): Promise<ReferralSummary> {
      const [found] = await summaries(null, id);
      if (!found) throw new DomainError('not_found', 'That referral was not found.');
      return found;
    },

    async doctors() {
      const rows = await db.selectFrom('referring_doctors').select(['id', 'name', 'practice_name']).where('clinic_id', '=', subject.clinicId).where('deleted_at', 'is', null)
        .$if(isReferrerOnly(subject), (q) => q.where('id', '=', subject.referringDoctorId ?? ''))
        .orderBy('name').execute();
      return rows.map((row) => ({ id: row.id, name: row.name, practiceName: row.practice_name }));
    },

    /** A referring doctor's own referred patients: name, date of birth and the referral's progress only. */
    async referredPatients(): Promise<ReferredPatient[]> {
      if (!subject.referringDoctorId) return [];
      const rows = await db
        .selectFrom('referrals')
        .innerJoin('patients', 'patients.id', 'referrals.patient_id')
        .select(['referrals.patient_id', 'patients.first_name', 'patients.last_name', 'patients.preferred_name', 'patients.date_of_birth',
          'referrals.referred_on', 'referrals.reason', 'referrals.status', 'referrals.report_sent_at'])
        .where('referrals.referring_doctor_id', '=', subject.referringDoctorId)
        .where('referrals.clinic_id', '=', subject.clinicId)
        .where('referrals.deleted_at', 'is', null)
        .where('patients.deleted_at', 'is', null)
        .where(patientScope(subject))
        .orderBy('referrals.referred_on', 'desc')
        .execute();
      return rows.map((row) => ({
        patientId: row.patient_id, displayName: `${row.last_name}, ${row.preferred_name ?? row.first_name}`, dateOfBirth: row.date_of_birth,
        referredOn: row.referred_on, reason: row.reason, status: row.status, reportSentAt: row.report_sent_at,
      }));
    },
  };
}
