/**
 * An https link that opens a place in the user's map service. OpenStreetMap's URL works in every
 * browser and hands off to a map app where the OS offers one; it passes main's external-URL allowlist
 * (https, no credentials), so the renderer can use it as an ordinary link.
 */
export function mapUrl(latitude: number | null, longitude: number | null): string | null {
  if (latitude === null || longitude === null || !Number.isFinite(latitude) || !Number.isFinite(longitude)) return null;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
  const lat = latitude.toFixed(6);
  const lon = longitude.toFixed(6);
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`;
}
