import type { Kysely } from 'kysely';
import type { Facility, FacilityResource, WeeklyHours } from '../../shared/admin/facility.contract';
import type { Subject } from '../../shared/auth/permissions';
import type { Database, Row } from '../../shared/db/tables';
import { DomainError } from '../../shared/ipc/result';

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
    placeOfService: row.place_of_service,
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

  };
}
