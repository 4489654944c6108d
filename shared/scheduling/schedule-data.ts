import { sql, type Kysely } from 'kysely';
import type { WeeklyHours } from '../admin/facility.contract';
import { chunks } from '../db/chunks';
import type { Database } from '../db/tables';
import { addDaysToDate, localDate } from '../time/facility-time';
import type { AvailabilityRule, BookedInterval, FacilityFacts, PhysicianFacts, ResourceFacts, ScheduleWorld, TimeOffFacts } from './conflicts';
import { MAX_TRAVEL_MINUTES, travelMinutes } from './travel';

/*
 * Loads the facts conflict detection and slot search need, in the portable subset of SQL, so the same
 * code runs inside a mutator on the device's SQLite (its scoped replica plus PHI-free busy blocks of
 * physicians elsewhere) and on the server's Postgres (everything).
 */

const HOUR = 3_600_000;
/** Loaded around the asked range: the longest travel estimate plus the longest appointment. */
export const WORLD_MARGIN = MAX_TRAVEL_MINUTES * 60_000 + 12 * HOUR;

export interface WorldRequest {
  readonly clinicId: string;
  /** Instants the proposals or the search cover. */
  readonly from: number;
  readonly to: number;
  /** Physicians whose calendars matter; `all` for a clinic-wide search. */
  readonly physicianIds: readonly string[] | 'all';
  readonly patientIds?: readonly string[];
  readonly resourceIds?: readonly string[];
  /** Whether PHI-free busy blocks exist here (the device's replica). */
  readonly side: 'device' | 'server';
  /**
   * The proposals' own intervals, when checking placements: the patients' and rooms' bookings are then
   * loaded only where they overlap one (all a patient or room conflict needs), not across the whole
   * range with the physicians' travel margin (a 4-week series would otherwise read every room's month).
   */
  readonly windows?: readonly { readonly startsAt: number; readonly endsAt: number }[];
  /**
   * Where the clinic's travel buffer, facilities and rooms come from (they do not depend on the request):
   * read now by default (the server, inside its transaction); main passes a copy it keeps while their
   * tables are unchanged (`main/scheduling/schedule-facts.ts`).
   */
  readonly setup?: ClinicSetupSource;
}

/** The request-independent part of the facts, as rows in the order the database returned them. */
export interface ClinicSetup {
  readonly travelBufferMinutes: number | null;
  readonly facilityRows: readonly { id: string; name: string; code: string; time_zone: string; hours_json: string; latitude: number | null; longitude: number | null }[];
  readonly resourceRows: readonly { id: string; facility_id: string; name: string; resource_kind: 'room' | 'equipment'; is_active: 0 | 1 }[];
}

export type ClinicSetupSource = (db: Kysely<Database>, clinicId: string) => Promise<ClinicSetup>;

/** The clinic's travel buffer, facilities and rooms, read now. */
export async function readClinicSetup(db: Kysely<Database>, clinicId: string): Promise<ClinicSetup> {
  const [clinic, facilityRows, resourceRows] = await Promise.all([
    db.selectFrom('clinics').select('travel_buffer_minutes').where('id', '=', clinicId).executeTakeFirst(),
    db.selectFrom('facilities').select(['id', 'name', 'code', 'time_zone', 'hours_json', 'latitude', 'longitude'])
      .where('clinic_id', '=', clinicId).where('deleted_at', 'is', null).execute(),
    db.selectFrom('facility_resources').select(['id', 'facility_id', 'name', 'resource_kind', 'is_active'])
      .where('clinic_id', '=', clinicId).where('deleted_at', 'is', null).execute(),
  ]);
  return { travelBufferMinutes: clinic?.travel_buffer_minutes ?? null, facilityRows, resourceRows };
}

export function parseHours(json: string): WeeklyHours {
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' ? (value as WeeklyHours) : {};
  } catch {
    return {};
  }
}

export function physicianDisplayName(row: { first_name: string; last_name: string }): string {
  return `Dr. ${row.first_name} ${row.last_name}`;
}

/** Facilities (with closures around the range), physicians, resources, bookings, templates and time off. */
export async function loadScheduleWorld(db: Kysely<Database>, request: WorldRequest): Promise<ScheduleWorld> {
  const facts = await loadScheduleFacts(db, request);
  // Placements being checked need the physicians' bookings only within travel reach of each placement
  // (the clinic's real reach, as a slot search uses), not the whole range with the longest drive there can be.
  const reach = request.windows === undefined ? WORLD_MARGIN : slotSearchMargin(facts, 0);
  return { ...facts, booked: await loadBooked(db, request, request.from - WORLD_MARGIN, request.to + WORLD_MARGIN, reach) };
}

