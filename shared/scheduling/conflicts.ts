import { WEEKDAYS, type WeeklyHours } from '../admin/facility.contract';
import { instantAt, localDate, localTime, weekdayOf } from '../time/facility-time';
import { CONFLICT_KINDS, type ConflictKind, type SchedulingConflict } from './conflict-types';
import { MAX_TRAVEL_MINUTES, travelMinutes, type Located } from './travel';

/*
 * Conflict detection: one pure module, used by the device (optimistically, inside the mutator), by the
 * server (authoritatively, the same mutator on Postgres), and by previews and slot search. It knows
 * nothing about databases: callers load a `ScheduleWorld` around the proposal (schedule-data.ts).
 *
 * Intervals are half-open [startsAt, endsAt): an appointment ending at 10:00 and one starting at 10:00
 * do not overlap. Local days, hours and templates are read in each facility's own IANA zone.
 */

export interface Interval {
  readonly startsAt: number;
  readonly endsAt: number;
}

export interface FacilityFacts extends Located {
  readonly name: string;
  readonly timeZone: string;
  readonly hours: WeeklyHours;
  /** Closure days by date, with their reason. */
  readonly closures: ReadonlyMap<string, { readonly id: string; readonly reason: string }>;
}

export interface PhysicianFacts {
  readonly id: string;
  readonly name: string;
}

export interface ResourceFacts {
  readonly id: string;
  readonly facilityId: string;
  readonly name: string;
  readonly kind: 'room' | 'equipment';
  readonly isActive: boolean;
}

/** Something that holds time: an appointment, or a PHI-free busy block (no patient, no room). */
export interface BookedInterval extends Interval {
  readonly id: string;
  readonly physicianId: string;
  readonly facilityId: string;
  readonly patientId: string | null;
  readonly resourceId: string | null;
}

export interface AvailabilityRule {
  readonly physicianId: string;
  readonly facilityId: string;
  readonly weekday: number;
  readonly startMinute: number;
  readonly endMinute: number;
  readonly effectiveFrom: string;
  /** Exclusive. */
  readonly effectiveTo: string | null;
}

export interface TimeOffFacts extends Interval {
  readonly id: string;
  readonly physicianId: string;
  /** Null = everywhere. */
  readonly facilityId: string | null;
  readonly kind: 'time_off' | 'block';
  readonly reason: string | null;
}

/** Everything conflict detection needs to know around a proposal. */
export interface ScheduleWorld {
  readonly facilities: ReadonlyMap<string, FacilityFacts>;
  readonly physicians: ReadonlyMap<string, PhysicianFacts>;
  readonly resources: ReadonlyMap<string, ResourceFacts>;
  readonly booked: readonly BookedInterval[];
  readonly availability: readonly AvailabilityRule[];
  readonly timeOff: readonly TimeOffFacts[];
  readonly travelBufferMinutes: number;
  /** Names for messages (patients in the user's scope); unknown ones read "the patient". */
  readonly patientNames?: ReadonlyMap<string, string>;
}

export interface Proposal extends Interval {
  readonly facilityId: string;
  readonly physicianId: string;
  readonly patientId: string;
  readonly resourceId: string | null;
  /** Bookings to leave out (the appointment being moved, other occurrences being replaced). */
  readonly ignoreIds?: ReadonlySet<string>;
}

const MINUTE = 60_000;

/** Sorted per-key lists of booked intervals, so lookups cost a binary search, not a scan. */
interface SortedList {
  readonly items: BookedInterval[];
  maxLength: number;
}

/** A world prepared for many lookups (slot search, series); build once per world. */
export interface IndexedWorld extends ScheduleWorld {
  readonly byPhysician: ReadonlyMap<string, SortedList>;
  readonly byPatient: ReadonlyMap<string, SortedList>;
  readonly byResource: ReadonlyMap<string, SortedList>;
  readonly rulesByKey: ReadonlyMap<string, AvailabilityRule[]>;
  readonly timeOffByPhysician: ReadonlyMap<string, TimeOffFacts[]>;
}

function addTo(map: Map<string, SortedList>, key: string | null, item: BookedInterval): void {
  if (key === null) return;
  let list = map.get(key);
  if (!list) {
    list = { items: [], maxLength: 0 };
    map.set(key, list);
  }
  list.items.push(item);
  list.maxLength = Math.max(list.maxLength, item.endsAt - item.startsAt);
}

