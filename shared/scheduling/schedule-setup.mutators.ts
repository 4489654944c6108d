import type { Kysely } from 'kysely';
import { newRowStamp, toBit, tombstoneStamp, updateStamp } from '../db/stamps';
import type { Database, NewRow } from '../db/tables';
import { DomainError } from '../ipc/result';
import { mutator, type MutationContext } from '../sync/mutator';
import { availabilityInput, closureInput, physicianFacilitiesInput, removeByIdInput, resourceInput, timeOffInput } from './schedule-setup.contract';

/** The clinic's live rows a setup change may point at; one query for any number of ids. */
async function assertInClinic(tx: Kysely<Database>, clinicId: string, table: 'facilities' | 'physicians', ids: readonly string[], path: string): Promise<void> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return;
  const rows = await tx.selectFrom(table).select('id').where('id', 'in', wanted).where('clinic_id', '=', clinicId).where('deleted_at', 'is', null).execute();
  if (rows.length < wanted.length) {
    throw new DomainError('not_found', `That ${table === 'facilities' ? 'facility' : 'physician'} was not found.`, [{ path, message: 'Not found' }]);
  }
}

const assertFacility = (tx: Kysely<Database>, clinicId: string, ...facilityIds: string[]) => assertInClinic(tx, clinicId, 'facilities', facilityIds, 'facilityId');
const assertPhysician = (tx: Kysely<Database>, clinicId: string, physicianId: string) => assertInClinic(tx, clinicId, 'physicians', [physicianId], 'physicianId');

type SetupTable = 'facility_closures' | 'facility_resources' | 'time_off';

/**
 * The save half of every setup row: with an id, updates that live row of the clinic (and, when given,
 * of that facility) or answers not_found; without one, inserts a new row. Returns the row's id.
 */
async function saveSetupRow<T extends SetupTable>(
  tx: Kysely<Database>, ctx: MutationContext, table: T, id: string | undefined, fields: Omit<NewRow<T>, keyof ReturnType<typeof newRowStamp>>,
  notFound: string, facilityId?: string,
): Promise<string> {
  // One code path for three tables: kysely cannot narrow a generic table name, so the builder is widened here.
  const db = tx as unknown as Kysely<Record<string, Record<string, unknown>>>;
  if (id) {
    const updated = await db.updateTable(table as string).set({ ...fields, ...updateStamp(ctx.subject, ctx.now) })
      .where('id', '=', id).where('clinic_id', '=', ctx.subject.clinicId).where('deleted_at', 'is', null)
      .$if(facilityId !== undefined, (q) => q.where('facility_id', '=', facilityId as string)).executeTakeFirst();
    if (updated.numUpdatedRows === 0n) throw new DomainError('not_found', notFound);
    return id;
  }
  const newId = ctx.newId();
  await db.insertInto(table as string).values({ ...newRowStamp(ctx.subject, ctx.now, newId), ...fields }).execute();
  return newId;
}

/** The remove half: tombstones a live row of the clinic, or answers not_found. */
async function removeSetupRow(tx: Kysely<Database>, ctx: MutationContext, table: 'facility_closures' | 'time_off', id: string, notFound: string): Promise<string> {
  const updated = await tx.updateTable(table).set(tombstoneStamp(ctx.subject, ctx.now))
    .where('id', '=', id).where('clinic_id', '=', ctx.subject.clinicId).where('deleted_at', 'is', null).executeTakeFirst();
  if (updated.numUpdatedRows === 0n) throw new DomainError('not_found', notFound);
  return id;
}