/**
 * Everything but the bookings: what stays the same while a search walks through its range in chunks
 * (load it once for the whole range, then `loadBookedAround` per chunk).
 */
export async function loadScheduleFacts(db: Kysely<Database>, request: WorldRequest): Promise<Omit<ScheduleWorld, 'booked'>> {
  const from = request.from - WORLD_MARGIN;
  const to = request.to + WORLD_MARGIN;
  const firstDate = addDaysToDate(localDate(from, 'UTC'), -1);
  const lastDate = addDaysToDate(localDate(to, 'UTC'), 1);
  // null: every physician; an empty list matches none.
  const physicianIn = request.physicianIds === 'all' ? null : request.physicianIds.length === 0 ? [''] : request.physicianIds;

  const [setup, closureRows, physicianRows, templateRows, timeOffRows] = await Promise.all([
    (request.setup ?? readClinicSetup)(db, request.clinicId),
    db.selectFrom('facility_closures').select(['id', 'facility_id', 'closed_on', 'reason'])
      .where('clinic_id', '=', request.clinicId).where('deleted_at', 'is', null)
      .where('closed_on', '>=', firstDate).where('closed_on', '<=', lastDate).execute(),
    db.selectFrom('physicians').select(['id', 'first_name', 'last_name'])
      .where('clinic_id', '=', request.clinicId).where('deleted_at', 'is', null)
      .$if(physicianIn !== null, (q) => q.where('id', 'in', physicianIn as readonly string[])).execute(),
    db.selectFrom('availability_templates').select(['physician_id', 'facility_id', 'weekday', 'start_minute', 'end_minute', 'effective_from', 'effective_to'])
      .where('clinic_id', '=', request.clinicId).where('deleted_at', 'is', null)
      .where('effective_from', '<=', lastDate)
      .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>', firstDate)]))
      .$if(physicianIn !== null, (q) => q.where('physician_id', 'in', physicianIn as readonly string[])).execute(),
    db.selectFrom('time_off').select(['id', 'physician_id', 'facility_id', 'starts_at', 'ends_at', 'time_off_kind', 'reason'])
      .where('clinic_id', '=', request.clinicId).where('deleted_at', 'is', null)
      .where('starts_at', '<', to).where('ends_at', '>', from)
      .$if(physicianIn !== null, (q) => q.where('physician_id', 'in', physicianIn as readonly string[])).execute(),
  ]);

  const closuresByFacility = new Map<string, Map<string, { id: string; reason: string }>>();
  for (const row of closureRows) {
    let map = closuresByFacility.get(row.facility_id);
    if (!map) closuresByFacility.set(row.facility_id, (map = new Map()));
    map.set(row.closed_on, { id: row.id, reason: row.reason });
  }
  const facilities = new Map<string, FacilityFacts>(setup.facilityRows.map((row) => [row.id, {
    id: row.id, name: row.name, timeZone: row.time_zone, hours: parseHours(row.hours_json), latitude: row.latitude, longitude: row.longitude,
    closures: closuresByFacility.get(row.id) ?? new Map(),
  }]));
  const physicians = new Map<string, PhysicianFacts>(physicianRows.map((row) => [row.id, { id: row.id, name: physicianDisplayName(row) }]));
  const resources = new Map<string, ResourceFacts>(setup.resourceRows.map((row) => [row.id, {
    id: row.id, facilityId: row.facility_id, name: row.name, kind: row.resource_kind, isActive: row.is_active === 1,
  }]));
  const availability: AvailabilityRule[] = templateRows.map((row) => ({
    physicianId: row.physician_id, facilityId: row.facility_id, weekday: row.weekday, startMinute: row.start_minute, endMinute: row.end_minute,
    effectiveFrom: row.effective_from, effectiveTo: row.effective_to,
  }));
  const timeOff: TimeOffFacts[] = timeOffRows.map((row) => ({
    id: row.id, physicianId: row.physician_id, facilityId: row.facility_id, startsAt: row.starts_at, endsAt: row.ends_at, kind: row.time_off_kind, reason: row.reason,
  }));

  const patientNames = new Map<string, string>();
  for (const part of chunks(request.patientIds ?? [])) {
    const rows = await db.selectFrom('patients').select(['id', 'first_name', 'last_name', 'preferred_name']).where('id', 'in', part).execute();
    for (const row of rows) patientNames.set(row.id, `${row.preferred_name ?? row.first_name} ${row.last_name}`);
  }

  return { facilities, physicians, resources, availability, timeOff, travelBufferMinutes: setup.travelBufferMinutes ?? 0, patientNames };
}

/**
 * How far around a slot a booking can still matter, in ms: the longest drive between two of the clinic's
 * facilities (or the clinic's travel buffer), plus the slot's own length. `WORLD_MARGIN` assumes the
 * longest drive there can be (12 hours); a clinic whose facilities are across town needs an hour or two.
 */
