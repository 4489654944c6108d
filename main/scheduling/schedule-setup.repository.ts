import type { Kysely } from 'kysely';
import type { Subject } from '../../shared/auth/permissions';
import type { Database, Row } from '../../shared/db/tables';
import { DomainError } from '../../shared/ipc/result';
import type { AvailabilitySpan, FacilityClosure, FacilityResourceRow, SchedulePhysician, TimeOffEntry } from '../../shared/scheduling/schedule-setup.contract';
import { physicianDisplayName } from '../../shared/scheduling/schedule-data';

function minutesToTime(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export function toAvailabilitySpan(row: Row<'availability_templates'>): AvailabilitySpan {
  return {
    id: row.id, physicianId: row.physician_id, facilityId: row.facility_id, weekday: row.weekday,
    start: minutesToTime(row.start_minute), end: minutesToTime(row.end_minute), effectiveFrom: row.effective_from, effectiveTo: row.effective_to,
  };
}

export function toTimeOff(row: Row<'time_off'>): TimeOffEntry {
  return { id: row.id, physicianId: row.physician_id, facilityId: row.facility_id, startsAt: row.starts_at, endsAt: row.ends_at, kind: row.time_off_kind, reason: row.reason };
}

/**
 * Scheduling set-up as every staff role may read it (no PHI): closures, resources, physicians with their
 * facilities, availability templates, time off. Always within the subject's clinic.
 */
export function scheduleSetupRepository(db: Kysely<Database>, subject: Subject) {
  const clinicId = subject.clinicId;
  return {
    async closures(facilityId: string, from?: string, to?: string): Promise<FacilityClosure[]> {
      const rows = await db.selectFrom('facility_closures').select(['id', 'facility_id', 'closed_on', 'reason'])
        .where('clinic_id', '=', clinicId).where('facility_id', '=', facilityId).where('deleted_at', 'is', null)
        .$if(from !== undefined, (q) => q.where('closed_on', '>=', from as string))
        .$if(to !== undefined, (q) => q.where('closed_on', '<=', to as string))
        .orderBy('closed_on').execute();
      return rows.map((row) => ({ id: row.id, facilityId: row.facility_id, closedOn: row.closed_on, reason: row.reason }));
    },

    async closure(id: string): Promise<FacilityClosure> {
      const row = await db.selectFrom('facility_closures').select(['id', 'facility_id', 'closed_on', 'reason']).where('clinic_id', '=', clinicId).where('id', '=', id).executeTakeFirst();
      if (!row) throw new DomainError('not_found', 'That closure was not found.');
      return { id: row.id, facilityId: row.facility_id, closedOn: row.closed_on, reason: row.reason };
    },

    async resource(id: string): Promise<FacilityResourceRow> {
      const row = await db.selectFrom('facility_resources').selectAll().where('clinic_id', '=', clinicId).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
      if (!row) throw new DomainError('not_found', 'That room or equipment was not found.');
      return { id: row.id, facilityId: row.facility_id, name: row.name, kind: row.resource_kind, isActive: row.is_active === 1 };
    },

    async physicians(options: { facilityId?: string; includeInactive?: boolean; ids?: string[] } = {}): Promise<SchedulePhysician[]> {
      const rows = await db.selectFrom('physicians').selectAll().where('clinic_id', '=', clinicId).where('deleted_at', 'is', null)
        .$if(!options.includeInactive, (q) => q.where('is_active', '=', 1))
        .$if(options.ids !== undefined, (q) => q.where('id', 'in', options.ids && options.ids.length > 0 ? options.ids : ['']))
        .orderBy('last_name').orderBy('first_name').execute();
      const assignments = await db.selectFrom('physician_facilities').select(['physician_id', 'facility_id'])
        .where('clinic_id', '=', clinicId).where('deleted_at', 'is', null).execute();
      const byPhysician = new Map<string, string[]>();
      for (const row of assignments) byPhysician.set(row.physician_id, [...(byPhysician.get(row.physician_id) ?? []), row.facility_id]);
      return rows
        .map((row) => ({
          id: row.id, name: physicianDisplayName(row), firstName: row.first_name, lastName: row.last_name, credentials: row.credentials,
          specialty: row.specialty, color: row.color, isActive: row.is_active === 1, facilityIds: (byPhysician.get(row.id) ?? []).sort(),
        }))
        .filter((physician) => options.facilityId === undefined || physician.facilityIds.includes(options.facilityId));
    },

    async physician(id: string): Promise<SchedulePhysician> {
      const [found] = await this.physicians({ ids: [id], includeInactive: true });
      if (!found) throw new DomainError('not_found', 'That physician was not found.');
      return found;
    },

    /** Spans of a physician; with `onDate`, only those in effect that day. */
    async availability(physicianId: string, facilityId?: string, onDate?: string): Promise<AvailabilitySpan[]> {
      const rows = await db.selectFrom('availability_templates').selectAll()
        .where('clinic_id', '=', clinicId).where('physician_id', '=', physicianId).where('deleted_at', 'is', null)
        .$if(facilityId !== undefined, (q) => q.where('facility_id', '=', facilityId as string))
        .$if(onDate !== undefined, (q) => q.where('effective_from', '<=', onDate as string)
          .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>', onDate as string)])))
        .orderBy('facility_id').orderBy('effective_from').orderBy('weekday').orderBy('start_minute').execute();
      return rows.map(toAvailabilitySpan);
    },

    async timeOff(from: number, to: number, physicianId?: string): Promise<TimeOffEntry[]> {
      const rows = await db.selectFrom('time_off').selectAll().where('clinic_id', '=', clinicId).where('deleted_at', 'is', null)
        .where('starts_at', '<', to).where('ends_at', '>', from)
        .$if(physicianId !== undefined, (q) => q.where('physician_id', '=', physicianId as string))
        .orderBy('starts_at').execute();
      return rows.map(toTimeOff);
    },

    async timeOffEntry(id: string): Promise<TimeOffEntry> {
      const row = await db.selectFrom('time_off').selectAll().where('clinic_id', '=', clinicId).where('id', '=', id).executeTakeFirst();
      if (!row) throw new DomainError('not_found', 'That time off was not found.');
      return toTimeOff(row);
    },
  };
}
