import type { FacilityInput } from '../../shared/admin/facility.contract';

/** A valid `facility.save` input for tests: one room, Monday hours, no coordinates. */
export function facilityInput(code: string, name = `Facility ${code}`): FacilityInput {
  return {
    name, code, addressLine1: '200 Annex Road', addressLine2: null, city: 'Austin', state: 'TX', postalCode: '78701', phone: null,
    latitude: null, longitude: null, timeZone: 'America/Chicago', hours: { mon: [{ open: '08:00', close: '17:00' }] }, isActive: true,
    resources: [{ name: 'Room 1', kind: 'room', isActive: true }],
  };
}
