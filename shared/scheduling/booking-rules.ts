import type { Kysely } from 'kysely';
import { can } from '../auth/permissions';
import { scopesOf } from '../auth/row-scopes';
import type { Database } from '../db/tables';
import { DomainError, type FieldError } from '../ipc/result';
import type { MutationContext } from '../sync/mutator';
import { localDate } from '../time/facility-time';
import { addToIndex, detectConflicts, indexWorld, near, overlaps, type IndexedWorld, type ResourceFacts, type ScheduleWorld } from './conflicts';
import { CONFLICT_KINDS, type ConflictKind, type SchedulingConflict } from './conflict-types';
import { loadRoomBookingsInWindows, loadScheduleWorld, type ClinicSetupSource } from './schedule-data';

/** One appointment to place (a booking, a reschedule, an occurrence of a series). */
export interface Placement {
  readonly facilityId: string;
  readonly physicianId: string;
  readonly patientId: string;
  readonly examTypeId: string;
  /** Undefined: pick a free room of the kind the exam needs. */
  readonly resourceId?: string | null;
  readonly startsAt: number;
  readonly endsAt: number;
}

export interface PlacedCheck {
  readonly placement: Placement & { readonly resourceId: string | null };
  readonly conflicts: SchedulingConflict[];
  /** The facility's IANA zone (from the loaded world), for naming the day of a refused occurrence. */
  readonly timeZone: string;
}

export interface ExamFacts {
  readonly id: string;
  readonly name: string;
  readonly durationMinutes: number;
  readonly resourceKind: 'room' | 'equipment' | null;
}

/** Whether the subject may book at a facility (clinic-wide roles, or the user's own facilities). */
export function assertMayBookAt(ctx: Pick<MutationContext, 'subject'>, facilityId: string): void {
  const scopes = scopesOf(ctx.subject, 'appointment');
  if (!scopes.includes('clinic') && !(scopes.includes('assigned_facilities') && ctx.subject.facilityIds.includes(facilityId))) {
    throw new DomainError('forbidden', 'You can book only at facilities you are assigned to.');
  }
}

/** Exam type facts, or not_found. */
export async function examFacts(tx: Kysely<Database>, clinicId: string, examTypeId: string): Promise<ExamFacts> {
  const row = await tx.selectFrom('exam_types').select(['id', 'name', 'duration_minutes', 'resource_kind', 'is_active'])
    .where('id', '=', examTypeId).where('clinic_id', '=', clinicId).where('deleted_at', 'is', null).executeTakeFirst();
  if (!row || row.is_active !== 1) throw new DomainError('not_found', 'That exam type was not found.', [{ path: 'examTypeId', message: 'Not found or inactive' }]);
  return { id: row.id, name: row.name, durationMinutes: row.duration_minutes, resourceKind: row.resource_kind };
}

/**
 * Checks what the data must say before conflicts are even considered: the facility, physician, patient
 * and exam exist in the clinic; the physician works at the facility; the exam is offered there and by
 * that physician. These are input errors, not conflicts (no override applies).
 */
