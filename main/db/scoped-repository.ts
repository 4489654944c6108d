import type { Kysely } from 'kysely';
import type { Subject } from '../../shared/auth/permissions';
import type { Database } from '../../shared/db/tables';
import { clinicRepository } from '../admin/clinic.repository';
import { facilityRepository } from '../admin/facility.repository';
import { userRepository } from '../admin/user.repository';
import { auditRepository } from '../audit/audit.repository';
import { appointmentRepository } from '../scheduling/appointment.repository';
import { scheduleRepository } from '../scheduling/schedule.repository';
import { patientSearchRepository } from '../patients/patient-search.repository';
import { patientRepository } from '../patients/patient.repository';
import { caseRepository } from '../cases/case.repository';
import { referralRepository } from '../referrals/referral.repository';
import { billingRepository } from '../billing/billing.repository';
import { billingSummaryRepository } from '../billing/billing-summary.repository';
import { contactRepository } from '../contacts/contact.repository';

/**
 * The data access a handler receives: every area's repository bound to the caller's subject, so
 * each read and write applies the caller's clinic and row scope. Built per call (cheap closures);
 * the unrestricted database is never handed to a handler.
 */
export function createScopedRepository(db: Kysely<Database>, subject: Subject) {
  return {
    clinic: clinicRepository(db, subject),
    facilities: facilityRepository(db, subject),
    users: userRepository(db, subject),
    audit: auditRepository(db, subject),
    appointments: appointmentRepository(db, subject),
    schedule: scheduleRepository(db, subject),
    patientSearch: patientSearchRepository(db, subject),
    patients: patientRepository(db, subject),
    cases: caseRepository(db, subject),
    referrals: referralRepository(db, subject),
    billing: billingRepository(db, subject),
    billingSummary: billingSummaryRepository(db, subject),
    contacts: contactRepository(db, subject),
  };
}

export type ScopedRepository = ReturnType<typeof createScopedRepository>;
