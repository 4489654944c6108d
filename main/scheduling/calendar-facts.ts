import type { Kysely } from 'kysely';
import type { Database } from '../../shared/db/tables';
import type { CalendarFacility, Interval } from '../../shared/scheduling/calendar.contract';
import { availabilityWindows, indexWorld, type FacilityFacts, type IndexedWorld } from '../../shared/scheduling/conflicts';
import { mapUrl } from '../../shared/scheduling/map-link';
import { parseHours, physicianDisplayName } from '../../shared/scheduling/schedule-data';
import { chunks } from '../../shared/db/chunks';
import { tableVersionsOf } from '../db/connection';
import { displayNameOf } from '../patients/patient.repository';

/**
 * What the calendar needs of a facility besides its appointments: the facility, its physicians, their
 * templates, time off and blocks, closures, rooms and the clinic's exam types. These change a few times a
 * day at most while the calendar is read hundreds of times, so they are kept in the main process per
 * replica and facility, stamped with the change counters of the tables they come from
 * (`main/db/table-versions.ts`). Any committed write to one of those tables — a set-up edit, a sync batch,
 * a rebase — changes the stamp, and the next read loads them again. Nothing here holds PHI.
 */
export interface FacilityCalendarFacts {
  readonly facility: CalendarFacility;
  readonly facts: FacilityFacts;
  /** Active physicians assigned to the facility, by last then first name. */
  readonly physicians: readonly CalendarPhysician[];
  /** Templates of this facility and the time off that applies here (everywhere, or blocks at this facility). */
  readonly world: IndexedWorld;
  readonly examById: ReadonlyMap<string, { readonly name: string; readonly color: string }>;
  readonly resourceName: ReadonlyMap<string, string>;
  /** Availability windows already worked out, by `physicianId|date`. */
  readonly windows: Map<string, Interval[]>;
}

export interface CalendarPhysician {
  readonly id: string;
  readonly name: string;
  readonly color: string;
}

/** The tables the facts are read from: a write to any of them makes the cached facts stale. */
export const CALENDAR_FACT_TABLES = [
  'availability_templates', 'exam_types', 'facilities', 'facility_closures', 'facility_resources', 'physician_facilities', 'physicians', 'time_off',
] as const;

/** More remembered windows than a desk paging through a year of weeks needs; past it they start again. */
const MAX_REMEMBERED_WINDOWS = 50_000;

interface Entry {
  readonly stamp: string;
  readonly value: FacilityCalendarFacts;
}

const cached = new WeakMap<Kysely<Database>, Map<string, Entry>>();

/**
 * The facility's calendar facts, from the cache while no watched table has changed, else read (and kept
 * when the replica could stamp them). Null when the facility is not one of the clinic's.
 */
export async function facilityCalendarFacts(db: Kysely<Database>, clinicId: string, facilityId: string): Promise<FacilityCalendarFacts | null> {
  const versions = tableVersionsOf(db);
  // Read before the facts: whatever is loaded below is at least as new as this stamp.
  const stamp = versions?.stamp(CALENDAR_FACT_TABLES) ?? null;
  const key = `${clinicId}|${facilityId}`;
  let entries = cached.get(db);
  const hit = entries?.get(key);
  if (stamp !== null && hit?.stamp === stamp) return hit.value;
  const value = await loadFacilityCalendarFacts(db, clinicId, facilityId);
  if (value === null || stamp === null) return value;
  if (!entries) cached.set(db, (entries = new Map()));
  entries.set(key, { stamp, value });
  return value;
}

/** A physician's availability at the facility on a date (templates minus time off), worked out once per stamp. */
export function facilityWindows(facts: FacilityCalendarFacts, physicianId: string, date: string): Interval[] {
  const key = `${physicianId}|${date}`;
  let windows = facts.windows.get(key);
  if (!windows) {
    if (facts.windows.size >= MAX_REMEMBERED_WINDOWS) facts.windows.clear();
    windows = availabilityWindows(facts.world, physicianId, facts.facility.id, date);
    facts.windows.set(key, windows);
  }
  return windows;
}