export function indexWorld(world: ScheduleWorld): IndexedWorld {
  if ('byPhysician' in world) return world as IndexedWorld;
  const byPhysician = new Map<string, SortedList>();
  const byPatient = new Map<string, SortedList>();
  const byResource = new Map<string, SortedList>();
  for (const item of world.booked) {
    addTo(byPhysician, item.physicianId, item);
    addTo(byPatient, item.patientId, item);
    addTo(byResource, item.resourceId, item);
  }
  for (const map of [byPhysician, byPatient, byResource]) for (const list of map.values()) list.items.sort((a, b) => a.startsAt - b.startsAt);
  const rulesByKey = new Map<string, AvailabilityRule[]>();
  for (const rule of world.availability) {
    const key = `${rule.physicianId}|${rule.facilityId}|${rule.weekday}`;
    const list = rulesByKey.get(key);
    if (list) list.push(rule);
    else rulesByKey.set(key, [rule]);
  }
  const timeOffByPhysician = new Map<string, TimeOffFacts[]>();
  for (const entry of world.timeOff) {
    const list = timeOffByPhysician.get(entry.physicianId);
    if (list) list.push(entry);
    else timeOffByPhysician.set(entry.physicianId, [entry]);
  }
  return { ...world, byPhysician, byPatient, byResource, rulesByKey, timeOffByPhysician };
}

/**
 * Adds a booking to an indexed world in place (its physician's, patient's and room's lists stay sorted),
 * so placements checked one after another each see the ones placed before them without re-indexing.
 */
export function addToIndex(world: IndexedWorld, item: BookedInterval): void {
  const insert = (map: ReadonlyMap<string, SortedList>, key: string | null) => {
    if (key === null) return;
    let list = map.get(key);
    if (!list) {
      list = { items: [], maxLength: 0 };
      (map as Map<string, SortedList>).set(key, list);
    }
    let at = list.items.length;
    while (at > 0 && (list.items[at - 1] as BookedInterval).startsAt > item.startsAt) at -= 1;
    list.items.splice(at, 0, item);
    list.maxLength = Math.max(list.maxLength, item.endsAt - item.startsAt);
  };
  insert(world.byPhysician, item.physicianId);
  insert(world.byPatient, item.patientId);
  insert(world.byResource, item.resourceId);
}

/** Booked intervals of a list that come within `margin` ms of [startsAt, endsAt) (binary search on start). */
export function near(list: SortedList | undefined, startsAt: number, endsAt: number, margin: number): BookedInterval[] {
  if (!list) return [];
  const { items } = list;
  const from = startsAt - margin - list.maxLength;
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((items[mid] as BookedInterval).startsAt < from) low = mid + 1;
    else high = mid;
  }
  const found: BookedInterval[] = [];
  for (let i = low; i < items.length; i += 1) {
    const item = items[i] as BookedInterval;
    if (item.startsAt >= endsAt + margin) break;
    if (item.endsAt > startsAt - margin) found.push(item);
  }
  return found;
}

export function overlaps(a: Interval, b: Interval): boolean {
  return a.startsAt < b.endsAt && b.startsAt < a.endsAt;
}

