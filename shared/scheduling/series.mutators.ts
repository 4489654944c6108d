import type { Kysely } from 'kysely';
import { newRowStamp, updateStamp } from '../db/stamps';
import type { Database, Row } from '../db/tables';
import { DomainError } from '../ipc/result';
import { mutator, type MutationContext } from '../sync/mutator';
import { instantAt, localDate } from '../time/facility-time';
import { appointmentInScope, bookPlacements, cancelOne } from './appointment.mutators';
import { assertBookable, assertMayBookAt, type Placement } from './booking-rules';
import { expandRule } from './recurrence';
import { seriesCancelInput, seriesCreateInput, seriesUpdateInput, type SeriesScope } from './series.contract';

async function facilityZone(tx: Kysely<Database>, clinicId: string, facilityId: string): Promise<string> {
  const row = await tx.selectFrom('facilities').select('time_zone').where('id', '=', facilityId).where('clinic_id', '=', clinicId).where('deleted_at', 'is', null).executeTakeFirst();
  if (!row) throw new DomainError('not_found', 'That facility was not found.', [{ path: 'facilityId', message: 'Not found' }]);
  return row.time_zone;
}

/** The placements a series would create (skipped dates left out), for preview and create alike. */
export async function seriesPlacements(tx: Kysely<Database>, clinicId: string, input: {
  facilityId: string; physicianId: string; patientId: string; examTypeId: string; resourceId?: string | null | undefined;
  rule: { startDate: string; weekdays: number[]; weeks: number; startTime: string }; skipDates?: readonly string[] | undefined;
}) {
  const zone = await facilityZone(tx, clinicId, input.facilityId);
  const exam = await assertBookable(tx, clinicId, input);
  const skip = new Set(input.skipDates ?? []);
  const occurrences = expandRule(input.rule, zone, exam.durationMinutes).filter((o) => !skip.has(o.date));
  const placements: Placement[] = occurrences.map((o) => ({
    facilityId: input.facilityId, physicianId: input.physicianId, patientId: input.patientId, examTypeId: input.examTypeId,
    ...(input.resourceId === undefined ? {} : { resourceId: input.resourceId }), startsAt: o.startsAt, endsAt: o.endsAt,
  }));
  return { zone, exam, occurrences, placements };
}

/** Books every occurrence of a series in one mutation: all of them or none (no orphans, no half series). */
export const createSeries = mutator({
  name: 'series.create',
  description: 'Book a recurring series of appointments.',
  input: seriesCreateInput,
  permission: 'schedule.write',
  async run(tx, args, ctx) {
    assertMayBookAt(ctx, args.facilityId);
    const { exam, placements } = await seriesPlacements(tx, ctx.subject.clinicId, args);
    if (placements.length === 0) throw new DomainError('invalid_input', 'Every occurrence was skipped.', [{ path: 'skipDates', message: 'Nothing left to book' }]);
    const seriesId = ctx.newId();
    // The series row comes first (the occurrences point at it); a refusal below rolls the mutation back whole.
    await tx.insertInto('appointment_series').values({
      ...newRowStamp(ctx.subject, ctx.now, seriesId),
      rule_json: JSON.stringify({ ...args.rule, durationMinutes: exam.durationMinutes, skipDates: args.skipDates ?? [] }),
      patient_id: args.patientId, physician_id: args.physicianId, facility_id: args.facilityId, exam_type_id: args.examTypeId,
    }).execute();
    const rows = await bookPlacements(tx, ctx, exam, placements.map((placement) => ({ placement, caseId: args.caseId ?? null, notes: args.notes ?? null, seriesId })), {
      override: args.override,
      detail: (_row, index) => ({ seriesId, occurrence: index + 1, of: placements.length }),
    });
    return { seriesId, appointmentIds: rows.map((row) => row.id) };
  },
});

/** The open (scheduled or confirmed) occurrences an edit or cancellation applies to, in time order. */
export async function occurrencesInScope(tx: Kysely<Database>, target: Row<'appointments'>, scope: SeriesScope): Promise<Row<'appointments'>[]> {
  if (scope === 'this' || target.series_id === null) return [target];
  const rows = await tx.selectFrom('appointments').selectAll()
    .where('series_id', '=', target.series_id).where('deleted_at', 'is', null).where('status', 'in', ['scheduled', 'confirmed'])
    .$if(scope === 'following', (q) => q.where('starts_at', '>=', target.starts_at))
    .orderBy('starts_at').execute();
  return rows;
}

async function targetOf(tx: Kysely<Database>, ctx: MutationContext, appointmentId: string): Promise<Row<'appointments'>> {
  const target = await appointmentInScope(tx, ctx, appointmentId);
  assertMayBookAt(ctx, target.facility_id);
  return target;
}

/**
 * Changes the time, physician or room of this / this and following / all open occurrences. Each moved
 * occurrence is rescheduled (the old one cancelled and pointed to), so history stays and the series keeps
 * every occurrence; all are checked together before anything is written.
 */
export const updateSeries = mutator({
  name: 'series.update',
  description: 'Change this, this and following, or all open occurrences of a series.',
  input: seriesUpdateInput,
  permission: 'schedule.write',
  async run(tx, args, ctx) {
    const target = await targetOf(tx, ctx, args.appointmentId);
    const rows = await occurrencesInScope(tx, target, args.scope);
    if (rows.length === 0) throw new DomainError('conflict', 'No open occurrence to change.');
    const zone = await facilityZone(tx, ctx.subject.clinicId, target.facility_id);
    const exam = await assertBookable(tx, ctx.subject.clinicId, { facilityId: target.facility_id, physicianId: args.physicianId ?? target.physician_id, patientId: target.patient_id, examTypeId: target.exam_type_id, resourceId: args.resourceId ?? null });
    const moved = await bookPlacements(tx, ctx, exam, rows.map((row) => {
      const startsAt = args.startTime ? instantAt(localDate(row.starts_at, zone), args.startTime, zone) : row.starts_at;
      const placement: Placement = {
        facilityId: row.facility_id, physicianId: args.physicianId ?? row.physician_id, patientId: row.patient_id, examTypeId: row.exam_type_id,
        resourceId: args.resourceId !== undefined ? args.resourceId : row.resource_id, startsAt, endsAt: startsAt + (row.ends_at - row.starts_at),
      };
      return { placement, caseId: row.case_id, notes: row.notes, seriesId: row.series_id, replaces: row };
    }), {
      override: args.override, cancelReason: 'Rescheduled with the series',
      detail: () => ({ scope: args.scope }),
    });
    if (target.series_id) await tx.updateTable('appointment_series').set(updateStamp(ctx.subject, ctx.now)).where('id', '=', target.series_id).execute();
    return { seriesId: target.series_id ?? '', appointmentIds: moved.map((row) => row.id) };
  },
});

/** Cancels this / this and following / all open occurrences with one reason. */
export const cancelSeries = mutator({
  name: 'series.cancel',
  description: 'Cancel this, this and following, or all open occurrences of a series.',
  input: seriesCancelInput,
  permission: 'schedule.write',
  async run(tx, args, ctx) {
    const target = await targetOf(tx, ctx, args.appointmentId);
    const rows = await occurrencesInScope(tx, target, args.scope);
    for (const row of rows) await cancelOne(tx, ctx, row, args.reason);
    if (target.series_id) await tx.updateTable('appointment_series').set(updateStamp(ctx.subject, ctx.now)).where('id', '=', target.series_id).execute();
    return { seriesId: target.series_id ?? '', appointmentIds: rows.map((row) => row.id) };
  },
});
