import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { SyncStatus } from '../../shared/sync/sync-status';
import { api } from '../platform/api';

/** The workstation's sync state as the window knows it, and a way to read it again after a change. */
export interface SyncState {
  /** Null until it is known: before sign-in nothing may ask main, so only pushed events inform it. */
  readonly status: SyncStatus | null;
  /**
   * Open sync issues of the signed-in user. `status.openIssues` counts the whole workstation's (a shared
   * front-desk PC holds several users' issues), but the inbox shows each user only their own.
   */
  readonly openIssues: number;
  /** Reads `sync.status` again (after retrying or discarding an issue, which need not push an event). */
  refresh(): void;
}

export const SyncStatusContext = createContext<SyncState>({ status: null, openIssues: 0, refresh: () => undefined });

export function useSyncStatus(): SyncState {
  return useContext(SyncStatusContext);
}

/** Events carry `unknown`; this is the shape check before a pushed status is trusted for display. */
export function isSyncStatus(value: unknown): value is SyncStatus {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.configured === 'boolean' &&
    typeof record.online === 'boolean' &&
    typeof record.pending === 'number' &&
    typeof record.openIssues === 'number' &&
    (record.lastSyncedAt === null || typeof record.lastSyncedAt === 'number') &&
    (record.initialSync === null || (typeof record.initialSync === 'object' && record.initialSync !== undefined)) &&
    typeof record.revoked === 'boolean' &&
    (record.message === null || typeof record.message === 'string')
  );
}

/**
 * Follows `sync.status` for the whole window, signed in or not. It listens from the start and never stops,
 * because main announces a revoked workstation by ending every session first and pushing the revoked
 * status right after: a listener that belonged to the signed-in screens would be gone by then.
 * `signedInUserId` says when the window may ask main itself (the channel needs a session).
 */
export function useSyncStatusSource(signedInUserId: string | null): SyncState {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [reads, setReads] = useState(0);
  const accept = useCallback((next: SyncStatus) => setStatus(next), []);

  useEffect(
    () =>
      api.on('sync.status', (payload) => {
        if (isSyncStatus(payload)) accept(payload);
      }),
    [accept],
  );

  // Signed out, the last status stays: main ends a session first and says why (a deactivated account)
  // in the status it pushes right after, often in the same breath as the sign-out itself.
  useEffect(() => {
    if (signedInUserId === null) return;
    let isCurrent = true;
    void api.invoke('sync.status', {}).then((result) => {
      if (isCurrent && result.ok) accept(result.value);
    });
    return () => {
      isCurrent = false;
    };
  }, [signedInUserId, reads, accept]);

  const [openIssues, setOpenIssues] = useState(0);
  const workstationIssues = signedInUserId === null ? 0 : (status?.openIssues ?? 0);
  useEffect(() => {
    if (workstationIssues === 0) {
      setOpenIssues(0);
      return;
    }
    let isCurrent = true;
    void api.invoke('sync.issues', {}).then((result) => {
      if (isCurrent && result.ok) setOpenIssues(result.value.length);
    });
    return () => {
      isCurrent = false;
    };
  }, [workstationIssues, signedInUserId, reads]);

  const refresh = useCallback(() => setReads((count) => count + 1), []);
  return useMemo(() => ({ status, openIssues, refresh }), [status, openIssues, refresh]);
}
