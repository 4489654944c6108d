import type { Kysely } from 'kysely';
import { appointmentScope } from '../auth/row-scopes';
import { newRowStamp, updateStamp } from '../db/stamps';
import type { Database, Row } from '../db/tables';
import { DomainError } from '../ipc/result';
import { mutator, type MutationContext } from '../sync/mutator';
import { appendEvent, appendReminder } from './appointment-events';
import { canTransition, statusLabel } from './appointment-status';
import { bookInput, cancelInput, rescheduleInput, setStatusInput } from './booking.contract';
import { assertBookable, assertMayBookAt, checkPlacements, enforceOverride, type Placement } from './booking-rules';
import type { ConflictKind } from './conflict-types';

/** The book mutator's arguments (the channel input). */
export const bookAppointmentArgs = bookInput;

async function zoneOf(tx: Kysely<Database>, facilityId: string): Promise<string> {
  const row = await tx.selectFrom('facilities').select('time_zone').where('id', '=', facilityId).executeTakeFirst();
  return row?.time_zone ?? 'UTC';
}

/** An appointment the subject may see and change (row scope), or not_found. */
export async function appointmentInScope(tx: Kysely<Database>, ctx: MutationContext, id: string): Promise<Row<'appointments'>> {
  const row = await tx.selectFrom('appointments').selectAll().where('id', '=', id).where('deleted_at', 'is', null).where(appointmentScope(ctx.subject)).executeTakeFirst();
  if (!row) throw new DomainError('not_found', 'That appointment was not found.');
  return row;
}

interface NewAppointment {
  readonly placement: Placement & { readonly resourceId: string | null };
  readonly accepted: readonly ConflictKind[];
  readonly overrideReason: string | null;
  readonly caseId: string | null;
  readonly notes: string | null;
  readonly seriesId: string | null;
  readonly rescheduledFromId: string | null;
}

/** Inserts one appointment (status scheduled) and returns its id. */
export async function insertAppointment(tx: Kysely<Database>, ctx: MutationContext, item: NewAppointment): Promise<Row<'appointments'>> {
  const { placement } = item;
  const row: Row<'appointments'> = {
    ...newRowStamp(ctx.subject, ctx.now, ctx.newId()),
    facility_id: placement.facilityId, physician_id: placement.physicianId, patient_id: placement.patientId, exam_type_id: placement.examTypeId,
    resource_id: placement.resourceId, case_id: item.caseId, series_id: item.seriesId, rescheduled_from_id: item.rescheduledFromId,
    starts_at: placement.startsAt, ends_at: placement.endsAt, status: 'scheduled', cancel_reason: null,
    override_reason: item.accepted.length > 0 ? item.overrideReason : null,
    overridden_conflicts: item.accepted.length > 0 ? item.accepted.join(',') : null,
    notes: item.notes, checked_in_at: null, completed_at: null,
  };
  await tx.insertInto('appointments').values(row).execute();
  return row;
}

/**
 * Books an appointment. Conflicts come from the one pure detector (conflicts.ts) on both sides; a
 * physician double-booking is refused outright, and on the server Postgres exclusion constraints make
 * physician, patient and room overlaps hold across devices, so of two offline desks booking the same
 * slot exactly one booking stands and the other lands in its sync-issues inbox.
 */
export const bookAppointment = mutator({
  name: 'appointment.book',
  description: 'Book an appointment for a patient with a physician at a facility.',
  input: bookAppointmentArgs,
  permission: 'schedule.write',
  async run(tx, args, ctx) {
    assertMayBookAt(ctx, args.facilityId);
    const exam = await assertBookable(tx, ctx.subject.clinicId, args);
    const checks = await checkPlacements(tx, ctx, exam, [args]);
    const zone = await zoneOf(tx, args.facilityId);
    const [accepted] = enforceOverride(ctx, checks, args.override, () => zone);
    const row = await insertAppointment(tx, ctx, {
      placement: (checks[0] as (typeof checks)[number]).placement, accepted: accepted ?? [], overrideReason: args.override?.reason ?? null,
      caseId: args.caseId ?? null, notes: args.notes ?? null, seriesId: null, rescheduledFromId: null,
    });
    await appendEvent(tx, ctx, row, 'created', { startsAt: row.starts_at, endsAt: row.ends_at, physicianId: row.physician_id, examTypeId: row.exam_type_id, overridden: accepted ?? [] });
    await appendReminder(tx, ctx, row);
    return row.id;
  },
});

