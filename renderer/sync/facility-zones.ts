import { useCallback } from 'react';
import { can } from '../../shared/auth/permissions';
import type { SyncIssue } from '../../shared/sync/sync.contract';
import { useChannel } from '../platform/use-channel';
import { useSession } from '../session/session-context';

function facilityOf(issue: SyncIssue): string | null {
  const args = issue.args;
  if (typeof args !== 'object' || args === null || !('facilityId' in args)) return null;
  return typeof args.facilityId === 'string' ? args.facilityId : null;
}

/**
 * The time zones of the facilities these issues concern (appointment times are shown and edited in the
 * facility's zone). `isReady` is false while they load; a facility the user cannot read has no zone (null).
 */
export function useFacilityZones(issues: readonly SyncIssue[] | null): { isReady: boolean; timeZoneOf: (facilityId: string) => string | null } {
  const { session } = useSession();
  const needed = issues !== null && issues.some((issue) => facilityOf(issue) !== null) && can(session, 'facility.read');
  const [facilities] = useChannel('facility.list', needed ? { includeInactive: true } : null);
  const value = facilities.status === 'ready' ? facilities.value : null;
  const timeZoneOf = useCallback((facilityId: string) => value?.find((facility) => facility.id === facilityId)?.timeZone ?? null, [value]);
  return { isReady: !needed || facilities.status !== 'loading', timeZoneOf };
}