export async function assertBookable(tx: Kysely<Database>, clinicId: string, p: Omit<Placement, 'startsAt' | 'endsAt'>): Promise<ExamFacts> {
  const [facility, physician, patient, assignment, offerings] = await Promise.all([
    tx.selectFrom('facilities').select(['id', 'name', 'is_active']).where('id', '=', p.facilityId).where('clinic_id', '=', clinicId).where('deleted_at', 'is', null).executeTakeFirst(),
    tx.selectFrom('physicians').select(['id', 'last_name', 'is_active']).where('id', '=', p.physicianId).where('clinic_id', '=', clinicId).where('deleted_at', 'is', null).executeTakeFirst(),
    tx.selectFrom('patients').select('id').where('id', '=', p.patientId).where('clinic_id', '=', clinicId).where('deleted_at', 'is', null).executeTakeFirst(),
    tx.selectFrom('physician_facilities').select('id').where('physician_id', '=', p.physicianId).where('facility_id', '=', p.facilityId).where('clinic_id', '=', clinicId).where('deleted_at', 'is', null).executeTakeFirst(),
    tx.selectFrom('exam_type_offerings').select(['facility_id', 'physician_id']).where('exam_type_id', '=', p.examTypeId).where('clinic_id', '=', clinicId).where('deleted_at', 'is', null).execute(),
  ]);
  const missing: FieldError[] = [];
  if (!facility || facility.is_active !== 1) missing.push({ path: 'facilityId', message: 'Not found or inactive' });
  if (!physician || physician.is_active !== 1) missing.push({ path: 'physicianId', message: 'Not found or inactive' });
  if (!patient) missing.push({ path: 'patientId', message: 'Not found' });
  if (missing.length > 0) throw new DomainError('not_found', 'The facility, physician or patient was not found.', missing);
  const exam = await examFacts(tx, clinicId, p.examTypeId);
  if (!assignment) throw new DomainError('invalid_input', `Dr. ${physician?.last_name} does not work at ${facility?.name}.`, [{ path: 'physicianId', message: 'Not assigned to this facility' }]);
  if (!isOffered(offerings, p.facilityId, p.physicianId)) {
    throw new DomainError('invalid_input', `${exam.name} is not offered by Dr. ${physician?.last_name} at ${facility?.name}.`, [{ path: 'examTypeId', message: 'Not offered here or by this physician' }]);
  }
  if (p.resourceId) {
    const resource = await tx.selectFrom('facility_resources').select(['facility_id', 'resource_kind', 'is_active'])
      .where('id', '=', p.resourceId).where('clinic_id', '=', clinicId).where('deleted_at', 'is', null).executeTakeFirst();
    if (!resource || resource.facility_id !== p.facilityId || resource.is_active !== 1) {
      throw new DomainError('invalid_input', 'That room is not an active room of this facility.', [{ path: 'resourceId', message: 'Not a room of this facility' }]);
    }
    if (exam.resourceKind !== null && resource.resource_kind !== exam.resourceKind) {
      throw new DomainError('invalid_input', `${exam.name} needs ${exam.resourceKind === 'room' ? 'a room' : 'equipment'}.`, [{ path: 'resourceId', message: `Needs ${exam.resourceKind}` }]);
    }
  }
  return exam;
}

/** Offerings: an exam is offered at (facility, physician) when each listed dimension includes it (none listed = all). */
export function isOffered(offerings: readonly { facility_id: string | null; physician_id: string | null }[], facilityId: string, physicianId: string): boolean {
  const facilities = offerings.flatMap((row) => (row.facility_id ? [row.facility_id] : []));
  const physicians = offerings.flatMap((row) => (row.physician_id ? [row.physician_id] : []));
  return (facilities.length === 0 || facilities.includes(facilityId)) && (physicians.length === 0 || physicians.includes(physicianId));
}

/**
 * Conflicts of several placements checked together (a series, or one booking), each also against the
 * ones placed before it. Rooms are picked here when the exam needs one and none was chosen.
 *
 * A picked room is the first free one of the kind by name, so the rooms' bookings are read a batch of
 * candidates at a time, around the placements still without a room known to be free, until each has one
 * (or every candidate was read): usually the first batch. A chosen room's bookings are read whole
 * around its placements. Either way the result is the one every room's bookings would give (the rooms
 * not read are never looked at: a free room has no conflict, and only the chosen room's are reported).
 */
