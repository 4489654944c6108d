import { patientScope } from '../auth/row-scopes';
import { newRowStamp, updateStamp } from '../db/stamps';
import { DomainError } from '../ipc/result';
import { mutator } from '../sync/mutator';
import { uuid } from '../validation/fields';
import { z } from 'zod';
import { waitlistAddInput } from './waitlist.contract';

/** Puts a patient (one the user may see) on the waitlist for an exam type. */
export const addToWaitlist = mutator({
  name: 'waitlist.add',
  description: 'Put a patient on the waitlist for an exam type.',
  input: waitlistAddInput,
  permission: 'schedule.write',
  async run(tx, args, ctx) {
    const patient = await tx.selectFrom('patients').select('id').where('id', '=', args.patientId).where('deleted_at', 'is', null).where(patientScope(ctx.subject)).executeTakeFirst();
    if (!patient) throw new DomainError('not_found', 'That patient was not found.', [{ path: 'patientId', message: 'Not found' }]);
    const exam = await tx.selectFrom('exam_types').select('id').where('id', '=', args.examTypeId).where('clinic_id', '=', ctx.subject.clinicId).where('deleted_at', 'is', null).executeTakeFirst();
    if (!exam) throw new DomainError('not_found', 'That exam type was not found.', [{ path: 'examTypeId', message: 'Not found' }]);
    if (args.facilityId !== null) {
      const facility = await tx.selectFrom('facilities').select('id').where('id', '=', args.facilityId).where('clinic_id', '=', ctx.subject.clinicId).where('deleted_at', 'is', null).executeTakeFirst();
      if (!facility) throw new DomainError('not_found', 'That facility was not found.', [{ path: 'facilityId', message: 'Not found' }]);
    }
    if (args.physicianId !== null) {
      const physician = await tx.selectFrom('physicians').select('id').where('id', '=', args.physicianId).where('clinic_id', '=', ctx.subject.clinicId).where('deleted_at', 'is', null).executeTakeFirst();
      if (!physician) throw new DomainError('not_found', 'That physician was not found.', [{ path: 'physicianId', message: 'Not found' }]);
    }
    const id = ctx.newId();
    await tx.insertInto('waitlist_entries').values({
      ...newRowStamp(ctx.subject, ctx.now, id), patient_id: args.patientId, exam_type_id: args.examTypeId, facility_id: args.facilityId,
      physician_id: args.physicianId, earliest_on: args.earliestOn, notes: args.notes, resolved_at: null,
    }).execute();
    return id;
  },
});

export const resolveWaitlistEntry = mutator({
  name: 'waitlist.resolve',
  description: 'Take an entry off the waitlist.',
  input: z.object({ id: uuid }).strict(),
  permission: 'schedule.write',
  async run(tx, args, ctx) {
    const row = await tx.selectFrom('waitlist_entries').select(['id', 'patient_id', 'resolved_at']).where('id', '=', args.id).where('clinic_id', '=', ctx.subject.clinicId).where('deleted_at', 'is', null).executeTakeFirst();
    const visible = row && (await tx.selectFrom('patients').select('id').where('id', '=', row.patient_id).where(patientScope(ctx.subject)).executeTakeFirst());
    if (!row || !visible) throw new DomainError('not_found', 'That waitlist entry was not found.');
    if (row.resolved_at !== null) return row.id;
    await tx.updateTable('waitlist_entries').set({ resolved_at: ctx.now, ...updateStamp(ctx.subject, ctx.now) }).where('id', '=', row.id).execute();
    return row.id;
  },
});
