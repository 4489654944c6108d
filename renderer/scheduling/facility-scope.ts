import type { SessionInfo } from '../../shared/auth/session.contract';
import { scopesOf } from '../../shared/auth/scope-table';
import type { Facility } from '../../shared/admin/facility.contract';

/** True when the user's appointment scope is the whole clinic (clinic admin, billing), not some facilities. */
export function seesAllFacilities(session: Pick<SessionInfo, 'roles'>): boolean {
  return scopesOf(session, 'appointment').includes('clinic');
}

/**
 * The facilities whose schedule the user can open: every facility for clinic-wide roles, otherwise the
 * assigned ones. A physician without assignments may open any facility, since their scope is their own
 * appointments wherever they are. This only shapes the picker: main applies the same row scope to each read.
 */
export function scheduleFacilities(session: Pick<SessionInfo, 'roles' | 'facilityIds'>, facilities: readonly Facility[]): Facility[] {
  const scopes = scopesOf(session, 'appointment');
  if (scopes.includes('clinic')) return [...facilities];
  const assigned = facilities.filter((facility) => session.facilityIds.includes(facility.id));
  if (scopes.includes('own_physician') && assigned.length === 0) return [...facilities];
  return scopes.length === 0 ? [] : assigned;
}