/** Moves an appointment along its status flow (transition rules in appointment-status.ts). */
export const setAppointmentStatus = mutator({
  name: 'appointment.setStatus',
  description: 'Change the status of an appointment (confirm, check in, room, complete, no-show).',
  input: setStatusInput,
  permission: 'schedule.write',
  async run(tx, args, ctx) {
    const row = await appointmentInScope(tx, ctx, args.id);
    assertMayBookAt(ctx, row.facility_id);
    if (!canTransition(row.status, args.status)) {
      throw new DomainError('conflict', `An appointment that is ${statusLabel(row.status)} cannot become ${statusLabel(args.status)}.`, [{ path: 'status', message: 'Not allowed from the current status' }]);
    }
    await tx.updateTable('appointments').set({
      status: args.status, ...updateStamp(ctx.subject, ctx.now),
      ...(args.status === 'checked_in' ? { checked_in_at: ctx.now } : {}),
      ...(args.status === 'completed' ? { completed_at: ctx.now } : {}),
    }).where('id', '=', row.id).execute();
    await appendEvent(tx, ctx, row, 'status_changed', { from: row.status, to: args.status });
    return row.id;
  },
});

/** Cancels (status `cancelled`, with the reason), before the patient has been roomed. */
export async function cancelOne(tx: Kysely<Database>, ctx: MutationContext, row: Row<'appointments'>, reason: string, emit = true): Promise<void> {
  if (!canTransition(row.status, 'cancelled')) {
    throw new DomainError('conflict', `An appointment that is ${statusLabel(row.status)} cannot be cancelled.`, [{ path: 'id', message: 'Not cancellable' }]);
  }
  await tx.updateTable('appointments').set({ status: 'cancelled', cancel_reason: reason, ...updateStamp(ctx.subject, ctx.now) }).where('id', '=', row.id).execute();
  if (emit) await appendEvent(tx, ctx, row, 'cancelled', { reason, startsAt: row.starts_at });
}

export const cancelAppointment = mutator({
  name: 'appointment.cancel',
  description: 'Cancel an appointment with a reason.',
  input: cancelInput,
  permission: 'schedule.write',
  async run(tx, args, ctx) {
    const row = await appointmentInScope(tx, ctx, args.id);
    assertMayBookAt(ctx, row.facility_id);
    await cancelOne(tx, ctx, row, args.reason);
    return row.id;
  },
});

/**
 * Moves an appointment and keeps its history: the old one is cancelled ("Rescheduled"), a new one
 * points back at it with `rescheduled_from_id` and keeps its patient, exam, case, series and notes.
 */
export async function rescheduleOne(
  tx: Kysely<Database>, ctx: MutationContext, row: Row<'appointments'>,
  change: { startsAt: number; endsAt: number; physicianId?: string; facilityId?: string; resourceId?: string | null; reason?: string | null; override?: { reason: string } },
  alsoIgnore: ReadonlySet<string> = new Set(),
): Promise<Row<'appointments'>> {
  if (row.status !== 'scheduled' && row.status !== 'confirmed') {
    throw new DomainError('conflict', `An appointment that is ${statusLabel(row.status)} cannot be moved.`, [{ path: 'id', message: 'Not movable' }]);
  }
  const facilityId = change.facilityId ?? row.facility_id;
  assertMayBookAt(ctx, facilityId);
  const sameRoom = facilityId === row.facility_id && change.resourceId === undefined ? undefined : change.resourceId;
  const placement: Placement = {
    facilityId, physicianId: change.physicianId ?? row.physician_id, patientId: row.patient_id, examTypeId: row.exam_type_id,
    resourceId: sameRoom, startsAt: change.startsAt, endsAt: change.endsAt,
  };
  const exam = await assertBookable(tx, ctx.subject.clinicId, placement);
  const checks = await checkPlacements(tx, ctx, exam, [placement], new Set([row.id, ...alsoIgnore]));
  const zone = await zoneOf(tx, facilityId);
  const [accepted] = enforceOverride(ctx, checks, change.override, () => zone);
  await cancelOne(tx, ctx, row, change.reason ? `Rescheduled: ${change.reason}` : 'Rescheduled', false);
  const next = await insertAppointment(tx, ctx, {
    placement: (checks[0] as (typeof checks)[number]).placement, accepted: accepted ?? [], overrideReason: change.override?.reason ?? null,
    caseId: row.case_id, notes: row.notes, seriesId: row.series_id, rescheduledFromId: row.id,
  });
  await appendEvent(tx, ctx, next, 'rescheduled', { fromAppointmentId: row.id, previousStartsAt: row.starts_at, startsAt: next.starts_at, reason: change.reason ?? null });
  await appendReminder(tx, ctx, next);
  return next;
}

export const rescheduleAppointment = mutator({
  name: 'appointment.reschedule',
  description: 'Move an appointment to another time, physician, facility or room (history kept).',
  input: rescheduleInput,
  permission: 'schedule.write',
  async run(tx, args, ctx) {
    const row = await appointmentInScope(tx, ctx, args.id);
    assertMayBookAt(ctx, row.facility_id);
    const next = await rescheduleOne(tx, ctx, row, args);
    return next.id;
  },
});
