import type { Kysely } from 'kysely';
import type { Subject } from '../../shared/auth/permissions';
import { appointmentScope, scopesOf } from '../../shared/auth/row-scopes';
import type { Database } from '../../shared/db/tables';
import { DomainError } from '../../shared/ipc/result';
import { STATUS_TRANSITIONS } from '../../shared/scheduling/appointment-status';
import type { AppointmentDetail, AppointmentEvent } from '../../shared/scheduling/booking.contract';
import { assertBookable, checkPlacements, examFacts, isOffered, type Placement } from '../../shared/scheduling/booking-rules';
import type { SchedulingConflict, Slot } from '../../shared/scheduling/conflict-types';
import { loadBookedAround, loadScheduleFacts, physicianDisplayName, slotSearchMargin } from '../../shared/scheduling/schedule-data';
import { hardConflicts } from '../../shared/scheduling/conflicts';
import type { SeriesPreview } from '../../shared/scheduling/series.contract';
import { seriesPlacements } from '../../shared/scheduling/series.mutators';
import { findSlots } from '../../shared/scheduling/slots';
import { dayBounds } from '../../shared/time/facility-time';
import { assertFacilityReadable } from './appointment.repository';
import { pendingAppointmentIds } from './calendar.repository';
import { cachedClinicSetup } from './schedule-facts';

const DAY = 86_400_000;

export interface SlotSearch {
  readonly examTypeId: string;
  readonly facilityIds?: readonly string[] | undefined;
  readonly physicianIds?: readonly string[] | undefined;
  readonly after: number;
  readonly until: number;
  readonly patientId?: string | undefined;
  readonly limit?: number | undefined;
}

/**
 * Booking reads: one appointment with its history, conflict previews, free slots. Slots and previews use
 * the same pure rules the booking mutator applies (shared/scheduling/conflicts.ts, slots.ts) against this
 * device's replica; the server re-checks when the booking arrives.
 */
