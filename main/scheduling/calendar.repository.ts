import { sql, type Kysely } from 'kysely';
import type { Subject } from '../../shared/auth/permissions';
import { appointmentScope } from '../../shared/auth/row-scopes';
import { APPOINTMENT_STATUSES } from '../../shared/db/schema-v1';
import type { Database } from '../../shared/db/tables';
import { DomainError } from '../../shared/ipc/result';
import type { CalendarAppointment, CalendarColumn, CalendarDay, CalendarFacility, CalendarWeek, FlowBoard, Interval } from '../../shared/scheduling/calendar.contract';
import { hasHours, openingIntervals } from '../../shared/scheduling/conflicts';
import { physicianDisplayName } from '../../shared/scheduling/schedule-data';
import { addDaysToDate, dayBounds, localDate } from '../../shared/time/facility-time';
import { readRawRows } from '../db/connection';
import { assertFacilityReadable } from './appointment.repository';
import { facilityCalendarFacts, facilityWindows, patientDisplayNames, type CalendarPhysician, type FacilityCalendarFacts } from './calendar-facts';

export interface CalendarFilters {
  readonly physicianIds?: readonly string[] | undefined;
  readonly examTypeIds?: readonly string[] | undefined;
}

const MINUTE = 60_000;

/** A calendar appointment as read (`readRawRows`), in select order. */
type AppointmentRow = readonly [
  id: string, physicianId: string, patientId: string, examTypeId: string, resourceId: string | null, startsAt: number, endsAt: number,
  status: CalendarAppointment['status'], seriesId: string | null, rescheduledFromId: string | null, cancelReason: string | null,
  overrideReason: string | null, checkedInAt: number | null, completedAt: number | null, pending: 0 | 1,
];

