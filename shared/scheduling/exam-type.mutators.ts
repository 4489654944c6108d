import { newRowStamp, toBit, tombstoneStamp, updateStamp } from '../db/stamps';
import { DomainError } from '../ipc/result';
import { mutator } from '../sync/mutator';
import { examTypeInput } from './exam-type.contract';

/** Creates or updates an exam type and replaces its offerings (facility rows and physician rows). */
export const saveExamType = mutator({
  name: 'examType.save',
  description: 'Create or update an exam type and where and by whom it is offered.',
  input: examTypeInput,
  permission: 'schedule.configure',
  async run(tx, args, ctx) {
    const { subject, now } = ctx;
    const facilityIds = [...new Set(args.facilityIds)];
    const physicianIds = [...new Set(args.physicianIds)];
    if (facilityIds.length > 0) {
      const found = await tx.selectFrom('facilities').select('id').where('clinic_id', '=', subject.clinicId).where('id', 'in', facilityIds).where('deleted_at', 'is', null).execute();
      if (found.length !== facilityIds.length) throw new DomainError('not_found', 'A facility was not found.', [{ path: 'facilityIds', message: 'Unknown facility' }]);
    }
    if (physicianIds.length > 0) {
      const found = await tx.selectFrom('physicians').select('id').where('clinic_id', '=', subject.clinicId).where('id', 'in', physicianIds).where('deleted_at', 'is', null).execute();
      if (found.length !== physicianIds.length) throw new DomainError('not_found', 'A physician was not found.', [{ path: 'physicianIds', message: 'Unknown physician' }]);
    }
    const clash = await tx.selectFrom('exam_types').select('id').where('clinic_id', '=', subject.clinicId).where('name', '=', args.name).where('deleted_at', 'is', null)
      .$if(args.id !== undefined, (q) => q.where('id', '!=', args.id as string)).executeTakeFirst();
    if (clash) throw new DomainError('conflict', 'Another exam type already has that name.', [{ path: 'name', message: 'Already used' }]);
    const values = {
      name: args.name, duration_minutes: args.durationMinutes, color: args.color.toLowerCase(), resource_kind: args.resourceKind,
      is_billable: toBit(args.isBillable), default_codes_json: JSON.stringify(args.defaultCodes), is_active: toBit(args.isActive),
    };
    let id = args.id;
    if (id) {
      const updated = await tx.updateTable('exam_types').set({ ...values, ...updateStamp(subject, now) }).where('id', '=', id).where('clinic_id', '=', subject.clinicId).where('deleted_at', 'is', null).executeTakeFirst();
      if (updated.numUpdatedRows === 0n) throw new DomainError('not_found', 'That exam type was not found.');
    } else {
      id = ctx.newId();
      await tx.insertInto('exam_types').values({ ...newRowStamp(subject, now, id), ...values }).execute();
    }
    const existing = await tx.selectFrom('exam_type_offerings').select(['id', 'facility_id', 'physician_id']).where('exam_type_id', '=', id).where('deleted_at', 'is', null).execute();
    for (const row of existing) {
      const keep = (row.facility_id !== null && facilityIds.includes(row.facility_id)) || (row.physician_id !== null && physicianIds.includes(row.physician_id));
      if (!keep) await tx.updateTable('exam_type_offerings').set(tombstoneStamp(subject, now)).where('id', '=', row.id).execute();
    }
    for (const facilityId of facilityIds) {
      if (existing.some((row) => row.facility_id === facilityId)) continue;
      await tx.insertInto('exam_type_offerings').values({ ...newRowStamp(subject, now, ctx.newId()), exam_type_id: id, facility_id: facilityId, physician_id: null }).execute();
    }
    for (const physicianId of physicianIds) {
      if (existing.some((row) => row.physician_id === physicianId)) continue;
      await tx.insertInto('exam_type_offerings').values({ ...newRowStamp(subject, now, ctx.newId()), exam_type_id: id, facility_id: null, physician_id: physicianId }).execute();
    }
    return id;
  },
});