/** Adds or edits a closure day; one closure per facility and day. */
export const saveClosure = mutator({
  name: 'facility.saveClosure',
  description: 'Add or change a closure day (holiday) of a facility.',
  input: closureInput,
  permission: 'facility.manage',
  async run(tx, args, ctx) {
    const { subject } = ctx;
    await assertFacility(tx, subject.clinicId, args.facilityId);
    const clash = await tx.selectFrom('facility_closures').select('id').where('facility_id', '=', args.facilityId).where('closed_on', '=', args.closedOn)
      .where('deleted_at', 'is', null).$if(args.id !== undefined, (q) => q.where('id', '!=', args.id as string)).executeTakeFirst();
    if (clash) throw new DomainError('conflict', `That facility is already closed on ${args.closedOn}.`, [{ path: 'closedOn', message: 'Already a closure day' }]);
    return saveSetupRow(tx, ctx, 'facility_closures', args.id, { facility_id: args.facilityId, closed_on: args.closedOn, reason: args.reason }, 'That closure was not found.');
  },
});

export const removeClosure = mutator({
  name: 'facility.removeClosure',
  description: 'Remove a closure day of a facility.',
  input: removeByIdInput,
  permission: 'facility.manage',
  async run(tx, args, ctx) {
    return removeSetupRow(tx, ctx, 'facility_closures', args.id, 'That closure was not found.');
  },
});

export const saveResource = mutator({
  name: 'facility.saveResource',
  description: 'Add or edit a room or piece of equipment of a facility.',
  input: resourceInput,
  permission: 'facility.manage',
  async run(tx, args, ctx) {
    await assertFacility(tx, ctx.subject.clinicId, args.facilityId);
    const fields = { facility_id: args.facilityId, name: args.name, resource_kind: args.kind, is_active: toBit(args.isActive) };
    return saveSetupRow(tx, ctx, 'facility_resources', args.id, fields, 'That room or equipment was not found at this facility.', args.facilityId);
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
    await assertFacility(tx, subject.clinicId, ...wanted);
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
  description: 'Replace the weekly availability of a physician at a facility from a date on (until a date, when given).',
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
    // The new week replaces what applied in [effectiveFrom, effectiveTo) and nothing outside it: a span
    // running past the range keeps its tail (so an upcoming week saved earlier survives an edit of today's).
    const rangeEnd = args.effectiveTo;
    for (const row of existing) {
      if (row.effective_to !== null && row.effective_to <= args.effectiveFrom) continue;
      if (rangeEnd !== null && row.effective_from >= rangeEnd) continue;
      const keepsTail = rangeEnd !== null && (row.effective_to === null || row.effective_to > rangeEnd);
      if (keepsTail && row.effective_from < args.effectiveFrom) {
        const whole = await tx.selectFrom('availability_templates').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
        await tx.insertInto('availability_templates').values({
          ...newRowStamp(subject, now, ctx.newId()), physician_id: whole.physician_id, facility_id: whole.facility_id, weekday: whole.weekday,
          start_minute: whole.start_minute, end_minute: whole.end_minute, effective_from: rangeEnd, effective_to: whole.effective_to,
        }).execute();
      }
      if (row.effective_from < args.effectiveFrom) {
        await tx.updateTable('availability_templates').set({ effective_to: args.effectiveFrom, ...updateStamp(subject, now) }).where('id', '=', row.id).execute();
      } else if (keepsTail) {
        await tx.updateTable('availability_templates').set({ effective_from: rangeEnd, ...updateStamp(subject, now) }).where('id', '=', row.id).execute();
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
    await assertPhysician(tx, ctx.subject.clinicId, args.physicianId);
    if (args.facilityId !== null) await assertFacility(tx, ctx.subject.clinicId, args.facilityId);
    const fields = { physician_id: args.physicianId, facility_id: args.facilityId, starts_at: args.startsAt, ends_at: args.endsAt, time_off_kind: args.kind, reason: args.reason };
    return saveSetupRow(tx, ctx, 'time_off', args.id, fields, 'That time off was not found.');
  },
});

export const removeTimeOff = mutator({
  name: 'timeOff.remove',
  description: 'Remove time off or a block of a physician.',
  input: removeByIdInput,
  permission: 'physician.manage',
  async run(tx, args, ctx) {
    return removeSetupRow(tx, ctx, 'time_off', args.id, 'That time off was not found.');
  },
});
