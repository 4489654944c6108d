import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database } from '../db/tables';
import type { Subject } from './permissions';
import { ROW_SCOPES, scopesOf } from './scope-table';

export { ROW_SCOPES, SCOPE_KINDS, SCOPED_RESOURCES, scopesOf, type ScopeKind, type ScopedResource } from './scope-table';

/*
 * Row-scope filters: which rows of a resource a role may see (the table is in scope-table.ts).
 * Enforced three times by these same rules — in the server's shapes, in the server's mutation
 * handling, and in the main-process repository — so they are kysely expressions in the portable
 * subset of SQL (SQLite and Postgres).
 */
type Eb<T extends keyof Database> = ExpressionBuilder<Database, T>;
const never = sql<SqlBool>`1 = 0`;

function anyOf<T extends keyof Database>(eb: Eb<T>, parts: Expression<SqlBool>[]): Expression<SqlBool> {
  return parts.length === 0 ? never : eb.or(parts);
}

/** Appointments visible to the subject. Always within the subject's clinic. */
export function appointmentScope(subject: Subject) {
  return (eb: Eb<'appointments'>): Expression<SqlBool> => {
    const parts: Expression<SqlBool>[] = [];
    for (const kind of scopesOf(subject, 'appointment')) {
      if (kind === 'clinic') parts.push(sql<SqlBool>`1 = 1`);
      if (kind === 'assigned_facilities' && subject.facilityIds.length > 0) {
        parts.push(eb('appointments.facility_id', 'in', subject.facilityIds));
      }
      if (kind === 'own_physician' && subject.physicianId) parts.push(eb('appointments.physician_id', '=', subject.physicianId));
    }
    return eb.and([eb('appointments.clinic_id', '=', subject.clinicId), anyOf(eb, parts)]);
  };
}

/**
 * Patients visible to the subject. Links through other tables are correlated `EXISTS` probes on their
 * `patient_id` indexes, not `id IN (SELECT patient_id …)`: SQLite builds the whole list of an `IN`
 * subquery (every appointment of a facility) before looking at one patient, which took seconds per
 * call on a replica of 100,000 patients (docs/benchmarks.md, patient search); Postgres plans both
 * forms as the same semi-join.
 */
export function patientScope(subject: Subject) {
  return (eb: Eb<'patients'>): Expression<SqlBool> => {
    const parts: Expression<SqlBool>[] = [];
    for (const kind of scopesOf(subject, 'patient')) {
      if (kind === 'clinic') parts.push(sql<SqlBool>`1 = 1`);
      if (kind === 'assigned_facilities' && subject.facilityIds.length > 0) {
        parts.push(eb('patients.home_facility_id', 'in', subject.facilityIds));
        parts.push(eb.exists(eb.selectFrom('appointments').select('appointments.id').whereRef('appointments.patient_id', '=', 'patients.id')
          .where('appointments.facility_id', 'in', subject.facilityIds).where('appointments.deleted_at', 'is', null)));
      }
      if (kind === 'own_physician' && subject.physicianId) {
        parts.push(eb.exists(eb.selectFrom('patient_physicians').select('patient_physicians.id').whereRef('patient_physicians.patient_id', '=', 'patients.id')
          .where('patient_physicians.physician_id', '=', subject.physicianId).where('patient_physicians.deleted_at', 'is', null)));
        parts.push(eb.exists(eb.selectFrom('appointments').select('appointments.id').whereRef('appointments.patient_id', '=', 'patients.id')
          .where('appointments.physician_id', '=', subject.physicianId).where('appointments.deleted_at', 'is', null)));
      }
      if (kind === 'attorney_cases' && subject.attorneyId) {
        parts.push(eb.exists(eb.selectFrom('cases').select('cases.id').whereRef('cases.patient_id', '=', 'patients.id')
          .where('cases.attorney_id', '=', subject.attorneyId).where('cases.deleted_at', 'is', null)));
      }
      if (kind === 'referred_patients' && subject.referringDoctorId) {
        parts.push(eb.exists(eb.selectFrom('referrals').select('referrals.id').whereRef('referrals.patient_id', '=', 'patients.id')
          .where('referrals.referring_doctor_id', '=', subject.referringDoctorId).where('referrals.deleted_at', 'is', null)));
      }
    }
    return eb.and([eb('patients.clinic_id', '=', subject.clinicId), anyOf(eb, parts)]);
  };
}

/** Cases visible to the subject: the attorney's own cases, or cases of patients in scope. */
export function caseScope(subject: Subject) {
  return (eb: Eb<'cases'>): Expression<SqlBool> => {
    const parts: Expression<SqlBool>[] = [];
    for (const kind of scopesOf(subject, 'case')) {
      if (kind === 'clinic') parts.push(sql<SqlBool>`1 = 1`);
      if (kind === 'attorney_cases' && subject.attorneyId) parts.push(eb('cases.attorney_id', '=', subject.attorneyId));
      if (kind === 'assigned_facilities' || kind === 'own_physician') {
        const patientSubject = { ...subject, roles: subject.roles.filter((role) => ROW_SCOPES.case[role] === kind) };
        parts.push(eb.exists(eb.selectFrom('patients').select('patients.id').whereRef('patients.id', '=', 'cases.patient_id').where(patientScope(patientSubject))));
      }
    }
    return eb.and([eb('cases.clinic_id', '=', subject.clinicId), anyOf(eb, parts)]);
  };
}

/** Invoices visible to the subject. */
export function invoiceScope(subject: Subject) {
  return (eb: Eb<'invoices'>): Expression<SqlBool> => {
    const parts: Expression<SqlBool>[] = [];
    for (const kind of scopesOf(subject, 'invoice')) {
      if (kind === 'clinic') parts.push(sql<SqlBool>`1 = 1`);
      if (kind === 'assigned_facilities' && subject.facilityIds.length > 0) {
        parts.push(eb('invoices.facility_id', 'in', subject.facilityIds));
      }
      if (kind === 'attorney_cases' && subject.attorneyId) {
        parts.push(eb('invoices.case_id', 'in', eb.selectFrom('cases').select('cases.id')
          .where('cases.attorney_id', '=', subject.attorneyId).where('cases.deleted_at', 'is', null)));
      }
    }
    return eb.and([eb('invoices.clinic_id', '=', subject.clinicId), anyOf(eb, parts)]);
  };
}

/** Users visible to the subject: the whole clinic for admins, otherwise only themselves. */
export function userScope(subject: Subject) {
  return (eb: Eb<'users'>): Expression<SqlBool> => {
    const kinds = scopesOf(subject, 'user');
    const parts: Expression<SqlBool>[] = [];
    if (kinds.includes('clinic')) parts.push(sql<SqlBool>`1 = 1`);
    if (kinds.includes('self')) parts.push(eb('users.id', '=', subject.userId));
    return eb.and([eb('users.clinic_id', '=', subject.clinicId), anyOf(eb, parts)]);
  };
}

/** Audit entries visible to the subject (clinic admins only). */
export function auditScope(subject: Subject) {
  return (eb: Eb<'audit_log'>): Expression<SqlBool> =>
    eb.and([eb('audit_log.clinic_id', '=', subject.clinicId), anyOf(eb, scopesOf(subject, 'audit').includes('clinic') ? [sql<SqlBool>`1 = 1`] : [])]);
}
