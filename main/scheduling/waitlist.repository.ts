import type { Kysely } from 'kysely';
import type { Subject } from '../../shared/auth/permissions';
import { appointmentScope, patientScope } from '../../shared/auth/row-scopes';
import type { Database } from '../../shared/db/tables';
import { DomainError } from '../../shared/ipc/result';
import type { WaitlistEntry } from '../../shared/scheduling/waitlist.contract';
import { localDate } from '../../shared/time/facility-time';

/** Waitlist entries of patients the subject may see. */
export function waitlistRepository(db: Kysely<Database>, subject: Subject) {
  function base() {
    return db.selectFrom('waitlist_entries')
      .innerJoin('patients', 'patients.id', 'waitlist_entries.patient_id')
      .innerJoin('exam_types', 'exam_types.id', 'waitlist_entries.exam_type_id')
      .selectAll('waitlist_entries')
      .select(['patients.first_name', 'patients.last_name', 'patients.preferred_name', 'exam_types.name as exam_name', 'exam_types.duration_minutes'])
      .where('waitlist_entries.clinic_id', '=', subject.clinicId)
      .where('waitlist_entries.deleted_at', 'is', null)
      .where('waitlist_entries.patient_id', 'in', (eb) => eb.selectFrom('patients').select('patients.id').where(patientScope(subject)));
  }
  type EntryRow = Awaited<ReturnType<ReturnType<typeof base>['execute']>>[number];
  const toEntry = (row: EntryRow): WaitlistEntry => ({
    id: row.id, patientId: row.patient_id, patientName: `${row.last_name}, ${row.preferred_name ?? row.first_name}`, examTypeId: row.exam_type_id,
    examTypeName: row.exam_name, facilityId: row.facility_id, physicianId: row.physician_id, earliestOn: row.earliest_on, notes: row.notes,
    createdAt: row.created_at, resolvedAt: row.resolved_at,
  });

  return {
    async list(options: { facilityId?: string; examTypeId?: string; includeResolved?: boolean } = {}): Promise<WaitlistEntry[]> {
      const rows = await base()
        .$if(!options.includeResolved, (q) => q.where('waitlist_entries.resolved_at', 'is', null))
        .$if(options.facilityId !== undefined, (q) => q.where((eb) => eb.or([eb('waitlist_entries.facility_id', 'is', null), eb('waitlist_entries.facility_id', '=', options.facilityId as string)])))
        .$if(options.examTypeId !== undefined, (q) => q.where('waitlist_entries.exam_type_id', '=', options.examTypeId as string))
        .orderBy('waitlist_entries.created_at').execute();
      return rows.map(toEntry);
    },

    async get(id: string): Promise<WaitlistEntry> {
      const row = await base().where('waitlist_entries.id', '=', id).executeTakeFirst();
      if (!row) throw new DomainError('not_found', 'That waitlist entry was not found.');
      return toEntry(row);
    },

    /**
     * Open entries that fit the slot an appointment (typically just cancelled) occupied: the same exam
     * type, or another whose duration fits; facility and physician either unspecified or the same; earliest
     * date not after the slot. Best first: same physician, same facility, same exam, then longest waiting.
     */
    async matches(appointmentId: string): Promise<WaitlistEntry[]> {
      const slot = await db.selectFrom('appointments').innerJoin('facilities', 'facilities.id', 'appointments.facility_id')
        .select(['appointments.id', 'appointments.facility_id', 'appointments.physician_id', 'appointments.patient_id', 'appointments.exam_type_id', 'appointments.starts_at', 'appointments.ends_at', 'facilities.time_zone'])
        .where('appointments.id', '=', appointmentId).where('appointments.deleted_at', 'is', null).where(appointmentScope(subject)).executeTakeFirst();
      if (!slot) throw new DomainError('not_found', 'That appointment was not found.');
      const date = localDate(slot.starts_at, slot.time_zone);
      const minutes = (slot.ends_at - slot.starts_at) / 60_000;
      const rows = await base()
        .where('waitlist_entries.resolved_at', 'is', null)
        .where('waitlist_entries.patient_id', '!=', slot.patient_id)
        .where((eb) => eb.or([eb('waitlist_entries.facility_id', 'is', null), eb('waitlist_entries.facility_id', '=', slot.facility_id)]))
        .where((eb) => eb.or([eb('waitlist_entries.physician_id', 'is', null), eb('waitlist_entries.physician_id', '=', slot.physician_id)]))
        .where((eb) => eb.or([eb('waitlist_entries.earliest_on', 'is', null), eb('waitlist_entries.earliest_on', '<=', date)]))
        .where((eb) => eb.or([eb('waitlist_entries.exam_type_id', '=', slot.exam_type_id), eb('exam_types.duration_minutes', '<=', minutes)]))
        .execute();
      const score = (row: EntryRow) => (row.physician_id === slot.physician_id ? 4 : 0) + (row.facility_id === slot.facility_id ? 2 : 0) + (row.exam_type_id === slot.exam_type_id ? 1 : 0);
      return rows.sort((a, b) => score(b) - score(a) || a.created_at - b.created_at).map(toEntry);
    },
  };
}