export function slotSearchMargin(facts: Pick<ScheduleWorld, 'facilities' | 'travelBufferMinutes'>, durationMinutes: number): number {
  let reach = facts.travelBufferMinutes;
  const facilities = [...facts.facilities.values()];
  for (const from of facilities) for (const to of facilities) reach = Math.max(reach, travelMinutes(from, to, facts.travelBufferMinutes));
  return (reach + durationMinutes) * 60_000;
}

/**
 * The bookings `loadScheduleWorld` would load for [from, to) of the request's physicians, patients and rooms
 * (margins included). A caller that knows it needs less around the range (a slot search: the travel time,
 * and the length of the exam after `to`) passes its own margin; bookings that started up to a day before
 * are always included.
 */
export function loadBookedAround(db: Kysely<Database>, request: WorldRequest, from: number, to: number, margin = WORLD_MARGIN): Promise<BookedInterval[]> {
  return loadBooked(db, request, from - margin, to + margin, margin);
}

/**
 * Active appointments (and, on a device, busy blocks) touching [from, to) of the given physicians, patients
 * or rooms. With `request.windows` (placements being checked), the physicians' bookings are read only
 * within `physicianMargin` of each window and the patients' and rooms' only where they overlap one.
 */
async function loadBooked(db: Kysely<Database>, request: WorldRequest, from: number, to: number, physicianMargin: number): Promise<BookedInterval[]> {
  const physicianIds = request.physicianIds;
  let rows: AppointmentRow[];
  if (request.windows === undefined || physicianIds === 'all') {
    rows = await appointmentRows(db, request.clinicId, from, to, physicianIds, request.patientIds ?? [], request.resourceIds ?? []);
  } else {
    rows = await appointmentRowsInWindows(db, request.clinicId, request.windows, physicianMargin, physicianIds, request.patientIds ?? [], request.resourceIds ?? []);
  }
  const booked: BookedInterval[] = rows.map((row) => ({
    id: row.id, physicianId: row.physician_id, facilityId: row.facility_id, patientId: row.patient_id, resourceId: row.resource_id, startsAt: row.starts_at, endsAt: row.ends_at,
  }));
  if (request.side === 'device' && (physicianIds === 'all' || physicianIds.length > 0)) {
    const known = new Set(booked.map((item) => item.id));
    const blocks = await db.selectFrom('busy_blocks')
      .select(['id', 'physician_id', 'facility_id', 'starts_at', 'ends_at'])
      .where('clinic_id', '=', request.clinicId)
      .where('deleted_at', 'is', null)
      .where('status', 'not in', ['cancelled', 'no_show'])
      .where('starts_at', '<', to)
      .where('starts_at', '>', from - 24 * HOUR)
      .where('ends_at', '>', from)
      .$if(physicianIds !== 'all', (q) => q.where('physician_id', 'in', physicianIds as readonly string[]))
      .execute();
    for (const row of blocks) {
      if (!known.has(row.id)) booked.push({ id: row.id, physicianId: row.physician_id, facilityId: row.facility_id, patientId: null, resourceId: null, startsAt: row.starts_at, endsAt: row.ends_at });
    }
  }
  return booked;
}

interface AppointmentRow {
  id: string; physician_id: string; facility_id: string; patient_id: string; resource_id: string | null; starts_at: number; ends_at: number;
}

/**
 * Active appointments touching [from, to) of any of the physicians, patients or rooms: one select per kind
 * of list rather than one with `physician_id IN … OR resource_id IN …`. SQLite answers such an OR with a
 * set of row ids it then reads row by row, so `ends_at > from` could not be checked in the indexes
 * (physician, patient, room × start × end) before reading each row (docs/scheduling.md, Performance).
 * The patients' and rooms' selects leave out the listed physicians' bookings, which the first select
 * already returned (a room's bookings are mostly its physicians'); what is still found twice is merged.
 */
/**
 * `appointmentRows` for a set of windows (a series' occurrences): one statement per kind of list, with the
 * windows as a `VALUES` list the database walks through (SQLite: each window, then each listed id, a range
 * of its index), instead of one statement per window and list. The physicians' bookings are read within
 * `physicianMargin` of each window, the patients' and rooms' only where they overlap one.
 */