async function loadFacilityCalendarFacts(db: Kysely<Database>, clinicId: string, facilityId: string): Promise<FacilityCalendarFacts | null> {
  const [row, physicians, closures, templates, timeOff, examTypes, resources] = await Promise.all([
    db.selectFrom('facilities').select(['id', 'name', 'code', 'time_zone', 'hours_json', 'latitude', 'longitude'])
      .where('id', '=', facilityId).where('clinic_id', '=', clinicId).where('deleted_at', 'is', null).executeTakeFirst(),
    db.selectFrom('physician_facilities').innerJoin('physicians', 'physicians.id', 'physician_facilities.physician_id')
      .select(['physicians.id', 'physicians.first_name', 'physicians.last_name', 'physicians.color'])
      .where('physician_facilities.facility_id', '=', facilityId).where('physician_facilities.deleted_at', 'is', null)
      .where('physicians.deleted_at', 'is', null).where('physicians.is_active', '=', 1).where('physicians.clinic_id', '=', clinicId)
      .orderBy('physicians.last_name').orderBy('physicians.first_name').execute(),
    db.selectFrom('facility_closures').select(['id', 'closed_on', 'reason']).where('facility_id', '=', facilityId).where('deleted_at', 'is', null).execute(),
    db.selectFrom('availability_templates').select(['physician_id', 'facility_id', 'weekday', 'start_minute', 'end_minute', 'effective_from', 'effective_to'])
      .where('facility_id', '=', facilityId).where('deleted_at', 'is', null).execute(),
    db.selectFrom('time_off').select(['id', 'physician_id', 'facility_id', 'starts_at', 'ends_at', 'time_off_kind', 'reason'])
      .where('clinic_id', '=', clinicId).where('deleted_at', 'is', null)
      .where((eb) => eb.or([eb('facility_id', 'is', null), eb('facility_id', '=', facilityId)])).execute(),
    db.selectFrom('exam_types').select(['id', 'name', 'color']).where('clinic_id', '=', clinicId).execute(),
    db.selectFrom('facility_resources').select(['id', 'name']).where('facility_id', '=', facilityId).execute(),
  ]);
  if (!row) return null;
  const facts: FacilityFacts = {
    id: row.id, name: row.name, timeZone: row.time_zone, hours: parseHours(row.hours_json), latitude: row.latitude, longitude: row.longitude,
    closures: new Map(closures.map((c) => [c.closed_on, { id: c.id, reason: c.reason }])),
  };
  return {
    facility: { id: row.id, name: row.name, code: row.code, timeZone: row.time_zone, mapUrl: mapUrl(row.latitude, row.longitude) },
    facts,
    physicians: physicians.map((p) => ({ id: p.id, name: physicianDisplayName(p), color: p.color })),
    world: indexWorld({
      facilities: new Map([[facilityId, facts]]), physicians: new Map(), resources: new Map(), booked: [],
      availability: templates.map((t) => ({ physicianId: t.physician_id, facilityId: t.facility_id, weekday: t.weekday, startMinute: t.start_minute, endMinute: t.end_minute, effectiveFrom: t.effective_from, effectiveTo: t.effective_to })),
      timeOff: timeOff.map((t) => ({ id: t.id, physicianId: t.physician_id, facilityId: t.facility_id, startsAt: t.starts_at, endsAt: t.ends_at, kind: t.time_off_kind, reason: t.reason })),
      travelBufferMinutes: 0,
    }),
    examById: new Map(examTypes.map((e) => [e.id, { name: e.name, color: e.color }])),
    resourceName: new Map(resources.map((r) => [r.id, r.name])),
    windows: new Map(),
  };
}

interface NameEntry {
  readonly stamp: string;
  readonly names: Map<string, string>;
}

/** More patients than a facility sees in months; past it the remembered names start again. */
const MAX_REMEMBERED_NAMES = 100_000;
const names = new WeakMap<Kysely<Database>, NameEntry>();

/**
 * Display names ("Last, Preferred-or-first") of patients by id, remembered while the `patients` table is
 * unchanged (any committed write to it, local or synced, forgets them all). A patient id missing from the
 * result has no row on this replica. The caller decides which ids it may show: only ids of appointments
 * already read under the subject's row scope are asked for.
 */
export async function patientDisplayNames(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, string>> {
  const stamp = tableVersionsOf(db)?.stamp(['patients']) ?? null;
  let entry = names.get(db);
  if (stamp === null) entry = { stamp: '', names: new Map() };
  else if (!entry || entry.stamp !== stamp || entry.names.size >= MAX_REMEMBERED_NAMES) names.set(db, (entry = { stamp, names: new Map() }));
  const missing = [...new Set(ids.filter((id) => !entry.names.has(id)))];
  for (const part of chunks(missing)) {
    const rows = await db.selectFrom('patients').select(['id', 'first_name', 'last_name', 'preferred_name']).where('id', 'in', part).execute();
    for (const row of rows) entry.names.set(row.id, displayNameOf(row));
  }
  return entry.names;
}
