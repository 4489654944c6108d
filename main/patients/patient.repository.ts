import { sql, type Kysely } from 'kysely';
import { can, type Subject } from '../../shared/auth/permissions';
import { appointmentScope, caseScope, patientScope, scopesOf } from '../../shared/auth/row-scopes';
import type { Database, Row } from '../../shared/db/tables';
import { DomainError } from '../../shared/ipc/result';
import { linkedRows, mergeSettledReason, parseMoved, PATIENT_LINKED_TABLES } from '../../shared/patients/merge.mutators';
import type { MergePreview, PatientChart, PatientDocument, PatientMerge, PatientSearchResult, PossibleDuplicate } from '../../shared/patients/patient.contract';
import { isProvisionalMrn } from '../../shared/patients/patient.mutators';
import { phoneDigits } from '../../shared/patients/patient-search';
import type { ReferralSummary } from '../../shared/referrals/referral.contract';
import { caseRepository } from '../cases/case.repository';
import { referralRepository } from '../referrals/referral.repository';
import { readsLimitedPatientFields } from './patient-search.repository';

const STAFF = new Set(['clinic_admin', 'executive', 'physician', 'front_desk', 'billing']);

/** Which fields of a patient the subject reads: all (staff), no notes (attorney), limited (referring doctor). */
export function patientFieldAccess(subject: Subject): PatientChart['limitedTo'] {
  if (readsLimitedPatientFields(subject)) return 'referrer';
  return subject.roles.some((role) => STAFF.has(role)) ? 'full' : 'attorney';
}

export function displayNameOf(row: Pick<Row<'patients'>, 'first_name' | 'last_name' | 'preferred_name'>): string {
  return `${row.last_name}, ${row.preferred_name ?? row.first_name}`;
}

export function legalNameOf(row: Pick<Row<'patients'>, 'first_name' | 'last_name' | 'middle_name'>): string {
  return `${row.last_name}, ${row.first_name}${row.middle_name ? ` ${row.middle_name}` : ''}`;
}

function asSearchResult(row: Row<'patients'>, limited: boolean): PatientSearchResult {
  return {
    id: row.id, mrn: row.mrn, displayName: displayNameOf(row), legalName: legalNameOf(row), dateOfBirth: row.date_of_birth,
    phone: limited ? null : row.phone, matchedOn: 'mrn',
  };
}

