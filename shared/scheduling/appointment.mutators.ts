import { z } from 'zod';
import { scopesOf } from '../auth/row-scopes';
import { newRowStamp } from '../db/stamps';
import { DomainError } from '../ipc/result';
import { mutator } from '../sync/mutator';
import { uuid } from '../validation/fields';

export const bookAppointmentArgs = z
  .object({
    facilityId: uuid,
    physicianId: uuid,
    patientId: uuid,
    examTypeId: uuid,
    caseId: uuid.nullable().optional(),
    startsAt: z.number().int().positive(),
    endsAt: z.number().int().positive(),
    notes: z.string().trim().max(2000).nullable().optional(),
  })
  .strict()
  .refine((a) => a.endsAt > a.startsAt, { message: 'The end must be after the start', path: ['endsAt'] });

/**
 * Books an appointment. The physician double-booking check runs here on both sides; on the server the
 * Postgres exclusion constraint makes it hold across devices, so of two offline desks booking the
 * same slot exactly one booking stands and the other lands in its sync-issues inbox.
 */
export const bookAppointment = mutator({
  name: 'appointment.book',
  description: 'Book an appointment for a patient with a physician at a facility.',
  input: bookAppointmentArgs,
  permission: 'schedule.write',
  async run(tx, args, ctx) {
    const { subject } = ctx;
    const scopes = scopesOf(subject, 'appointment');
    if (!scopes.includes('clinic') && !(scopes.includes('assigned_facilities') && subject.facilityIds.includes(args.facilityId))) {
      throw new DomainError('forbidden', 'You can book only at facilities you are assigned to.');
    }
    const [facility, physician, patient, examType] = await Promise.all([
      tx.selectFrom('facilities').select('id').where('id', '=', args.facilityId).where('clinic_id', '=', subject.clinicId).where('deleted_at', 'is', null).executeTakeFirst(),
      tx.selectFrom('physicians').select(['id', 'last_name']).where('id', '=', args.physicianId).where('clinic_id', '=', subject.clinicId).where('deleted_at', 'is', null).executeTakeFirst(),
      tx.selectFrom('patients').select('id').where('id', '=', args.patientId).where('clinic_id', '=', subject.clinicId).where('deleted_at', 'is', null).executeTakeFirst(),
      tx.selectFrom('exam_types').select('id').where('id', '=', args.examTypeId).where('clinic_id', '=', subject.clinicId).where('deleted_at', 'is', null).executeTakeFirst(),
    ]);
    if (!facility || !physician || !patient || !examType) throw new DomainError('not_found', 'The facility, physician, patient or exam type was not found.');
    const clash = await tx
      .selectFrom('appointments')
      .select('id')
      .where('physician_id', '=', args.physicianId)
      .where('deleted_at', 'is', null)
      .where('status', 'not in', ['cancelled', 'no_show'])
      .where('starts_at', '<', args.endsAt)
      .where('ends_at', '>', args.startsAt)
      .executeTakeFirst();
    if (clash) {
      throw new DomainError('conflict', `Dr. ${physician.last_name} is already booked at that time.`, [{ path: 'startsAt', message: 'slot_taken' }]);
    }
    const id = ctx.newId();
    await tx.insertInto('appointments').values({
      ...newRowStamp(subject, ctx.now, id),
      facility_id: args.facilityId, physician_id: args.physicianId, patient_id: args.patientId, exam_type_id: args.examTypeId,
      resource_id: null, case_id: args.caseId ?? null, series_id: null, rescheduled_from_id: null, starts_at: args.startsAt, ends_at: args.endsAt,
      status: 'scheduled', cancel_reason: null, override_reason: null, notes: args.notes ?? null, checked_in_at: null, completed_at: null,
    }).execute();
    return id;
  },
});