function minutesToTime(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

const WEEKDAY_NAMES = ['Sundays', 'Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays'];

/** Template spans of a physician at a facility in effect on a local date, as instants in the facility's zone. */
export function templateWindows(world: IndexedWorld, physicianId: string, facility: FacilityFacts, date: string): Interval[] {
  const rules = world.rulesByKey.get(`${physicianId}|${facility.id}|${weekdayOf(date)}`) ?? [];
  const windows: Interval[] = [];
  for (const rule of rules) {
    if (rule.effectiveFrom > date || (rule.effectiveTo !== null && date >= rule.effectiveTo)) continue;
    windows.push({
      startsAt: instantAt(date, minutesToTime(rule.startMinute), facility.timeZone),
      endsAt: rule.endMinute >= 24 * 60 ? instantAt(date, '23:59', facility.timeZone) + MINUTE : instantAt(date, minutesToTime(rule.endMinute), facility.timeZone),
    });
  }
  return mergeIntervals(windows);
}

/** Time off and blocks of a physician that apply at a facility and touch an interval. */
export function timeOffAt(world: IndexedWorld, physicianId: string, facilityId: string, range: Interval): TimeOffFacts[] {
  return (world.timeOffByPhysician.get(physicianId) ?? []).filter((entry) => (entry.facilityId === null || entry.facilityId === facilityId) && overlaps(entry, range));
}

/** Sorts and merges touching or overlapping intervals. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.startsAt - b.startsAt);
  const merged: Interval[] = [];
  for (const next of sorted) {
    const last = merged[merged.length - 1];
    if (last && next.startsAt <= last.endsAt) merged[merged.length - 1] = { startsAt: last.startsAt, endsAt: Math.max(last.endsAt, next.endsAt) };
    else merged.push(next);
  }
  return merged;
}

/** `windows` minus `holes`. */
export function subtractIntervals(windows: readonly Interval[], holes: readonly Interval[]): Interval[] {
  let result = mergeIntervals(windows);
  for (const hole of holes) {
    const next: Interval[] = [];
    for (const window of result) {
      if (!overlaps(window, hole)) {
        next.push(window);
        continue;
      }
      if (window.startsAt < hole.startsAt) next.push({ startsAt: window.startsAt, endsAt: hole.startsAt });
      if (hole.endsAt < window.endsAt) next.push({ startsAt: hole.endsAt, endsAt: window.endsAt });
    }
    result = next;
  }
  return result;
}

/** Where a physician can be booked at a facility on a local date: template spans minus time off and blocks. */
export function availabilityWindows(world: ScheduleWorld, physicianId: string, facilityId: string, date: string): Interval[] {
  const indexed = indexWorld(world);
  const facility = indexed.facilities.get(facilityId);
  if (!facility) return [];
  const windows = templateWindows(indexed, physicianId, facility, date);
  if (windows.length === 0) return windows;
  const range = { startsAt: (windows[0] as Interval).startsAt, endsAt: (windows[windows.length - 1] as Interval).endsAt };
  return subtractIntervals(windows, timeOffAt(indexed, physicianId, facilityId, range));
}

/** Whether a facility has any opening hours configured; without any, hours are not enforced. */
export function hasHours(facility: FacilityFacts): boolean {
  return WEEKDAYS.some((day) => (facility.hours[day]?.length ?? 0) > 0);
}

/** Opening spans of a facility on a local date, as instants. */
export function openingIntervals(facility: FacilityFacts, date: string): Interval[] {
  const spans = facility.hours[WEEKDAYS[weekdayOf(date)] as (typeof WEEKDAYS)[number]] ?? [];
  return spans.map((span) => ({ startsAt: instantAt(date, span.open, facility.timeZone), endsAt: instantAt(date, span.close, facility.timeZone) }));
}

function within(interval: Interval, windows: readonly Interval[]): boolean {
  return windows.some((window) => window.startsAt <= interval.startsAt && interval.endsAt <= window.endsAt);
}

function conflict(kind: ConflictKind, message: string, withId: string | null = null, span: Interval | null = null): SchedulingConflict {
  return { kind, severity: CONFLICT_KINDS[kind], message, withId, startsAt: span?.startsAt ?? null, endsAt: span?.endsAt ?? null };
}

function range(interval: Interval, timeZone: string): string {
  return `${localTime(interval.startsAt, timeZone)}–${localTime(interval.endsAt, timeZone)}`;
}

function longRange(interval: Interval, timeZone: string): string {
  const startDate = localDate(interval.startsAt, timeZone);
  const endDate = localDate(interval.endsAt, timeZone);
  return startDate === endDate
    ? `${startDate} ${range(interval, timeZone)}`
    : `${startDate} ${localTime(interval.startsAt, timeZone)} – ${endDate} ${localTime(interval.endsAt, timeZone)}`;
}

/**
 * Every conflict of a proposed appointment, in a fixed order (hard first). Never throws for unknown
 * ids: missing facts simply yield no conflict of that kind (the mutator checks existence first).
 */
export function detectConflicts(proposal: Proposal, world: ScheduleWorld): SchedulingConflict[] {
  const indexed = indexWorld(world);
  const facility = indexed.facilities.get(proposal.facilityId);
  if (!facility) return [];
  const zone = facility.timeZone;
  const physicianName = indexed.physicians.get(proposal.physicianId)?.name ?? 'The physician';
  const ignore = proposal.ignoreIds;
  const live = (item: BookedInterval) => !ignore?.has(item.id);
  const found: SchedulingConflict[] = [];
  const facilityLabel = (id: string) => indexed.facilities.get(id)?.name ?? 'another facility';
  const zoneOf = (id: string) => indexed.facilities.get(id)?.timeZone ?? zone;

  // Physician: double-booked anywhere (hard), and travel time between facilities (soft).
  const maxTravel = Math.max(indexed.travelBufferMinutes, MAX_TRAVEL_MINUTES) * MINUTE;
  for (const other of near(indexed.byPhysician.get(proposal.physicianId), proposal.startsAt, proposal.endsAt, maxTravel)) {
    if (!live(other)) continue;
    if (overlaps(other, proposal)) {
      found.push(conflict('physician_double_booked', `${physicianName} is already booked ${range(other, zoneOf(other.facilityId))} at ${facilityLabel(other.facilityId)}.`, other.id, other));
      continue;
    }
    if (other.facilityId === proposal.facilityId) continue;
    const otherFacility = indexed.facilities.get(other.facilityId);
    const needed = (otherFacility ? travelMinutes(otherFacility, facility, indexed.travelBufferMinutes) : indexed.travelBufferMinutes) * MINUTE;
    const gap = other.endsAt <= proposal.startsAt ? proposal.startsAt - other.endsAt : other.startsAt - proposal.endsAt;
    if (gap < needed) {
      const before = other.endsAt <= proposal.startsAt;
      found.push(conflict(
        'travel_buffer',
        `${physicianName} has ${Math.round(gap / MINUTE)} minutes to travel ${before ? 'from' : 'to'} ${facilityLabel(other.facilityId)} (booked ${range(other, zoneOf(other.facilityId))}); ${Math.round(needed / MINUTE)} are needed.`,
        other.id, other,
      ));
    }
  }

  // Patient: double-booked with anyone, anywhere.
  const patientName = indexed.patientNames?.get(proposal.patientId) ?? 'The patient';
  for (const other of near(indexed.byPatient.get(proposal.patientId), proposal.startsAt, proposal.endsAt, 0)) {
    if (!live(other) || !overlaps(other, proposal)) continue;
    const withWhom = indexed.physicians.get(other.physicianId)?.name;
    found.push(conflict('patient_double_booked', `${patientName} is already booked ${range(other, zoneOf(other.facilityId))}${withWhom ? ` with ${withWhom}` : ''} at ${facilityLabel(other.facilityId)}.`, other.id, other));
  }

  // Room or equipment.
  if (proposal.resourceId !== null) {
    const resourceName = indexed.resources.get(proposal.resourceId)?.name ?? 'That room';
    for (const other of near(indexed.byResource.get(proposal.resourceId), proposal.startsAt, proposal.endsAt, 0)) {
      if (!live(other) || !overlaps(other, proposal)) continue;
      found.push(conflict('room_double_booked', `${resourceName} is already booked ${range(other, zone)}.`, other.id, other));
    }
  }

  // The physician's own calendar: template availability and time off at this facility.
  const date = localDate(proposal.startsAt, zone);
  for (const entry of timeOffAt(indexed, proposal.physicianId, proposal.facilityId, proposal)) {
    const what = entry.kind === 'block' ? 'blocked' : 'on time off';
    found.push(conflict('physician_time_off', `${physicianName} is ${what}${entry.reason ? ` (${entry.reason})` : ''} ${longRange(entry, zone)}.`, entry.id, entry));
  }
  const windows = templateWindows(indexed, proposal.physicianId, facility, date);
  if (!within(proposal, windows)) {
    const message = windows.length === 0
      ? `${physicianName} does not work at ${facility.name} on ${WEEKDAY_NAMES[weekdayOf(date)]}${date ? ` (${date})` : ''}.`
      : `${physicianName} is available at ${facility.name} only ${windows.map((window) => range(window, zone)).join(', ')} on ${date}.`;
    found.push(conflict('outside_availability', message));
  }

  // The facility: closure days and opening hours.
  const closure = facility.closures.get(date);
  if (closure) {
    found.push(conflict('facility_closed', `${facility.name} is closed on ${date} (${closure.reason}).`, closure.id));
  } else if (hasHours(facility)) {
    const open = openingIntervals(facility, date);
    if (!within(proposal, open)) {
      found.push(conflict('facility_closed', open.length === 0
        ? `${facility.name} is closed on ${WEEKDAY_NAMES[weekdayOf(date)]}.`
        : `${facility.name} is open only ${open.map((span) => range(span, zone)).join(', ')} on ${date}.`));
    }
  }
  return found;
}

/** Conflicts that an override with `schedule.override` cannot accept. */
export function hardConflicts(conflicts: readonly SchedulingConflict[]): SchedulingConflict[] {
  return conflicts.filter((item) => item.severity === 'hard');
}
