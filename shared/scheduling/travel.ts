/** Where a facility is, for travel estimates. */
export interface Located {
  readonly id: string;
  readonly latitude: number | null;
  readonly longitude: number | null;
}

const EARTH_RADIUS_KM = 6371;
/** Roads are longer than the great circle, and city driving is slow: a deliberately cautious estimate. */
const ROAD_FACTOR = 1.3;
const AVERAGE_KM_PER_HOUR = 40;
/** Estimates are capped: facilities further apart than a working day's drive are not one physician's circuit. */
export const MAX_TRAVEL_MINUTES = 12 * 60;

/** Great-circle distance in kilometres. */
export function distanceKm(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Minutes a physician needs between two facilities: none within one facility; otherwise the clinic's
 * travel buffer, or the drive estimated from the facilities' coordinates (rounded up to 5 minutes)
 * when that is longer (capped at 12 hours). Without coordinates the clinic setting alone applies.
 */
export function travelMinutes(from: Located, to: Located, clinicBufferMinutes: number): number {
  if (from.id === to.id) return 0;
  if (from.latitude === null || from.longitude === null || to.latitude === null || to.longitude === null) return clinicBufferMinutes;
  const km = distanceKm({ latitude: from.latitude, longitude: from.longitude }, { latitude: to.latitude, longitude: to.longitude });
  const estimate = Math.ceil(((km * ROAD_FACTOR) / AVERAGE_KM_PER_HOUR) * 60 / 5) * 5;
  return Math.max(clinicBufferMinutes, Math.min(estimate, MAX_TRAVEL_MINUTES));
}