/** Patients as the subject may see them: rows by `patientScope`, fields by role (patientFieldAccess). */
export function patientRepository(db: Kysely<Database>, subject: Subject, now: () => number = Date.now) {
  const access = patientFieldAccess(subject);
  const cases = caseRepository(db, subject, now);
  const referrals = referralRepository(db, subject);

  async function row(id: string): Promise<Row<'patients'>> {
    const found = await db.selectFrom('patients').selectAll().where('id', '=', id).where('deleted_at', 'is', null).where(patientScope(subject)).executeTakeFirst();
    if (!found) throw new DomainError('not_found', 'That patient was not found.');
    return found;
  }

  async function toMerge(merge: Row<'patient_merges'>): Promise<PatientMerge> {
    const merged = await db.selectFrom('patients').select(['first_name', 'last_name', 'preferred_name', 'mrn']).where('id', '=', merge.merged_id).executeTakeFirst();
    const moved = parseMoved(merge.moved_json).rows;
    const settledReason = await mergeSettledReason(db, merge, now());
    return {
      id: merge.id, survivorId: merge.survivor_id, mergedId: merge.merged_id, mergedName: merged ? displayNameOf(merged) : 'Unknown', mergedMrn: merged?.mrn ?? '',
      movedCount: PATIENT_LINKED_TABLES.reduce((total, table) => total + (moved[table]?.length ?? 0), 0),
      mergedAt: merge.created_at, reversedAt: merge.reversed_at, reversible: settledReason === null, settledReason,
    };
  }

  return {
    /** The chart; a patient merged into another answers not_found with the survivor named in the message. */
    async chart(id: string): Promise<PatientChart> {
      const patient = await row(id);
      if (patient.merged_into_id) throw new DomainError('not_found', 'That record was merged into another patient.', [{ path: 'mergedIntoId', message: patient.merged_into_id }]);
      const full = access === 'full';
      const contact = access !== 'referrer';
      const insurances = full
        ? await db.selectFrom('insurance_policies').selectAll().where('patient_id', '=', id).where('deleted_at', 'is', null).orderBy('priority').execute()
        : [];
      const physicians = full
        ? await db.selectFrom('patient_physicians').select('physician_id').where('patient_id', '=', id).where('deleted_at', 'is', null).execute()
        : [];
      const appointments = await db
        .selectFrom('appointments')
        .innerJoin('facilities', 'facilities.id', 'appointments.facility_id')
        .innerJoin('physicians', 'physicians.id', 'appointments.physician_id')
        .innerJoin('exam_types', 'exam_types.id', 'appointments.exam_type_id')
        .select(['appointments.id', 'appointments.starts_at', 'appointments.facility_id', 'facilities.time_zone', 'physicians.last_name', 'exam_types.name', 'appointments.status', 'appointments.case_id'])
        .where('appointments.patient_id', '=', id)
        .where('appointments.deleted_at', 'is', null)
        .where(appointmentScope(subject))
        .orderBy('appointments.starts_at', 'desc')
        .limit(200)
        .execute();
      const referralList: ReferralSummary[] = can(subject, 'referral.read') ? await referrals.forPatient(id) : [];
      return {
        id: patient.id, mrn: patient.mrn, mrnIsProvisional: isProvisionalMrn(patient.mrn), firstName: patient.first_name, middleName: patient.middle_name,
        lastName: patient.last_name, preferredName: patient.preferred_name, displayName: displayNameOf(patient), legalName: legalNameOf(patient),
        dateOfBirth: patient.date_of_birth, sex: patient.sex,
        phone: contact ? patient.phone : null, email: contact ? patient.email : null,
        addressLine1: contact ? patient.address_line1 : null, addressLine2: contact ? patient.address_line2 : null, city: contact ? patient.city : null,
        state: contact ? patient.state : null, postalCode: contact ? patient.postal_code : null, preferredLanguage: contact ? patient.preferred_language : null,
        smsConsent: contact && patient.sms_consent === 1, emailConsent: contact && patient.email_consent === 1, phoneConsent: contact && patient.phone_consent === 1,
        emergencyContactName: full ? patient.emergency_contact_name : null, emergencyContactPhone: full ? patient.emergency_contact_phone : null,
        homeFacilityId: patient.home_facility_id, referringDoctorId: full ? patient.referring_doctor_id : null,
        physicianIds: physicians.map((p) => p.physician_id),
        notes: full ? patient.notes : null,
        insurances: insurances.map((p) => ({
          id: p.id, priority: p.priority, payerName: p.payer_name, payerId: p.payer_id, memberId: p.member_id, groupNumber: p.group_number,
          subscriberName: p.subscriber_name, subscriberRelationship: p.subscriber_relationship, subscriberDateOfBirth: p.subscriber_date_of_birth,
          effectiveFrom: p.effective_from, effectiveTo: p.effective_to, cardFrontDocumentId: p.card_front_document_id, cardBackDocumentId: p.card_back_document_id,
        })),
        cases: await cases.forPatient(id),
        referrals: referralList,
        appointments: appointments.map((a) => ({
          id: a.id, startsAt: a.starts_at, facilityId: a.facility_id, timeZone: a.time_zone, physicianName: `Dr. ${a.last_name}`, examTypeName: a.name, status: a.status, caseId: a.case_id,
        })),
        limitedTo: access,
        updatedAt: patient.updated_at,
      };
    },

    /** Live patients in scope with the same name and date of birth, or the same phone digits (docs/patients.md). */
    async duplicates(input: { id?: string | undefined; firstName: string; lastName: string; dateOfBirth?: string | null | undefined; phone?: string | null | undefined }): Promise<PossibleDuplicate[]> {
      const found = new Map<string, PossibleDuplicate>();
      const base = () => db.selectFrom('patients').selectAll().where('deleted_at', 'is', null).where('merged_into_id', 'is', null).where(patientScope(subject))
        .$if(input.id !== undefined, (q) => q.where('patients.id', '!=', input.id as string)).limit(20);
      if (input.dateOfBirth && input.firstName && input.lastName) {
        const rows = await base().where('date_of_birth', '=', input.dateOfBirth)
          .where(sql`lower(last_name)`, '=', input.lastName.trim().toLowerCase())
          .where((eb) => eb.or([eb(sql`lower(first_name)`, '=', input.firstName.trim().toLowerCase()), eb(sql`lower(preferred_name)`, '=', input.firstName.trim().toLowerCase())]))
          .execute();
        for (const r of rows) found.set(r.id, { id: r.id, mrn: r.mrn, displayName: displayNameOf(r), dateOfBirth: r.date_of_birth, reason: 'name_and_date_of_birth' });
      }
      const digits = input.phone ? phoneDigits(input.phone) : '';
      if (digits.length >= 7) {
        const ids = (await sql<{ id: string }>`SELECT patient_id AS id FROM patient_search WHERE clinic_id = ${subject.clinicId} AND phone_key = ${digits} LIMIT 20`.execute(db)).rows.map((r) => r.id);
        if (ids.length > 0) {
          for (const r of await base().where('patients.id', 'in', ids).execute()) {
            if (!found.has(r.id)) found.set(r.id, { id: r.id, mrn: r.mrn, displayName: displayNameOf(r), dateOfBirth: r.date_of_birth, reason: 'phone' });
          }
        }
      }
      return [...found.values()];
    },

    async mergePreview(survivorId: string, mergedId: string): Promise<MergePreview> {
      const [survivor, merged] = [await row(survivorId), await row(mergedId)];
      if (survivor.merged_into_id || merged.merged_into_id) throw new DomainError('conflict', 'One of these records was already merged.');
      const moved = await linkedRows(db, subject.clinicId, mergedId);
      const counts: Record<string, number> = {};
      for (const table of PATIENT_LINKED_TABLES) counts[table] = moved[table]?.length ?? 0;
      return { survivor: asSearchResult(survivor, false), merged: asSearchResult(merged, false), counts };
    },

    async merge(id: string): Promise<PatientMerge> {
      const merge = await db.selectFrom('patient_merges').selectAll().where('id', '=', id).where('clinic_id', '=', subject.clinicId).executeTakeFirst();
      if (!merge) throw new DomainError('not_found', 'That merge was not found.');
      return toMerge(merge);
    },

    /**
     * The patient's documents and those filed under their cases, scoped like the patient: a patient out of
     * the caller's scope is not_found; without clinic-wide document access, a document filed only under a
     * case shows when that case is in the caller's case scope (the rule of the documents shape).
     */
    async documents(patientId: string, kind?: Row<'documents'>['document_kind']): Promise<PatientDocument[]> {
      await row(patientId);
      const clinicWide = scopesOf(subject, 'document').includes('clinic');
      const rows = await db
        .selectFrom('documents')
        .leftJoin('cases', 'cases.id', 'documents.case_id')
        .select(['documents.id', 'documents.document_kind', 'documents.title', 'documents.case_id', 'documents.current_version', 'documents.updated_at', 'cases.case_number'])
        .where('documents.clinic_id', '=', subject.clinicId)
        .where('documents.deleted_at', 'is', null)
        .where((eb) => eb.or([
          eb('documents.patient_id', '=', patientId),
          eb('documents.case_id', 'in', eb.selectFrom('cases').select('cases.id').where('cases.patient_id', '=', patientId).where('cases.deleted_at', 'is', null)
            .$if(!clinicWide, (q) => q.where(caseScope(subject)))),
        ]))
        .$if(kind !== undefined, (q) => q.where('documents.document_kind', '=', kind as Row<'documents'>['document_kind']))
        .orderBy('documents.updated_at', 'desc')
        .limit(500)
        .execute();
      const versions = rows.length === 0 ? [] : await db.selectFrom('document_versions').select(['document_id', 'version', 'file_name'])
        .where('document_id', 'in', rows.map((r) => r.id)).where('deleted_at', 'is', null).execute();
      const fileOf = new Map(versions.map((v) => [`${v.document_id}:${v.version}`, v.file_name]));
      return rows.map((r) => ({
        id: r.id, kind: r.document_kind, title: r.title, caseId: r.case_id, caseNumber: r.case_number ?? null,
        fileName: fileOf.get(`${r.id}:${r.current_version}`) ?? null, updatedAt: r.updated_at,
      }));
    },

    async merges(patientId: string): Promise<PatientMerge[]> {
      const rows = await db.selectFrom('patient_merges').selectAll().where('clinic_id', '=', subject.clinicId).where('deleted_at', 'is', null)
        .where((eb) => eb.or([eb('survivor_id', '=', patientId), eb('merged_id', '=', patientId)])).orderBy('created_at', 'desc').execute();
      return Promise.all(rows.map(toMerge));
    },
  };
}
