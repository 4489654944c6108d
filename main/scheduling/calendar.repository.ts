import { sql, type Kysely } from 'kysely';
import type { Subject } from '../../shared/auth/permissions';
import { appointmentScope } from '../../shared/auth/row-scopes';
import { APPOINTMENT_STATUSES } from '../../shared/db/schema-v1';
import type { Database } from '../../shared/db/tables';
import { DomainError } from '../../shared/ipc/result';
import type { CalendarAppointment, CalendarColumn, CalendarDay, CalendarFacility, CalendarWeek, FlowBoard, Interval } from '../../shared/scheduling/calendar.contract';
import { availabilityWindows, hasHours, indexWorld, openingIntervals, type FacilityFacts, type IndexedWorld } from '../../shared/scheduling/conflicts';
import { mapUrl } from '../../shared/scheduling/map-link';
import { parseHours, physicianDisplayName } from '../../shared/scheduling/schedule-data';
import { addDaysToDate, dayBounds, localDate } from '../../shared/time/facility-time';
import { readRawRows } from '../db/connection';
import { assertFacilityReadable } from './appointment.repository';

export interface CalendarFilters {
  readonly physicianIds?: readonly string[] | undefined;
  readonly examTypeIds?: readonly string[] | undefined;
}

const MINUTE = 60_000;

/** A calendar appointment as read (`readRawRows`), in select order. */
type AppointmentRow = readonly [
  id: string, physicianId: string, patientId: string, examTypeId: string, resourceId: string | null, startsAt: number, endsAt: number,
  status: CalendarAppointment['status'], seriesId: string | null, rescheduledFromId: string | null, cancelReason: string | null,
  overrideReason: string | null, checkedInAt: number | null, completedAt: number | null, patientName: string,
];

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const list = map.get(key(item));
    if (list) list.push(item);
    else map.set(key(item), [item]);
  }
  return map;
}

/** Ids of appointments whose latest change is still in this device's outbox (not yet confirmed by the server). */
export async function pendingAppointmentIds(db: Kysely<Database>, ids: readonly string[]): Promise<Set<string>> {
  const pending = new Set<string>();
  if (ids.length === 0) return pending;
  const any = await db.selectFrom('undo_log').select('seq').where('table_name', '=', 'appointments').limit(1).executeTakeFirst();
  if (!any) return pending;
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.selectFrom('undo_log').select('row_id').where('table_name', '=', 'appointments').where('row_id', 'in', ids.slice(i, i + 500)).execute();
    for (const row of rows) pending.add(row.row_id);
  }
  return pending;
}

/**
 * The calendar as the subject may see it: facility days and weeks with a column per physician, and the
 * day's patient flow. Day boundaries, hours and templates are in the facility's zone. Appointments follow
 * the subject's row scope; a front-desk user asking for a facility they are not assigned to is refused;
 * the physicians' commitments elsewhere appear only as PHI-free intervals.
 */
