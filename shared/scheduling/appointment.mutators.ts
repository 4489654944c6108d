import type { Kysely } from 'kysely';
import { appointmentScope } from '../auth/row-scopes';
import { newRowStamp, updateStamp } from '../db/stamps';
import type { Database, Row } from '../db/tables';
import { DomainError } from '../ipc/result';
import { mutator, type MutationContext } from '../sync/mutator';
import { appendEvent, appendReminder } from './appointment-events';
import { canTransition, statusLabel } from './appointment-status';
import { bookInput, cancelInput, rescheduleInput, setStatusInput } from './booking.contract';
import { assertBookable, assertMayBookAt, checkPlacements, enforceOverride, type ExamFacts, type PlacedCheck, type Placement } from './booking-rules';
import type { ConflictKind } from './conflict-types';

/** The book mutator's arguments (the channel input). */
export const bookAppointmentArgs = bookInput;

/** An appointment the subject may see and change (row scope), or not_found. */
export async function appointmentInScope(tx: Kysely<Database>, ctx: MutationContext, id: string): Promise<Row<'appointments'>> {
  const row = await tx.selectFrom('appointments').selectAll().where('id', '=', id).where('deleted_at', 'is', null).where(appointmentScope(ctx.subject)).executeTakeFirst();
  if (!row) throw new DomainError('not_found', 'That appointment was not found.');
  return row;
}

/** One appointment to write: a booking, an occurrence of a series, or the new place of a moved one. */
export interface Booking {
  readonly placement: Placement;
  readonly caseId: string | null;
  readonly notes: string | null;
  readonly seriesId: string | null;
  /** The appointment this one moves: cancelled (no event of its own) and pointed to by `rescheduled_from_id`. */
  readonly replaces?: Row<'appointments'>;
}

export interface BookingOptions {
  readonly override: { readonly reason: string } | undefined;
  /** The reason a replaced appointment is cancelled with. */
  readonly cancelReason?: string;
  /**
   * What each new appointment's first event says besides the times: `created` carries its start and end,
   * `rescheduled` (when it replaces one) the appointment it came from and both starts.
   */
  readonly detail: (row: Row<'appointments'>, index: number, overridden: readonly ConflictKind[]) => Record<string, unknown>;
}

/**
 * The one way appointments are booked (a booking, a reschedule, a series and its edits): the placements
 * are checked together, each also against the ones before it (conflicts.ts, the same on device and
 * server); the override rules apply to all of them; only then is each written, status scheduled, with its
 * event and reminder. A refusal writes nothing.
 */
export async function bookPlacements(
  tx: Kysely<Database>, ctx: MutationContext, exam: ExamFacts, bookings: readonly Booking[], options: BookingOptions,
): Promise<Row<'appointments'>[]> {
  const replaced = new Set(bookings.flatMap((booking) => (booking.replaces ? [booking.replaces.id] : [])));
  const checks = await checkPlacements(tx, ctx, exam, bookings.map((booking) => booking.placement), replaced);
  const accepted = enforceOverride(ctx, checks, options.override);
  const rows: Row<'appointments'>[] = [];
  for (const [index, booking] of bookings.entries()) {
    const { placement } = checks[index] as PlacedCheck;
    const overridden = accepted[index] ?? [];
    if (booking.replaces) await cancelOne(tx, ctx, booking.replaces, options.cancelReason ?? 'Rescheduled', false);
    const row: Row<'appointments'> = {
      ...newRowStamp(ctx.subject, ctx.now, ctx.newId()),
      facility_id: placement.facilityId, physician_id: placement.physicianId, patient_id: placement.patientId, exam_type_id: placement.examTypeId,
      resource_id: placement.resourceId, case_id: booking.caseId, series_id: booking.seriesId, rescheduled_from_id: booking.replaces?.id ?? null,
      starts_at: placement.startsAt, ends_at: placement.endsAt, status: 'scheduled', cancel_reason: null,
      override_reason: overridden.length > 0 ? (options.override?.reason ?? null) : null,
      overridden_conflicts: overridden.length > 0 ? overridden.join(',') : null,
      notes: booking.notes, checked_in_at: null, completed_at: null,
    };
    await tx.insertInto('appointments').values(row).execute();
    const from = booking.replaces;
    const detail = options.detail(row, index, overridden);
    await (from
      ? appendEvent(tx, ctx, row, 'rescheduled', { fromAppointmentId: from.id, previousStartsAt: from.starts_at, startsAt: row.starts_at, ...detail })
      : appendEvent(tx, ctx, row, 'created', { startsAt: row.starts_at, endsAt: row.ends_at, ...detail }));
    await appendReminder(tx, ctx, row);
    rows.push(row);
  }
  return rows;
}

/**
 * Books an appointment (through `bookPlacements`). A physician double-booking is refused outright, and
 * on the server Postgres exclusion constraints make physician, patient and room overlaps hold across devices, so of two offline desks booking the same
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
    const [row] = await bookPlacements(tx, ctx, exam, [{ placement: args, caseId: args.caseId ?? null, notes: args.notes ?? null, seriesId: null }], {
      override: args.override,
      detail: (booked, _index, overridden) => ({ physicianId: booked.physician_id, examTypeId: booked.exam_type_id, overridden }),
    });
    return (row as Row<'appointments'>).id;
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
async function rescheduleOne(
  tx: Kysely<Database>, ctx: MutationContext, row: Row<'appointments'>,
  change: { startsAt: number; endsAt: number; physicianId?: string; facilityId?: string; resourceId?: string | null; reason?: string | null; override?: { reason: string } },
): Promise<Row<'appointments'>> {
  if (row.status !== 'scheduled' && row.status !== 'confirmed') {
    throw new DomainError('conflict', `An appointment that is ${statusLabel(row.status)} cannot be moved.`, [{ path: 'id', message: 'Not movable' }]);
  }
  const facilityId = change.facilityId ?? row.facility_id;
  assertMayBookAt(ctx, facilityId);
  const placement: Placement = {
    facilityId, physicianId: change.physicianId ?? row.physician_id, patientId: row.patient_id, examTypeId: row.exam_type_id,
    resourceId: change.resourceId, startsAt: change.startsAt, endsAt: change.endsAt,
  };
  const exam = await assertBookable(tx, ctx.subject.clinicId, placement);
  const [next] = await bookPlacements(tx, ctx, exam, [{ placement, caseId: row.case_id, notes: row.notes, seriesId: row.series_id, replaces: row }], {
    override: change.override, cancelReason: change.reason ? `Rescheduled: ${change.reason}` : 'Rescheduled',
    detail: () => ({ reason: change.reason ?? null }),
  });
  return next as Row<'appointments'>;
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
