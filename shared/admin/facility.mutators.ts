import { DomainError } from '../ipc/result';
import { newRowStamp, toBit, tombstoneStamp, updateStamp } from '../db/stamps';
import { mutator } from '../sync/mutator';
import { facilityInput } from './facility.contract';

/** Creates or updates a facility and reconciles its rooms and equipment (removed ones are tombstoned). */
export const saveFacility = mutator({
  name: 'facility.save',
  description: 'Create a facility, or update one when `id` is given.',
  input: facilityInput,
  permission: 'facility.manage',
  async run(tx, input, ctx) {
    const { subject, now } = ctx;
    const clash = await tx
      .selectFrom('facilities')
      .select('id')
      .where('clinic_id', '=', subject.clinicId)
      .where('code', '=', input.code)
      .where('deleted_at', 'is', null)
      .$if(input.id !== undefined, (q) => q.where('id', '!=', input.id as string))
      .executeTakeFirst();
    if (clash) throw new DomainError('conflict', 'Another facility already uses that code.', [{ path: 'code', message: 'Already used by another facility' }]);

    const values = {
      name: input.name,
      code: input.code,
      address_line1: input.addressLine1,
      address_line2: input.addressLine2,
      city: input.city,
      state: input.state,
      postal_code: input.postalCode,
      phone: input.phone,
      latitude: input.latitude,
      longitude: input.longitude,
      time_zone: input.timeZone,
      hours_json: JSON.stringify(input.hours),
      is_active: toBit(input.isActive),
      // Left out on an update: the facility keeps its place of service.
      ...(input.placeOfService !== undefined || !input.id ? { place_of_service: input.placeOfService ?? null } : {}),
    };
    let facilityId = input.id;
    if (facilityId) {
      const updated = await tx
        .updateTable('facilities')
        .set({ ...values, ...updateStamp(subject, now) })
        .where('id', '=', facilityId)
        .where('clinic_id', '=', subject.clinicId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (updated.numUpdatedRows === 0n) throw new DomainError('not_found', 'That facility was not found.');
    } else {
      facilityId = ctx.newId();
      await tx.insertInto('facilities').values({ ...newRowStamp(subject, now, facilityId), ...values }).execute();
    }

    const existing = await tx.selectFrom('facility_resources').selectAll().where('facility_id', '=', facilityId).where('deleted_at', 'is', null).execute();
    const keep = new Set(input.resources.map((r) => r.id).filter(Boolean));
    for (const row of existing) {
      if (!keep.has(row.id)) await tx.updateTable('facility_resources').set(tombstoneStamp(subject, now)).where('id', '=', row.id).execute();
    }
    for (const resource of input.resources) {
      const fields = { name: resource.name, resource_kind: resource.kind, is_active: toBit(resource.isActive) };
      if (resource.id && existing.some((row) => row.id === resource.id)) {
        await tx.updateTable('facility_resources').set({ ...fields, ...updateStamp(subject, now) }).where('id', '=', resource.id).execute();
      } else {
        await tx.insertInto('facility_resources').values({ ...newRowStamp(subject, now, ctx.newId()), facility_id: facilityId, ...fields }).execute();
      }
    }
    return facilityId;
  },
});
