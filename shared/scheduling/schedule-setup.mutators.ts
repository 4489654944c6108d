import type { Kysely } from 'kysely';
import { newRowStamp, toBit, tombstoneStamp, updateStamp } from '../db/stamps';
import type { Database } from '../db/tables';
import { DomainError } from '../ipc/result';
import { mutator } from '../sync/mutator';
import { availabilityInput, closureInput, physicianFacilitiesInput, removeByIdInput, resourceInput, timeOffInput } from './schedule-setup.contract';

async function assertFacility(tx: Kysely<Database>, clinicId: string, facilityId: string): Promise<void> {
  const row = await tx.selectFrom('facilities').select('id').where('id', '=', facilityId).where('clinic_id', '=', clinicId).where('deleted_at', 'is', null).executeTakeFirst();
  if (!row) throw new DomainError('not_found', 'That facility was not found.', [{ path: 'facilityId', message: 'Not found' }]);
}

async function assertPhysician(tx: Kysely<Database>, clinicId: string, physicianId: string): Promise<void> {
  const row = await tx.selectFrom('physicians').select('id').where('id', '=', physicianId).where('clinic_id', '=', clinicId).where('deleted_at', 'is', null).executeTakeFirst();
  if (!row) throw new DomainError('not_found', 'That physician was not found.', [{ path: 'physicianId', message: 'Not found' }]);
}

/** Adds or edits a closure day; one closure per facility and day. */
export const saveClosure = mutator({
  name: 'facility.saveClosure',
  description: 'Add or change a closure day (holiday) of a facility.',
  input: closureInput,
  permission: 'facility.manage',
  async run(tx, args, ctx) {
    const { subject, now } = ctx;
    await assertFacility(tx, subject.clinicId, args.facilityId);
    const clash = await tx.selectFrom('facility_closures').select('id').where('facility_id', '=', args.facilityId).where('closed_on', '=', args.closedOn)
      .where('deleted_at', 'is', null).$if(args.id !== undefined, (q) => q.where('id', '!=', args.id as string)).executeTakeFirst();
    if (clash) throw new DomainError('conflict', `That facility is already closed on ${args.closedOn}.`, [{ path: 'closedOn', message: 'Already a closure day' }]);
    if (args.id) {
      const updated = await tx.updateTable('facility_closures').set({ facility_id: args.facilityId, closed_on: args.closedOn, reason: args.reason, ...updateStamp(subject, now) })
        .where('id', '=', args.id).where('clinic_id', '=', subject.clinicId).where('deleted_at', 'is', null).executeTakeFirst();
      if (updated.numUpdatedRows === 0n) throw new DomainError('not_found', 'That closure was not found.');
      return args.id;
    }
    const id = ctx.newId();
    await tx.insertInto('facility_closures').values({ ...newRowStamp(subject, now, id), facility_id: args.facilityId, closed_on: args.closedOn, reason: args.reason }).execute();
    return id;
  },
});

export const removeClosure = mutator({
  name: 'facility.removeClosure',
  description: 'Remove a closure day of a facility.',
  input: removeByIdInput,
  permission: 'facility.manage',
  async run(tx, args, ctx) {
    const updated = await tx.updateTable('facility_closures').set(tombstoneStamp(ctx.subject, ctx.now))
      .where('id', '=', args.id).where('clinic_id', '=', ctx.subject.clinicId).where('deleted_at', 'is', null).executeTakeFirst();
    if (updated.numUpdatedRows === 0n) throw new DomainError('not_found', 'That closure was not found.');
    return args.id;
  },
});

export const saveResource = mutator({
  name: 'facility.saveResource',
  description: 'Add or edit a room or piece of equipment of a facility.',
  input: resourceInput,
  permission: 'facility.manage',
  async run(tx, args, ctx) {
    const { subject, now } = ctx;
    await assertFacility(tx, subject.clinicId, args.facilityId);
    const fields = { facility_id: args.facilityId, name: args.name, resource_kind: args.kind, is_active: toBit(args.isActive) };
    if (args.id) {
      const updated = await tx.updateTable('facility_resources').set({ ...fields, ...updateStamp(subject, now) })
        .where('id', '=', args.id).where('clinic_id', '=', subject.clinicId).where('facility_id', '=', args.facilityId).where('deleted_at', 'is', null).executeTakeFirst();
      if (updated.numUpdatedRows === 0n) throw new DomainError('not_found', 'That room or equipment was not found at this facility.');
      return args.id;
    }
    const id = ctx.newId();
    await tx.insertInto('facility_resources').values({ ...newRowStamp(subject, now, id), ...fields }).execute();
    return id;
  },
});