export function calendarRepository(db: Kysely<Database>, subject: Subject) {
  type LoadedFacility = { facility: CalendarFacility; facts: FacilityFacts };

  async function facilityFacts(facilityId: string): Promise<LoadedFacility> {
    assertFacilityReadable(subject, facilityId);
    const row = await db.selectFrom('facilities').select(['id', 'name', 'code', 'time_zone', 'hours_json', 'latitude', 'longitude'])
      .where('id', '=', facilityId).where('clinic_id', '=', subject.clinicId).where('deleted_at', 'is', null).executeTakeFirst();
    if (!row) throw new DomainError('not_found', 'That facility was not found.');
    return {
      facility: { id: row.id, name: row.name, code: row.code, timeZone: row.time_zone, mapUrl: mapUrl(row.latitude, row.longitude) },
      facts: { id: row.id, name: row.name, timeZone: row.time_zone, hours: parseHours(row.hours_json), latitude: row.latitude, longitude: row.longitude, closures: new Map() },
    };
  }

  /** Days of one facility, each with its columns; one query per kind of fact for the whole range. */
  async function days(facilityId: string, dates: readonly string[], filters: CalendarFilters, loaded?: LoadedFacility): Promise<{ facility: CalendarFacility; days: CalendarDay[] }> {
    const { facility, facts } = loaded ?? await facilityFacts(facilityId);
    const zone = facility.timeZone;
    const bounds = dates.map((date) => ({ date, ...dayBounds(date, zone) }));
    const rangeStart = (bounds[0] as (typeof bounds)[number]).startsAt;
    const rangeEnd = (bounds[bounds.length - 1] as (typeof bounds)[number]).endsAt;
    const firstDate = dates[0] as string;
    const lastDate = dates[dates.length - 1] as string;
    const physicianFilter = filters.physicianIds && filters.physicianIds.length > 0 ? filters.physicianIds : null;

    const [physicians, closures, templates, timeOff] = await Promise.all([
      db.selectFrom('physician_facilities').innerJoin('physicians', 'physicians.id', 'physician_facilities.physician_id')
        .select(['physicians.id', 'physicians.first_name', 'physicians.last_name', 'physicians.color'])
        .where('physician_facilities.facility_id', '=', facilityId).where('physician_facilities.deleted_at', 'is', null)
        .where('physicians.deleted_at', 'is', null).where('physicians.is_active', '=', 1).where('physicians.clinic_id', '=', subject.clinicId)
        .$if(physicianFilter !== null, (q) => q.where('physicians.id', 'in', physicianFilter as readonly string[]))
        .orderBy('physicians.last_name').orderBy('physicians.first_name').execute(),
      db.selectFrom('facility_closures').select(['id', 'closed_on', 'reason']).where('facility_id', '=', facilityId).where('deleted_at', 'is', null)
        .where('closed_on', '>=', firstDate).where('closed_on', '<=', lastDate).execute(),
      db.selectFrom('availability_templates').select(['physician_id', 'facility_id', 'weekday', 'start_minute', 'end_minute', 'effective_from', 'effective_to'])
        .where('facility_id', '=', facilityId).where('deleted_at', 'is', null).where('effective_from', '<=', lastDate)
        .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>', firstDate)])).execute(),
      db.selectFrom('time_off').select(['id', 'physician_id', 'facility_id', 'starts_at', 'ends_at', 'time_off_kind', 'reason'])
        .where('clinic_id', '=', subject.clinicId).where('deleted_at', 'is', null).where('starts_at', '<', rangeEnd).where('ends_at', '>', rangeStart)
        .where((eb) => eb.or([eb('facility_id', 'is', null), eb('facility_id', '=', facilityId)])).execute(),
    ]);
    const examFilter = filters.examTypeIds && filters.examTypeIds.length > 0 ? filters.examTypeIds : null;
    // Exam types and rooms are a handful of rows: read once and looked up, rather than joined and
    // repeated on each of the hundreds of appointments (each repeated string costs when rows are read).
    const [examTypes, resources] = await Promise.all([
      db.selectFrom('exam_types').select(['id', 'name', 'color']).where('clinic_id', '=', subject.clinicId).execute(),
      db.selectFrom('facility_resources').select(['id', 'name']).where('facility_id', '=', facilityId).execute(),
    ]);
    const examById = new Map(examTypes.map((row) => [row.id, row]));
    const resourceName = new Map(resources.map((row) => [row.id, row.name]));
    // Hundreds of rows a day, thousands a week: read as arrays of values (no object per row from the
    // driver), with the patient's display name put together by SQLite, and turned into the contract's
    // objects once below.
    const appointmentRows = (await readRawRows<AppointmentRow>(db, db.selectFrom('appointments')
      .innerJoin('patients', 'patients.id', 'appointments.patient_id')
      .select((eb) => [
        'appointments.id', 'appointments.physician_id', 'appointments.patient_id', 'appointments.exam_type_id',
        'appointments.resource_id', 'appointments.starts_at', 'appointments.ends_at', 'appointments.status', 'appointments.series_id',
        'appointments.rescheduled_from_id', 'appointments.cancel_reason', 'appointments.override_reason', 'appointments.checked_in_at', 'appointments.completed_at',
        sql<string>`${eb.ref('patients.last_name')} || ', ' || coalesce(${eb.ref('patients.preferred_name')}, ${eb.ref('patients.first_name')})`.as('patient_name'),
      ])
      .where(appointmentScope(subject))
      .where('appointments.facility_id', '=', facilityId)
      .where('appointments.starts_at', '>=', rangeStart)
      .where('appointments.starts_at', '<', rangeEnd)
      .where('appointments.deleted_at', 'is', null)
      .$if(physicianFilter !== null, (q) => q.where('appointments.physician_id', 'in', physicianFilter as readonly string[]))
      .$if(examFilter !== null, (q) => q.where('appointments.exam_type_id', 'in', examFilter as readonly string[]))
      .orderBy('appointments.starts_at')));
    // A physician no longer assigned here still gets a column while they have appointments here.
    const known = new Set(physicians.map((p) => p.id));
    const unassigned = [...new Set(appointmentRows.map((row) => row[1]).filter((id) => !known.has(id)))];
    if (unassigned.length > 0) {
      physicians.push(...await db.selectFrom('physicians').select(['id', 'first_name', 'last_name', 'color']).where('id', 'in', unassigned).orderBy('last_name').execute());
    }
    const physicianIds = physicians.map((p) => p.id);
    // Elsewhere: in-scope appointments at other facilities and PHI-free busy blocks, reduced to time and place.
    const [elsewhere, blocks] = physicianIds.length === 0 ? [[], []] : await Promise.all([
      db.selectFrom('appointments').select(['id', 'physician_id', 'facility_id', 'starts_at', 'ends_at'])
        .where('clinic_id', '=', subject.clinicId).where('physician_id', 'in', physicianIds).where('facility_id', '!=', facilityId)
        .where('starts_at', '>=', rangeStart - 12 * 60 * MINUTE).where('starts_at', '<', rangeEnd).where('ends_at', '>', rangeStart)
        .where('deleted_at', 'is', null).where('status', 'not in', ['cancelled', 'no_show']).execute(),
      db.selectFrom('busy_blocks').select(['id', 'physician_id', 'facility_id', 'starts_at', 'ends_at'])
        .where('clinic_id', '=', subject.clinicId).where('physician_id', 'in', physicianIds).where('facility_id', '!=', facilityId)
        .where('starts_at', '>=', rangeStart - 12 * 60 * MINUTE).where('starts_at', '<', rangeEnd).where('ends_at', '>', rangeStart)
        .where('deleted_at', 'is', null).where('status', 'not in', ['cancelled', 'no_show']).execute(),
    ]);
    const pending = await pendingAppointmentIds(db, appointmentRows.map((row) => row[0]));

    const world: IndexedWorld = indexWorld({
      facilities: new Map([[facilityId, facts]]), physicians: new Map(), resources: new Map(), booked: [],
      availability: templates.map((t) => ({ physicianId: t.physician_id, facilityId: t.facility_id, weekday: t.weekday, startMinute: t.start_minute, endMinute: t.end_minute, effectiveFrom: t.effective_from, effectiveTo: t.effective_to })),
      timeOff: timeOff.map((t) => ({ id: t.id, physicianId: t.physician_id, facilityId: t.facility_id, startsAt: t.starts_at, endsAt: t.ends_at, kind: t.time_off_kind, reason: t.reason })),
      travelBufferMinutes: 0,
    });
    const closureByDate = new Map(closures.map((c) => [c.closed_on, { id: c.id, reason: c.reason }]));
    const appointments: (CalendarAppointment & { physicianId: string })[] = appointmentRows.map(([
      id, physicianId, patientId, examTypeId, resourceId, startsAt, endsAt, status, seriesId, rescheduledFromId, cancelReason, overrideReason, checkedInAt, completedAt, patientName,
    ]) => {
      const exam = examById.get(examTypeId);
      return {
        id, facilityId, physicianId, patientId, patientName, examTypeId, examTypeName: exam?.name ?? '', examTypeColor: exam?.color ?? '', resourceId,
        resourceName: resourceId === null ? null : resourceName.get(resourceId) ?? null, startsAt, endsAt, status, seriesId, rescheduledFromId, cancelReason,
        overrideReason, checkedInAt, completedAt, syncState: pending.has(id) ? 'pending' : 'synced',
      };
    });
    const busyByPhysician = groupBy([...elsewhere, ...blocks], (b) => b.physician_id);
    const appointmentsByPhysician = groupBy(appointments, (a) => a.physicianId);
    const result: CalendarDay[] = bounds.map(({ date, startsAt, endsAt }) => {
      const inDay = (item: Interval) => item.startsAt < endsAt && item.endsAt > startsAt;
      const columns: CalendarColumn[] = physicians.map((physician) => ({
        physicianId: physician.id,
        physicianName: physicianDisplayName(physician),
        color: physician.color,
        availability: closureByDate.has(date) ? [] : availabilityWindows(world, physician.id, facilityId, date),
        timeOff: (world.timeOffByPhysician.get(physician.id) ?? []).filter(inDay).map((t) => ({ id: t.id, kind: t.kind, reason: t.reason, startsAt: t.startsAt, endsAt: t.endsAt })),
        busyElsewhere: (busyByPhysician.get(physician.id) ?? []).filter((b) => b.starts_at < endsAt && b.ends_at > startsAt)
          .map((b) => ({ facilityId: b.facility_id, startsAt: b.starts_at, endsAt: b.ends_at })).sort((a, b) => a.startsAt - b.startsAt),
        appointments: (appointmentsByPhysician.get(physician.id) ?? []).filter((a) => a.startsAt >= startsAt && a.startsAt < endsAt),
      }));
      return {
        facility, date, dayStartsAt: startsAt, dayEndsAt: endsAt,
        openingHours: closureByDate.has(date) ? [] : hasHours(facts) ? openingIntervals(facts, date) : [{ startsAt, endsAt }],
        closure: closureByDate.get(date) ?? null,
        columns,
      };
    });
    return { facility, days: result };
  }

  return {
    async day(facilityId: string, date: string, filters: CalendarFilters = {}): Promise<CalendarDay> {
      const { days: [day] } = await days(facilityId, [date], filters);
      return day as CalendarDay;
    },

    async week(facilityId: string, startDate: string, filters: CalendarFilters = {}): Promise<CalendarWeek> {
      const dates = Array.from({ length: 7 }, (_, index) => addDaysToDate(startDate, index));
      const result = await days(facilityId, dates, filters);
      return { facility: result.facility, startDate, days: result.days };
    },

    async flowBoard(facilityId: string, now: number, date?: string): Promise<FlowBoard> {
      const loaded = await facilityFacts(facilityId);
      const { facility } = loaded;
      const day = date ?? localDate(now, facility.timeZone);
      const { days: [calendar] } = await days(facilityId, [day], {}, loaded);
      const items = (calendar as CalendarDay).columns
        .flatMap((column) => column.appointments.map((appointment) => ({ appointment, physicianName: column.physicianName })))
        .sort((a, b) => a.appointment.startsAt - b.appointment.startsAt || a.physicianName.localeCompare(b.physicianName))
        .map(({ appointment, physicianName }) => ({
          appointment, physicianName,
          waitingMinutes: (appointment.status === 'checked_in' || appointment.status === 'in_room') && appointment.checkedInAt !== null
            ? Math.max(0, Math.floor((now - appointment.checkedInAt) / MINUTE)) : null,
          lateMinutes: (appointment.status === 'scheduled' || appointment.status === 'confirmed') && now > appointment.startsAt
            ? Math.floor((now - appointment.startsAt) / MINUTE) : null,
        }));
      const counts = Object.fromEntries(APPOINTMENT_STATUSES.map((status) => [status, 0])) as Record<(typeof APPOINTMENT_STATUSES)[number], number>;
      for (const item of items) counts[item.appointment.status] += 1;
      return { facility, date: day, now, items, counts };
    },
  };
}
