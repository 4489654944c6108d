import type { Kysely } from 'kysely';
import type { Subject } from '../../shared/auth/permissions';
import { appointmentScope, scopesOf } from '../../shared/auth/row-scopes';
import type { Database } from '../../shared/db/tables';
import { DomainError } from '../../shared/ipc/result';
import type { DayAppointments } from '../../shared/scheduling/appointment.contract';
import { dayBounds } from '../../shared/time/facility-time';

/**
 * Refuses a facility-wide schedule read (a day, a week, a preview there) to a user whose appointment
 * scope is only their assigned facilities, for any other facility. Rows are filtered by the row scope
 * anyway; this makes asking for another facility an explicit `forbidden` rather than an empty day.
 */
export function assertFacilityReadable(subject: Subject, facilityId: string): void {
  const scopes = scopesOf(subject, 'appointment');
  if (scopes.length === 1 && scopes[0] === 'assigned_facilities' && !subject.facilityIds.includes(facilityId)) {
    throw new DomainError('forbidden', 'You are not assigned to that facility.');
  }
}

/** Appointments as the subject may see them (row scope from shared/auth/row-scopes.ts). */
export function appointmentRepository(db: Kysely<Database>, subject: Subject) {
  return {
    /** One facility's day in that facility's time zone. A facility outside the user's scope is refused. */
    async day(facilityId: string, date: string, physicianId?: string): Promise<DayAppointments> {
      assertFacilityReadable(subject, facilityId);
      const facility = await db
        .selectFrom('facilities')
        .select(['id', 'time_zone'])
        .where('id', '=', facilityId)
        .where('clinic_id', '=', subject.clinicId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (!facility) throw new DomainError('not_found', 'That facility was not found.');
      const { startsAt, endsAt } = dayBounds(date, facility.time_zone);
      const rows = await db
        .selectFrom('appointments')
        .innerJoin('physicians', 'physicians.id', 'appointments.physician_id')
        .innerJoin('patients', 'patients.id', 'appointments.patient_id')
        .innerJoin('exam_types', 'exam_types.id', 'appointments.exam_type_id')
        .select([
          'appointments.id', 'appointments.facility_id', 'appointments.physician_id', 'appointments.patient_id',
          'appointments.starts_at', 'appointments.ends_at', 'appointments.status',
          'physicians.first_name as physician_first', 'physicians.last_name as physician_last',
          'patients.first_name as patient_first', 'patients.last_name as patient_last', 'patients.preferred_name',
          'exam_types.name as exam_name', 'exam_types.color as exam_color',
        ])
        .where(appointmentScope(subject))
        .where('appointments.facility_id', '=', facilityId)
        .where('appointments.starts_at', '>=', startsAt)
        .where('appointments.starts_at', '<', endsAt)
        .where('appointments.deleted_at', 'is', null)
        .$if(physicianId !== undefined, (q) => q.where('appointments.physician_id', '=', physicianId as string))
        .orderBy('appointments.starts_at')
        .orderBy('physicians.last_name')
        .execute();
      return {
        facilityId,
        timeZone: facility.time_zone,
        date,
        dayStartsAt: startsAt,
        dayEndsAt: endsAt,
        appointments: rows.map((row) => ({
          id: row.id,
          facilityId: row.facility_id,
          physicianId: row.physician_id,
          physicianName: `Dr. ${row.physician_first} ${row.physician_last}`,
          patientId: row.patient_id,
          patientName: `${row.patient_last}, ${row.preferred_name ?? row.patient_first}`,
          examTypeName: row.exam_name,
          examTypeColor: row.exam_color,
          startsAt: row.starts_at,
          endsAt: row.ends_at,
          status: row.status,
        })),
      };
    },
  };
}