async function appointmentRowsInWindows(
  db: Kysely<Database>, clinicId: string, windows: readonly { readonly startsAt: number; readonly endsAt: number }[], physicianMargin: number,
  physicianIds: readonly string[], patientIds: readonly string[], resourceIds: readonly string[],
): Promise<AppointmentRow[]> {
  const others = physicianIds.length > 0 && physicianIds.length <= 500 ? physicianIds : null;
  const queries = [
    ...chunks(physicianIds).map((ids) => () => rowsInWindows(db, clinicId, windows, 'physician_id', ids, physicianMargin, null)),
    ...chunks(patientIds).map((ids) => () => rowsInWindows(db, clinicId, windows, 'patient_id', ids, 0, others)),
    ...chunks(resourceIds).map((ids) => () => rowsInWindows(db, clinicId, windows, 'resource_id', ids, 0, others)),
  ];
  const rows: AppointmentRow[] = [];
  const seen = new Set<string>();
  for (const query of queries) {
    for (const row of await query()) {
      if (seen.has(row.id)) continue;
      seen.add(row.id);
      rows.push(row);
    }
  }
  return rows;
}

/** One statement of `appointmentRowsInWindows`: the active bookings of the listed ids within `margin` of a window. */
async function rowsInWindows(
  db: Kysely<Database>, clinicId: string, windows: readonly { readonly startsAt: number; readonly endsAt: number }[],
  column: 'physician_id' | 'patient_id' | 'resource_id', ids: readonly string[], margin: number, skipPhysicianIds: readonly string[] | null,
): Promise<AppointmentRow[]> {
  const spans = sql.join(windows.map((w) => sql`(cast(${w.startsAt - margin} as bigint), cast(${w.endsAt + margin} as bigint))`));
  const result = await sql<AppointmentRow>`with spans (span_from, span_to) as (values ${spans})
    select a.id, a.physician_id, a.facility_id, a.patient_id, a.resource_id, a.starts_at, a.ends_at
    from spans cross join appointments a
    where a.${sql.ref(column)} in (${sql.join(ids)})
      and a.starts_at < spans.span_to and a.starts_at > spans.span_from - ${24 * HOUR} and a.ends_at > spans.span_from
      and a.clinic_id = ${clinicId} and a.deleted_at is null and a.status not in ('cancelled', 'no_show')
      ${skipPhysicianIds !== null ? sql`and a.physician_id not in (${sql.join(skipPhysicianIds)})` : sql``}`.execute(db);
  return result.rows;
}

/**
 * The active bookings of some rooms that overlap any of the windows, leaving out the bookings of
 * `skipPhysicianIds` (a world loaded for those physicians already has them). For choosing a free room
 * one batch of candidates at a time (`checkPlacements`) instead of reading every room of the kind.
 */
export async function loadRoomBookingsInWindows(
  db: Kysely<Database>, clinicId: string, windows: readonly { readonly startsAt: number; readonly endsAt: number }[],
  resourceIds: readonly string[], skipPhysicianIds: readonly string[],
): Promise<BookedInterval[]> {
  const others = skipPhysicianIds.length > 0 && skipPhysicianIds.length <= 500 ? skipPhysicianIds : null;
  const booked: BookedInterval[] = [];
  for (const ids of chunks(resourceIds)) {
    for (const row of await rowsInWindows(db, clinicId, windows, 'resource_id', ids, 0, others)) {
      booked.push({ id: row.id, physicianId: row.physician_id, facilityId: row.facility_id, patientId: row.patient_id, resourceId: row.resource_id, startsAt: row.starts_at, endsAt: row.ends_at });
    }
  }
  return booked;
}

async function appointmentRows(
  db: Kysely<Database>, clinicId: string, from: number, to: number,
  physicianIds: readonly string[] | 'all', patientIds: readonly string[], resourceIds: readonly string[],
): Promise<AppointmentRow[]> {
  const select = () => db.selectFrom('appointments')
    .select(['id', 'physician_id', 'facility_id', 'patient_id', 'resource_id', 'starts_at', 'ends_at'])
    .where('clinic_id', '=', clinicId)
    .where('deleted_at', 'is', null)
    .where('status', 'not in', ['cancelled', 'no_show'])
    .where('starts_at', '<', to)
    .where('starts_at', '>', from - 24 * HOUR)
    .where('ends_at', '>', from);
  if (physicianIds === 'all') return select().execute();
  const others = physicianIds.length > 0 && physicianIds.length <= 500 ? physicianIds : null;
  const queries = [
    ...chunks(physicianIds).map((ids) => select().where('physician_id', 'in', ids)),
    ...chunks(patientIds).map((ids) => select().where('patient_id', 'in', ids).$if(others !== null, (q) => q.where('physician_id', 'not in', others as readonly string[]))),
    ...chunks(resourceIds).map((ids) => select().where('resource_id', 'in', ids).$if(others !== null, (q) => q.where('physician_id', 'not in', others as readonly string[]))),
  ];
  const rows: AppointmentRow[] = [];
  const seen = new Set<string>();
  for (const query of queries) {
    for (const row of await query.execute()) {
      if (seen.has(row.id)) continue;
      seen.add(row.id);
      rows.push(row);
    }
  }
  return rows;
}
