import type { Kysely } from 'kysely';
import { newRowStamp } from '../db/stamps';
import type { Database } from '../db/tables';
import type { MutationContext } from '../sync/mutator';
import type { AppointmentEventKind } from './booking.contract';

/** Reminders fall due this long before the appointment (a clinic-wide default until communication sets rules per facility). */
export const REMINDER_LEAD_MS = 24 * 3_600_000;

interface EventSubject {
  readonly id: string;
  readonly patient_id: string;
  readonly facility_id: string;
  readonly starts_at: number;
}

/**
 * Appends an appointment event in the caller's transaction (the same mutation as the change it
 * describes). The table is append-only in Postgres; events are never edited.
 */
export async function appendEvent(tx: Kysely<Database>, ctx: MutationContext, appointment: EventSubject, kind: AppointmentEventKind, detail: Record<string, unknown>, dueAt: number | null = null): Promise<void> {
  await tx.insertInto('appointment_events').values({
    ...newRowStamp(ctx.subject, ctx.now, ctx.newId()),
    appointment_id: appointment.id, patient_id: appointment.patient_id, facility_id: appointment.facility_id,
    event_kind: kind, occurred_at: ctx.now, due_at: dueAt, detail_json: JSON.stringify(detail),
  }).execute();
}

/**
 * The reminder for an appointment that is (still or newly) booked: due a day ahead, or at once when
 * booked less than a day ahead; none for an appointment already begun. The newest reminder_due of an
 * appointment supersedes earlier ones, and a sender checks the appointment is still active.
 */
export async function appendReminder(tx: Kysely<Database>, ctx: MutationContext, appointment: EventSubject): Promise<void> {
  if (appointment.starts_at <= ctx.now) return;
  const dueAt = Math.max(ctx.now, appointment.starts_at - REMINDER_LEAD_MS);
  await appendEvent(tx, ctx, appointment, 'reminder_due', { startsAt: appointment.starts_at }, dueAt);
}