/** Sets a physician's facilities: missing assignments are added, ones not listed are tombstoned. */
export const setPhysicianFacilities = mutator({
  name: 'physician.setFacilities',
  description: 'Set the facilities a physician works at.',
  input: physicianFacilitiesInput,
  permission: 'physician.manage',
  async run(tx, args, ctx) {
    const { subject, now } = ctx;
    await assertPhysician(tx, subject.clinicId, args.physicianId);
    const wanted = [...new Set(args.facilityIds)];
    for (const facilityId of wanted) await assertFacility(tx, subject.clinicId, facilityId);
    const existing = await tx.selectFrom('physician_facilities').select(['id', 'facility_id']).where('physician_id', '=', args.physicianId).where('deleted_at', 'is', null).execute();
    for (const row of existing) if (!wanted.includes(row.facility_id)) await tx.updateTable('physician_facilities').set(tombstoneStamp(subject, now)).where('id', '=', row.id).execute();
    for (const facilityId of wanted) {
      if (existing.some((row) => row.facility_id === facilityId)) continue;
      await tx.insertInto('physician_facilities').values({ ...newRowStamp(subject, now, ctx.newId()), physician_id: args.physicianId, facility_id: facilityId }).execute();
    }
    return args.physicianId;
  },
});

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
}

/**
 * Replaces a physician's weekly template at a facility from `effectiveFrom`: spans that started earlier
 * end there (history kept), spans starting on or after it are tombstoned, and the new spans begin.
 */
export const saveAvailability = mutator({
  name: 'availability.save',
  description: 'Replace the weekly availability of a physician at a facility from a date on.',
  input: availabilityInput,
  permission: 'schedule.configure',
  async run(tx, args, ctx) {
    const { subject, now } = ctx;
    await assertPhysician(tx, subject.clinicId, args.physicianId);
    await assertFacility(tx, subject.clinicId, args.facilityId);
    const assigned = await tx.selectFrom('physician_facilities').select('id').where('physician_id', '=', args.physicianId).where('facility_id', '=', args.facilityId).where('deleted_at', 'is', null).executeTakeFirst();
    if (!assigned) throw new DomainError('invalid_input', 'Assign the physician to this facility first.', [{ path: 'facilityId', message: 'Not assigned' }]);
    const spans = [...args.spans].sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start));
    for (let i = 1; i < spans.length; i += 1) {
      const previous = spans[i - 1] as (typeof spans)[number];
      const current = spans[i] as (typeof spans)[number];
      if (previous.weekday === current.weekday && current.start < previous.end) {
        throw new DomainError('invalid_input', 'Two spans of one weekday overlap.', [{ path: `spans.${args.spans.indexOf(current)}.start`, message: 'Overlaps another span' }]);
      }
    }
    const existing = await tx.selectFrom('availability_templates').select(['id', 'effective_from', 'effective_to'])
      .where('physician_id', '=', args.physicianId).where('facility_id', '=', args.facilityId).where('deleted_at', 'is', null).execute();
    for (const row of existing) {
      if (row.effective_to !== null && row.effective_to <= args.effectiveFrom) continue;
      if (row.effective_from < args.effectiveFrom) {
        await tx.updateTable('availability_templates').set({ effective_to: args.effectiveFrom, ...updateStamp(subject, now) }).where('id', '=', row.id).execute();
      } else {
        await tx.updateTable('availability_templates').set(tombstoneStamp(subject, now)).where('id', '=', row.id).execute();
      }
    }
    for (const span of spans) {
      await tx.insertInto('availability_templates').values({
        ...newRowStamp(subject, now, ctx.newId()), physician_id: args.physicianId, facility_id: args.facilityId, weekday: span.weekday,
        start_minute: minutesOf(span.start), end_minute: minutesOf(span.end), effective_from: args.effectiveFrom, effective_to: args.effectiveTo,
      }).execute();
    }
    return args.physicianId;
  },
});

export const saveTimeOff = mutator({
  name: 'timeOff.save',
  description: 'Add or change time off or a block of a physician.',
  input: timeOffInput,
  permission: 'physician.manage',
  async run(tx, args, ctx) {
    const { subject, now } = ctx;
    await assertPhysician(tx, subject.clinicId, args.physicianId);
    if (args.facilityId !== null) await assertFacility(tx, subject.clinicId, args.facilityId);
    const fields = { physician_id: args.physicianId, facility_id: args.facilityId, starts_at: args.startsAt, ends_at: args.endsAt, time_off_kind: args.kind, reason: args.reason };
    if (args.id) {
      const updated = await tx.updateTable('time_off').set({ ...fields, ...updateStamp(subject, now) }).where('id', '=', args.id).where('clinic_id', '=', subject.clinicId).where('deleted_at', 'is', null).executeTakeFirst();
      if (updated.numUpdatedRows === 0n) throw new DomainError('not_found', 'That time off was not found.');
      return args.id;
    }
    const id = ctx.newId();
    await tx.insertInto('time_off').values({ ...newRowStamp(subject, now, id), ...fields }).execute();
    return id;
  },
});

export const removeTimeOff = mutator({
  name: 'timeOff.remove',
  description: 'Remove time off or a block of a physician.',
  input: removeByIdInput,
  permission: 'physician.manage',
  async run(tx, args, ctx) {
    const updated = await tx.updateTable('time_off').set(tombstoneStamp(ctx.subject, ctx.now)).where('id', '=', args.id).where('clinic_id', '=', ctx.subject.clinicId).where('deleted_at', 'is', null).executeTakeFirst();
    if (updated.numUpdatedRows === 0n) throw new DomainError('not_found', 'That time off was not found.');
    return args.id;
  },
});