/** A physician's commitment at another facility (an in-scope appointment or a PHI-free busy block). */
type BusyRow = readonly [physicianId: string, facilityId: string, startsAt: number, endsAt: number];

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
  async function facilityFacts(facilityId: string): Promise<FacilityCalendarFacts> {
    assertFacilityReadable(subject, facilityId);
    const facts = await facilityCalendarFacts(db, subject.clinicId, facilityId);
    if (!facts) throw new DomainError('not_found', 'That facility was not found.');
    return facts;
  }

  /**
   * Days of one facility, each with its columns. The facility's set-up comes from the cache
   * (`calendar-facts.ts`); what changes all day is read on every call, in two statements for the whole
   * range: the appointments here (with their pending marks) and the physicians' commitments elsewhere.
   */
  async function days(facilityId: string, dates: readonly string[], filters: CalendarFilters, loaded?: FacilityCalendarFacts): Promise<{ facility: CalendarFacility; days: CalendarDay[] }> {
    const known = loaded ?? await facilityFacts(facilityId);
    const { facility, facts } = known;
    const zone = facility.timeZone;
    const bounds = dates.map((date) => ({ date, ...dayBounds(date, zone) }));
    const rangeStart = (bounds[0] as (typeof bounds)[number]).startsAt;
    const rangeEnd = (bounds[bounds.length - 1] as (typeof bounds)[number]).endsAt;
    const physicianFilter = filters.physicianIds && filters.physicianIds.length > 0 ? filters.physicianIds : null;
    const examFilter = filters.examTypeIds && filters.examTypeIds.length > 0 ? filters.examTypeIds : null;
    const wanted = physicianFilter === null ? null : new Set(physicianFilter);
    const physicians: CalendarPhysician[] = wanted === null ? [...known.physicians] : known.physicians.filter((p) => wanted.has(p.id));

    // Hundreds of rows a day, thousands a week: read as arrays of values (no object per row from the
    // driver) and turned into the contract's objects once below. Whether each row's latest change is
    // still in this device's outbox is answered in the same statement (an index probe of undo_log).
    const appointmentRows = await readRawRows<AppointmentRow>(db, db.selectFrom('appointments')
      .select((eb) => [
        'appointments.id', 'appointments.physician_id', 'appointments.patient_id', 'appointments.exam_type_id',
        'appointments.resource_id', 'appointments.starts_at', 'appointments.ends_at', 'appointments.status', 'appointments.series_id',
        'appointments.rescheduled_from_id', 'appointments.cancel_reason', 'appointments.override_reason', 'appointments.checked_in_at', 'appointments.completed_at',
        eb.exists(eb.selectFrom('undo_log').select(sql<number>`1`.as('one')).where('undo_log.table_name', '=', 'appointments').whereRef('undo_log.row_id', '=', 'appointments.id')).as('pending'),
      ])
      .where(appointmentScope(subject))
      .where('appointments.facility_id', '=', facilityId)
      .where('appointments.starts_at', '>=', rangeStart)
      .where('appointments.starts_at', '<', rangeEnd)
      .where('appointments.deleted_at', 'is', null)
      .$if(physicianFilter !== null, (q) => q.where('appointments.physician_id', 'in', physicianFilter as readonly string[]))
      .$if(examFilter !== null, (q) => q.where('appointments.exam_type_id', 'in', examFilter as readonly string[]))
      .orderBy('appointments.starts_at'));
    // A physician no longer assigned here still gets a column while they have appointments here.
    const assigned = new Set(physicians.map((p) => p.id));
    const unassigned = [...new Set(appointmentRows.map((row) => row[1]).filter((id) => !assigned.has(id)))];
    if (unassigned.length > 0) {
      const rows = await db.selectFrom('physicians').select(['id', 'first_name', 'last_name', 'color']).where('id', 'in', unassigned).orderBy('last_name').execute();
      physicians.push(...rows.map((row) => ({ id: row.id, name: physicianDisplayName(row), color: row.color })));
    }
    const physicianIds = physicians.map((p) => p.id);
    // Elsewhere: in-scope appointments at other facilities and PHI-free busy blocks, reduced to time and
    // place, in one statement.
    const elsewhere = (physicianIds.length === 0 ? [] : await readRawRows<BusyRow>(db, db.selectFrom('appointments')
      .select(['physician_id', 'facility_id', 'starts_at', 'ends_at'])
      .where('clinic_id', '=', subject.clinicId).where('physician_id', 'in', physicianIds).where('facility_id', '!=', facilityId)
      .where('starts_at', '>=', rangeStart - 12 * 60 * MINUTE).where('starts_at', '<', rangeEnd).where('ends_at', '>', rangeStart)
      .where('deleted_at', 'is', null).where('status', 'not in', ['cancelled', 'no_show'])
      .unionAll(db.selectFrom('busy_blocks').select(['physician_id', 'facility_id', 'starts_at', 'ends_at'])
        .where('clinic_id', '=', subject.clinicId).where('physician_id', 'in', physicianIds).where('facility_id', '!=', facilityId)
        .where('starts_at', '>=', rangeStart - 12 * 60 * MINUTE).where('starts_at', '<', rangeEnd).where('ends_at', '>', rangeStart)
        .where('deleted_at', 'is', null).where('status', 'not in', ['cancelled', 'no_show']))));
    // Names of the patients of the appointments just read (under the subject's row scope); an appointment
    // whose patient is not on this replica is left out, as the join it replaces did.
    const patientNames = await patientDisplayNames(db, appointmentRows.map((row) => row[2]));

    const { examById, resourceName } = known;
    // Each appointment goes straight into its physician's list for its day: the rows come ordered by start
    // and the days are consecutive, so a day index that only moves forward places them (no per-column
    // filtering of the range's rows). Rows are read by position; destructuring them would allocate an
    // iterator step per value, which for the thousands of rows of a week was most of the garbage.
    const dayCount = bounds.length;
    const appointmentsByPhysician = new Map<string, CalendarAppointment[][]>();
    let dayIndex = 0;
    for (let index = 0; index < appointmentRows.length; index += 1) {
      const row = appointmentRows[index] as AppointmentRow;
      const startsAt = row[5];
      while (dayIndex < dayCount - 1 && startsAt >= (bounds[dayIndex] as (typeof bounds)[number]).endsAt) dayIndex += 1;
      const patientName = patientNames.get(row[2]);
      if (patientName === undefined) continue;
      const physicianId = row[1];
      const examTypeId = row[3];
      const resourceId = row[4];
      const exam = examById.get(examTypeId);
      const appointment: CalendarAppointment = {
        id: row[0], facilityId, physicianId, patientId: row[2], patientName, examTypeId, examTypeName: exam?.name ?? '', examTypeColor: exam?.color ?? '', resourceId,
        resourceName: resourceId === null ? null : resourceName.get(resourceId) ?? null, startsAt, endsAt: row[6], status: row[7], seriesId: row[8],
        rescheduledFromId: row[9], cancelReason: row[10], overrideReason: row[11], checkedInAt: row[12], completedAt: row[13], syncState: row[14] ? 'pending' : 'synced',
      };
      let lists = appointmentsByPhysician.get(physicianId);
      if (!lists) {
        lists = [];
        for (let day = 0; day < dayCount; day += 1) lists.push([]);
        appointmentsByPhysician.set(physicianId, lists);
      }
      (lists[dayIndex] as CalendarAppointment[]).push(appointment);
    }
    const busyByPhysician = groupBy(elsewhere, (b) => b[0]);
    const result: CalendarDay[] = bounds.map(({ date, startsAt, endsAt }, day) => {
      const inDay = (item: Interval) => item.startsAt < endsAt && item.endsAt > startsAt;
      const closure = facts.closures.get(date) ?? null;
      const columns: CalendarColumn[] = physicians.map((physician) => ({
        physicianId: physician.id,
        physicianName: physician.name,
        color: physician.color,
        // A copy: the remembered windows must not be changed through a response.
        availability: closure ? [] : facilityWindows(known, physician.id, date).map((window) => ({ startsAt: window.startsAt, endsAt: window.endsAt })),
        timeOff: (known.world.timeOffByPhysician.get(physician.id) ?? []).filter(inDay).map((t) => ({ id: t.id, kind: t.kind, reason: t.reason, startsAt: t.startsAt, endsAt: t.endsAt })),
        busyElsewhere: (busyByPhysician.get(physician.id) ?? []).filter((b) => b[2] < endsAt && b[3] > startsAt)
          .map((b) => ({ facilityId: b[1], startsAt: b[2], endsAt: b[3] })).sort((a, b) => a.startsAt - b.startsAt),
        appointments: appointmentsByPhysician.get(physician.id)?.[day] ?? [],
      }));
      return {
        facility, date, dayStartsAt: startsAt, dayEndsAt: endsAt,
        openingHours: closure ? [] : hasHours(facts) ? openingIntervals(facts, date) : [{ startsAt, endsAt }],
        closure: closure ? { id: closure.id, reason: closure.reason } : null,
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