export async function checkPlacements(
  tx: Kysely<Database>, ctx: Pick<MutationContext, 'subject' | 'side'>, exam: ExamFacts, placements: readonly Placement[], ignoreIds: ReadonlySet<string> = new Set(),
  options: { readonly setup?: ClinicSetupSource } = {},
): Promise<PlacedCheck[]> {
  if (placements.length === 0) return [];
  const physicianIds = [...new Set(placements.map((p) => p.physicianId))];
  const loaded = await loadScheduleWorld(tx, {
    clinicId: ctx.subject.clinicId,
    from: Math.min(...placements.map((p) => p.startsAt)),
    to: Math.max(...placements.map((p) => p.endsAt)),
    physicianIds,
    patientIds: [...new Set(placements.map((p) => p.patientId))],
    resourceIds: [...new Set(placements.flatMap((p) => (p.resourceId ? [p.resourceId] : [])))],
    side: ctx.side,
    windows: placements.map((p) => ({ startsAt: p.startsAt, endsAt: p.endsAt })),
    ...(options.setup ? { setup: options.setup } : {}),
  });
  const world = { ...loaded, booked: [...loaded.booked] };
  if (exam.resourceKind === null || placements.every((p) => p.resourceId !== undefined)) return checkPlacementsIn(world, exam, placements, ignoreIds);

  const known = new Set(world.booked.map((item) => item.id));
  /** How many of its facility's candidate rooms have had their bookings read around each placement. */
  const read = placements.map(() => 0);
  for (let batch = FIRST_ROOM_BATCH; ; batch *= 2) {
    const reads = new Map<string, { rooms: string[]; windows: { startsAt: number; endsAt: number }[]; placements: number[] }>();
    roomChoices(world, exam, placements, ignoreIds).forEach((choice, index) => {
      if (choice === null) return;
      const count = read[index] as number;
      // Settled: the room picked was read (so it is free) and every room before it is busy; or all were read.
      if (count >= choice.candidates.length || (choice.picked >= 0 && choice.picked < count)) return;
      const rooms = choice.candidates.slice(count, count + batch).map((room) => room.id);
      const key = rooms.join(',');
      let group = reads.get(key);
      if (!group) reads.set(key, (group = { rooms, windows: [], placements: [] }));
      const placement = placements[index] as Placement;
      group.windows.push({ startsAt: placement.startsAt, endsAt: placement.endsAt });
      group.placements.push(index);
    });
    if (reads.size === 0) break;
    for (const group of reads.values()) {
      for (const item of await loadRoomBookingsInWindows(tx, ctx.subject.clinicId, group.windows, group.rooms, physicianIds)) {
        if (known.has(item.id)) continue;
        known.add(item.id);
        world.booked.push(item);
      }
      for (const index of group.placements) read[index] = (read[index] as number) + group.rooms.length;
    }
  }
  return checkPlacementsIn(world, exam, placements, ignoreIds);
}

/** Candidate rooms read in the first round of a room pick; each further round reads twice as many. */
const FIRST_ROOM_BATCH = 4;

/**
 * The room `checkPlacementsIn` would pick for each placement from what is loaded (null: no pick, the
 * placement names its room or the exam needs none): the candidates in order and the index of the first
 * one free (-1: none).
 */
function roomChoices(world: ScheduleWorld, exam: ExamFacts, placements: readonly Placement[], ignoreIds: ReadonlySet<string>) {
  const indexed = indexWorld({ ...world });
  const rooms = new RoomPicker(world, exam, ignoreIds);
  return placements.map((placement, index) => {
    const choice = placement.resourceId === undefined && exam.resourceKind !== null ? rooms.pick(indexed, placement) : null;
    const resourceId = placement.resourceId !== undefined ? placement.resourceId : choice === null ? null : (choice.candidates[choice.picked >= 0 ? choice.picked : 0]?.id ?? null);
    addToIndex(indexed, { id: `placement:${index}`, physicianId: placement.physicianId, facilityId: placement.facilityId, patientId: placement.patientId, resourceId, startsAt: placement.startsAt, endsAt: placement.endsAt });
    return choice;
  });
}

/** Active rooms of the exam's kind at a facility by name, and the first of them free for a placement. */
class RoomPicker {
  private readonly roomsAt = new Map<string, ResourceFacts[]>();

  constructor(private readonly world: ScheduleWorld, private readonly exam: ExamFacts, private readonly ignoreIds: ReadonlySet<string>) {}

  pick(indexed: IndexedWorld, placement: Placement): { candidates: ResourceFacts[]; picked: number } {
    let candidates = this.roomsAt.get(placement.facilityId);
    if (!candidates) {
      candidates = [...this.world.resources.values()]
        .filter((r) => r.facilityId === placement.facilityId && r.kind === this.exam.resourceKind && r.isActive)
        .sort((a, b) => a.name.localeCompare(b.name));
      this.roomsAt.set(placement.facilityId, candidates);
    }
    const picked = candidates.findIndex((r) => !near(indexed.byResource.get(r.id), placement.startsAt, placement.endsAt, 0).some((b) => !this.ignoreIds.has(b.id) && overlaps(b, placement)));
    return { candidates, picked };
  }
}