export function bookingRepository(db: Kysely<Database>, subject: Subject) {
  /** Facilities the subject may book at or search (clinic-wide roles: all). */
  async function searchableFacilities(): Promise<{ id: string }[]> {
    const scopes = scopesOf(subject, 'appointment');
    const rows = await db.selectFrom('facilities').select('id').where('clinic_id', '=', subject.clinicId).where('deleted_at', 'is', null).where('is_active', '=', 1).execute();
    if (scopes.includes('clinic') || scopes.includes('own_physician')) return rows;
    return rows.filter((row) => subject.facilityIds.includes(row.id));
  }

  return {
    async detail(id: string): Promise<AppointmentDetail> {
      const row = await db.selectFrom('appointments')
        .innerJoin('patients', 'patients.id', 'appointments.patient_id')
        .innerJoin('exam_types', 'exam_types.id', 'appointments.exam_type_id')
        .innerJoin('physicians', 'physicians.id', 'appointments.physician_id')
        .innerJoin('facilities', 'facilities.id', 'appointments.facility_id')
        .leftJoin('facility_resources', 'facility_resources.id', 'appointments.resource_id')
        .selectAll('appointments')
        .select([
          'patients.first_name as patient_first', 'patients.last_name as patient_last', 'patients.preferred_name',
          'exam_types.name as exam_name', 'exam_types.color as exam_color', 'facility_resources.name as resource_name',
          'physicians.first_name as physician_first', 'physicians.last_name as physician_last', 'facilities.name as facility_name', 'facilities.time_zone',
        ])
        .where('appointments.id', '=', id).where('appointments.deleted_at', 'is', null).where(appointmentScope(subject))
        .executeTakeFirst();
      if (!row) throw new DomainError('not_found', 'That appointment was not found.');
      const history: AppointmentDetail['history'][number][] = [];
      let previous = row.rescheduled_from_id;
      while (previous !== null && history.length < 50) {
        const earlier = await db.selectFrom('appointments').select(['id', 'starts_at', 'ends_at', 'physician_id', 'facility_id', 'status', 'rescheduled_from_id'])
          .where('id', '=', previous).where(appointmentScope(subject)).executeTakeFirst();
        if (!earlier) break;
        history.push({ id: earlier.id, startsAt: earlier.starts_at, endsAt: earlier.ends_at, physicianId: earlier.physician_id, facilityId: earlier.facility_id, status: earlier.status });
        previous = earlier.rescheduled_from_id;
      }
      const events = await db.selectFrom('appointment_events').select(['id', 'appointment_id', 'event_kind', 'occurred_at', 'due_at', 'detail_json'])
        .where('appointment_id', '=', id).where('deleted_at', 'is', null).orderBy('occurred_at').orderBy('id').execute();
      const pending = await pendingAppointmentIds(db, [row.id]);
      return {
        id: row.id, facilityId: row.facility_id, physicianId: row.physician_id, patientId: row.patient_id,
        patientName: `${row.patient_last}, ${row.preferred_name ?? row.patient_first}`, examTypeId: row.exam_type_id, examTypeName: row.exam_name,
        examTypeColor: row.exam_color, resourceId: row.resource_id, resourceName: row.resource_name, startsAt: row.starts_at, endsAt: row.ends_at,
        status: row.status, seriesId: row.series_id, rescheduledFromId: row.rescheduled_from_id, cancelReason: row.cancel_reason,
        overrideReason: row.override_reason, checkedInAt: row.checked_in_at, completedAt: row.completed_at, syncState: pending.has(row.id) ? 'pending' : 'synced',
        physicianName: physicianDisplayName({ first_name: row.physician_first, last_name: row.physician_last }), facilityName: row.facility_name,
        timeZone: row.time_zone, caseId: row.case_id, notes: row.notes, history,
        events: events.map((event): AppointmentEvent => ({
          id: event.id, appointmentId: event.appointment_id, kind: event.event_kind, at: event.due_at ?? event.occurred_at,
          detail: safeJson(event.detail_json),
        })),
        nextStatuses: STATUS_TRANSITIONS[row.status],
      };
    },

    /** Conflicts a proposal would have here and now (the mutator re-checks when booking). */
    async check(proposal: Placement, excludeAppointmentId?: string): Promise<SchedulingConflict[]> {
      assertFacilityReadable(subject, proposal.facilityId);
      const exam = await assertBookable(db, subject.clinicId, proposal);
      const [checked] = await checkPlacements(db, { subject, side: 'device' }, exam, [proposal], new Set(excludeAppointmentId ? [excludeAppointmentId] : []), { setup: cachedClinicSetup });
      return checked?.conflicts ?? [];
    },

    /** Free slots for an exam across facilities and physicians, earliest first. */
    async slots(search: SlotSearch): Promise<Slot[]> {
      const exam = await examFacts(db, subject.clinicId, search.examTypeId);
      const allowed = new Set((await searchableFacilities()).map((row) => row.id));
      const facilityIds = (search.facilityIds ?? [...allowed]).filter((id) => allowed.has(id));
      if (search.facilityIds && search.facilityIds.some((id) => !allowed.has(id))) throw new DomainError('forbidden', 'You are not assigned to that facility.');
      const [assignments, offerings, physicians] = await Promise.all([
        db.selectFrom('physician_facilities').select(['physician_id', 'facility_id']).where('clinic_id', '=', subject.clinicId).where('deleted_at', 'is', null).execute(),
        db.selectFrom('exam_type_offerings').select(['facility_id', 'physician_id']).where('exam_type_id', '=', exam.id).where('deleted_at', 'is', null).execute(),
        db.selectFrom('physicians').select('id').where('clinic_id', '=', subject.clinicId).where('deleted_at', 'is', null).where('is_active', '=', 1).execute(),
      ]);
      const active = new Set(physicians.map((p) => p.id));
      const candidates = new Map<string, string[]>();
      for (const { physician_id: physicianId, facility_id: facilityId } of assignments) {
        if (!facilityIds.includes(facilityId) || !active.has(physicianId)) continue;
        if (search.physicianIds && !search.physicianIds.includes(physicianId)) continue;
        if (!isOffered(offerings, facilityId, physicianId)) continue;
        candidates.set(facilityId, [...(candidates.get(facilityId) ?? []), physicianId]);
      }
      const physicianIds = [...new Set([...candidates.values()].flat())];
      if (physicianIds.length === 0) return [];
      // Bookings of every room of the needed kind there, so a free room can be chosen.
      const resourceIds = exam.resourceKind === null ? [] : (await db.selectFrom('facility_resources').select('id')
        .where('clinic_id', '=', subject.clinicId).where('facility_id', 'in', [...candidates.keys()]).where('resource_kind', '=', exam.resourceKind)
        .where('deleted_at', 'is', null).execute()).map((row) => row.id);
      const limit = search.limit;
      const found: Slot[] = [];
      const request = { clinicId: subject.clinicId, from: search.after, to: search.until, physicianIds, patientIds: search.patientId ? [search.patientId] : [], resourceIds, side: 'device' as const, setup: cachedClinicSetup };
      // Facilities, templates, time off and closures once for the whole range; bookings in chunks, earliest
      // first, so a near slot is found without loading the whole range's bookings. A search for the next
      // few slots usually ends on the first day: chunks start at a day and double up to a week.
      const facts = await loadScheduleFacts(db, request);
      const margin = slotSearchMargin(facts, exam.durationMinutes);
      let chunk = limit === undefined ? 7 * DAY : DAY;
      for (let from = search.after; from < search.until && (limit === undefined || found.length < limit); from += chunk, chunk = Math.min(7 * DAY, chunk * 2)) {
        const to = Math.min(search.until, from + chunk);
        const world = { ...facts, booked: await loadBookedAround(db, request, from, to, margin) };
        found.push(...findSlots(world, {
          durationMinutes: exam.durationMinutes, resourceKind: exam.resourceKind, candidates, after: from, until: to,
          ...(search.patientId ? { patientId: search.patientId } : {}), ...(limit !== undefined ? { limit: limit - found.length } : {}),
        }));
      }
      return found;
    },

    /** Every occurrence of a proposed series with its conflicts (nothing written). */
    async previewSeries(input: Parameters<typeof seriesPlacements>[2]): Promise<SeriesPreview> {
      assertFacilityReadable(subject, input.facilityId);
      const { zone, exam, occurrences, placements } = await seriesPlacements(db, subject.clinicId, input);
      const checks = await checkPlacements(db, { subject, side: 'device' }, exam, placements, new Set(), { setup: cachedClinicSetup });
      // `occurrences` already leaves the skipped dates out, in step with `placements`.
      const result = occurrences.map((occurrence, index) => {
        const check = checks[index] as (typeof checks)[number];
        return { index, date: occurrence.date, startsAt: occurrence.startsAt, endsAt: occurrence.endsAt, resourceId: check.placement.resourceId, conflicts: check.conflicts };
      });
      return { timeZone: zone, occurrences: result, hasHardConflicts: result.some((o) => hardConflicts(o.conflicts).length > 0) };
    },

    /** Start and end of a facility-local date range as instants. */
    async rangeOf(facilityId: string, from: string, to: string): Promise<{ startsAt: number; endsAt: number }> {
      const row = await db.selectFrom('facilities').select('time_zone').where('id', '=', facilityId).where('clinic_id', '=', subject.clinicId).where('deleted_at', 'is', null).executeTakeFirst();
      if (!row) throw new DomainError('not_found', 'That facility was not found.');
      return { startsAt: dayBounds(from, row.time_zone).startsAt, endsAt: dayBounds(to, row.time_zone).endsAt };
    },
  };
}

function safeJson(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
