import type { Kysely } from 'kysely';
import type { Facility, FacilityInput, FacilityResource, WeeklyHours } from '../../shared/admin/facility.contract';
import type { Subject } from '../../shared/auth/permissions';
import type { Database, Row } from '../../shared/db/tables';
import { DomainError } from '../../shared/ipc/result';
import type { WriteTransaction } from '../db/connection';
import { newRowStamp, toBit, tombstoneStamp, updateStamp } from '../db/stamps';

function parseHours(json: string): WeeklyHours {
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' ? (value as WeeklyHours) : {};
  } catch {
    return {};
  }
}

function toResource(row: Row<'facility_resources'>): FacilityResource {
  return { id: row.id, name: row.name, kind: row.resource_kind, isActive: row.is_active === 1 };
}

function toFacility(row: Row<'facilities'>, resources: Row<'facility_resources'>[]): Facility {
  return {
    id: row.id,
    name: row.name,
    code: row.code,
    addressLine1: row.address_line1,
    addressLine2: row.address_line2,
    city: row.city,
    state: row.state,
    postalCode: row.postal_code,
    phone: row.phone,
    latitude: row.latitude,
    longitude: row.longitude,
    timeZone: row.time_zone,
    hours: parseHours(row.hours_json),
    isActive: row.is_active === 1,
    resources: resources.filter((r) => r.facility_id === row.id).map(toResource),
    updatedAt: row.updated_at,
  };
}

/** Facilities of the subject's clinic. Facilities are not PHI; every staff role may list them. */
export function facilityRepository(db: Kysely<Database>, subject: Subject) {
  async function load(source: Kysely<Database>, ids: string[] | null, includeInactive: boolean): Promise<Facility[]> {
    let query = source.selectFrom('facilities').selectAll().where('clinic_id', '=', subject.clinicId).where('deleted_at', 'is', null);
    if (ids) query = query.where('id', 'in', ids.length > 0 ? ids : ['']);
    if (!includeInactive) query = query.where('is_active', '=', 1);
    const rows = await query.orderBy('name').execute();
    if (rows.length === 0) return [];
    const resources = await source
      .selectFrom('facility_resources')
      .selectAll()
      .where('facility_id', 'in', rows.map((r) => r.id))
      .where('deleted_at', 'is', null)
      .orderBy('name')
      .execute();
    return rows.map((row) => toFacility(row, resources));
  }

  return {
    list(includeInactive = false): Promise<Facility[]> {
      return load(db, null, includeInactive);
    },

    async get(id: string, source: Kysely<Database> = db): Promise<Facility> {
      const [facility] = await load(source, [id], true);
      if (!facility) throw new DomainError('not_found', 'That facility was not found.');
      return facility;
    },

    /** Creates or updates a facility and reconciles its resources (removed ones are tombstoned). */
    async save(tx: WriteTransaction, input: FacilityInput, now: number): Promise<Facility> {
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
        const stamp = newRowStamp(subject, now);
        facilityId = stamp.id;
        await tx.insertInto('facilities').values({ ...stamp, ...values }).execute();
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
          await tx.insertInto('facility_resources').values({ ...newRowStamp(subject, now), facility_id: facilityId, ...fields }).execute();
        }
      }
      return this.get(facilityId, tx);
    },
  };
}