/** The pure part of `checkPlacements`: given a loaded world. */
export function checkPlacementsIn(world: ScheduleWorld, exam: ExamFacts, placements: readonly Placement[], ignoreIds: ReadonlySet<string> = new Set()): PlacedCheck[] {
  // Indexed once (a fresh index, so the caller's world is left as it was); each placement is added to it
  // once checked, so the later ones of a series see the earlier ones.
  const indexed = indexWorld({
    facilities: world.facilities, physicians: world.physicians, resources: world.resources, booked: world.booked, availability: world.availability,
    timeOff: world.timeOff, travelBufferMinutes: world.travelBufferMinutes, ...(world.patientNames ? { patientNames: world.patientNames } : {}),
  });
  const rooms = new RoomPicker(world, exam, ignoreIds);
  const results: PlacedCheck[] = [];
  placements.forEach((placement, index) => {
    let resourceId = placement.resourceId ?? null;
    if (placement.resourceId === undefined && exam.resourceKind !== null) {
      const { candidates, picked } = rooms.pick(indexed, placement);
      resourceId = candidates[picked >= 0 ? picked : 0]?.id ?? null;
    }
    const conflicts = detectConflicts({ ...placement, resourceId, ignoreIds }, indexed);
    results.push({ placement: { ...placement, resourceId }, conflicts, timeZone: world.facilities.get(placement.facilityId)?.timeZone ?? 'UTC' });
    addToIndex(indexed, { id: `placement:${index}`, physicianId: placement.physicianId, facilityId: placement.facilityId, patientId: placement.patientId, resourceId, startsAt: placement.startsAt, endsAt: placement.endsAt });
  });
  return results;
}

const FIELD_OF: Record<ConflictKind, string> = {
  physician_double_booked: 'startsAt', physician_time_off: 'startsAt', outside_availability: 'startsAt', travel_buffer: 'startsAt',
  patient_double_booked: 'patientId', room_double_booked: 'resourceId', facility_closed: 'startsAt',
};

/** A refusal naming every conflict; a physician double-booking keeps the `slot_taken` reason the inbox knows. */
export function conflictError(conflicts: readonly SchedulingConflict[], prefix = ''): DomainError {
  const fields = conflicts.map((item) => ({ path: FIELD_OF[item.kind], message: item.kind === 'physician_double_booked' ? 'slot_taken' : item.message }));
  const hard = conflicts.some((item) => item.severity === 'hard');
  const sentence = conflicts.map((item) => item.message).join(' ');
  const tail = hard ? '' : ' Someone allowed to override can book it with a reason.';
  return new DomainError('conflict', `${prefix}${sentence}${tail}`, fields);
}

/**
 * Applies the override rules to the conflicts of one or more placements and returns the accepted kinds
 * per placement: a hard conflict always refuses; soft ones need an override reason and `schedule.override`.
 */
export function enforceOverride(
  ctx: Pick<MutationContext, 'subject'>, checks: readonly PlacedCheck[], override: { reason: string } | undefined,
): ConflictKind[][] {
  const label = (check: PlacedCheck) => (checks.length > 1 ? `${localDate(check.placement.startsAt, check.timeZone)}: ` : '');
  const hard = checks.filter((check) => check.conflicts.some((item) => CONFLICT_KINDS[item.kind] === 'hard'));
  if (hard.length > 0) {
    const first = hard[0] as PlacedCheck;
    throw conflictError(hard.flatMap((check) => check.conflicts.filter((item) => item.severity === 'hard')), label(first));
  }
  const soft = checks.filter((check) => check.conflicts.length > 0);
  if (soft.length > 0 && !override) {
    const first = soft[0] as PlacedCheck;
    throw conflictError(soft.flatMap((check) => check.conflicts), label(first));
  }
  if (soft.length > 0 && !can(ctx.subject, 'schedule.override')) {
    throw new DomainError('forbidden', 'Only someone allowed to override scheduling conflicts can book over them.', [{ path: 'override', message: 'Needs schedule.override' }]);
  }
  return checks.map((check) => [...new Set(check.conflicts.map((item) => item.kind))]);
}
