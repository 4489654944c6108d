import { addDaysToDate, localDate } from '../time/facility-time';
import {
  hasHours, indexWorld, near, openingIntervals, overlaps, subtractIntervals, templateWindows, timeOffAt,
  type IndexedWorld, type Interval, type ScheduleWorld,
} from './conflicts';
import type { Slot } from './conflict-types';
import { MAX_TRAVEL_MINUTES, travelMinutes } from './travel';

/** What to look for. Eligibility (offerings, assignments) is decided by the caller. */
export interface SlotQuery {
  readonly durationMinutes: number;
  /** Kind of room/equipment the exam needs, or null. */
  readonly resourceKind: 'room' | 'equipment' | null;
  /** Facility → physicians who may be booked there for this exam. */
  readonly candidates: ReadonlyMap<string, readonly string[]>;
  /** Only slots starting at or after this instant and before `until`. */
  readonly after: number;
  readonly until: number;
  /** Skip slots where this patient is already booked. */
  readonly patientId?: string;
  readonly limit?: number;
  /** Candidate starts step from each window's start by this many minutes (default 15). */
  readonly stepMinutes?: number;
}

const MINUTE = 60_000;

/** Intersects two sorted, merged interval lists. */
function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const x of a) for (const y of b) {
    const startsAt = Math.max(x.startsAt, y.startsAt);
    const endsAt = Math.min(x.endsAt, y.endsAt);
    if (startsAt < endsAt) out.push({ startsAt, endsAt });
  }
  return out;
}

/** Whether the physician is free for [startsAt, endsAt) at a facility, travel time to other facilities included. */
function physicianFree(world: IndexedWorld, physicianId: string, facilityId: string, span: Interval): boolean {
  const facility = world.facilities.get(facilityId);
  const margin = Math.max(world.travelBufferMinutes, MAX_TRAVEL_MINUTES) * MINUTE;
  for (const other of near(world.byPhysician.get(physicianId), span.startsAt, span.endsAt, margin)) {
    if (overlaps(other, span)) return false;
    if (other.facilityId === facilityId || !facility) continue;
    const otherFacility = world.facilities.get(other.facilityId);
    const needed = (otherFacility ? travelMinutes(otherFacility, facility, world.travelBufferMinutes) : world.travelBufferMinutes) * MINUTE;
    const gap = other.endsAt <= span.startsAt ? span.startsAt - other.endsAt : other.startsAt - span.endsAt;
    if (gap < needed) return false;
  }
  return true;
}

function freeIn(map: IndexedWorld['byPatient'], key: string, span: Interval): boolean {
  return near(map.get(key), span.startsAt, span.endsAt, 0).length === 0;
}

/**
 * Free slots in [after, until), earliest first (ties by facility, then physician name). A slot lies inside
 * the physician's availability at that facility (template minus time off), inside opening hours, not on a
 * closure day, clear of the physician's other bookings anywhere plus travel time, of the patient's, and
 * with a free room of the needed kind. These are the same rules `detectConflicts` reports on; a slot
 * returned here has no conflict (tested as a property).
 */
export function findSlots(world: ScheduleWorld, query: SlotQuery): Slot[] {
  const indexed = indexWorld(world);
  const step = (query.stepMinutes ?? 15) * MINUTE;
  const duration = query.durationMinutes * MINUTE;
  const slots: Slot[] = [];
  for (const [facilityId, physicianIds] of query.candidates) {
    const facility = indexed.facilities.get(facilityId);
    if (!facility) continue;
    const resources = query.resourceKind === null
      ? []
      : [...indexed.resources.values()].filter((r) => r.facilityId === facilityId && r.kind === query.resourceKind && r.isActive).sort((a, b) => a.name.localeCompare(b.name));
    if (query.resourceKind !== null && resources.length === 0) continue;
    const lastDate = localDate(query.until, facility.timeZone);
    for (let date = localDate(query.after, facility.timeZone); date <= lastDate; date = addDaysToDate(date, 1)) {
      if (facility.closures.has(date)) continue;
      const open = hasHours(facility) ? openingIntervals(facility, date) : null;
      if (open !== null && open.length === 0) continue;
      for (const physicianId of physicianIds) {
        let windows = templateWindows(indexed, physicianId, facility, date);
        if (windows.length === 0) continue;
        if (open !== null) windows = intersect(windows, open);
        const dayRange = { startsAt: (windows[0] as Interval).startsAt, endsAt: (windows[windows.length - 1] as Interval).endsAt };
        windows = subtractIntervals(windows, timeOffAt(indexed, physicianId, facilityId, dayRange));
        const physicianName = indexed.physicians.get(physicianId)?.name ?? '';
        for (const window of windows) {
          for (let startsAt = window.startsAt; startsAt + duration <= window.endsAt; startsAt += step) {
            if (startsAt < query.after) continue;
            if (startsAt >= query.until) break;
            const span = { startsAt, endsAt: startsAt + duration };
            if (!physicianFree(indexed, physicianId, facilityId, span)) continue;
            if (query.patientId !== undefined && !freeIn(indexed.byPatient, query.patientId, span)) continue;
            let resourceId: string | null = null;
            if (resources.length > 0) {
              const free = resources.find((resource) => freeIn(indexed.byResource, resource.id, span));
              if (!free) continue;
              resourceId = free.id;
            }
            slots.push({ physicianId, physicianName, facilityId, facilityName: facility.name, timeZone: facility.timeZone, startsAt, endsAt: span.endsAt, resourceId });
          }
        }
      }
    }
  }
  slots.sort((a, b) => a.startsAt - b.startsAt || a.facilityName.localeCompare(b.facilityName) || a.physicianName.localeCompare(b.physicianName));
  return query.limit === undefined ? slots : slots.slice(0, query.limit);
}
