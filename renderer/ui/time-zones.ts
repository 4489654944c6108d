let cached: string[] | null = null;

/** IANA zone names this runtime knows, for zone pickers; `current` is kept even if the list lacks it. */
export function timeZoneOptions(current: string): { value: string; label: string }[] {
  cached ??= Intl.supportedValuesOf('timeZone');
  const zones = cached.includes(current) || !current ? cached : [current, ...cached];
  return zones.map((zone) => ({ value: zone, label: zone.replaceAll('_', ' ') }));
}
