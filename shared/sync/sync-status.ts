/**
 * What the workstation shows about sync: whether the clinic server answers, what is still waiting to
 * be sent, when the replica was last known current, how far the first download has come, and whether
 * the clinic has revoked this workstation. Platform-free: main computes it, the renderer shows it.
 */

/** Progress of the first download of a user's data (rows applied since it started). */
export interface InitialSyncProgress {
  /** The table that received rows most recently (null before the first rows). */
  readonly table: string | null;
  /** Rows applied to that table so far. */
  readonly rows: number;
  /** Rows applied to every table so far. */
  readonly total: number;
  /** Tables that have caught up with the server, of all the tables this user receives. */
  readonly tablesDone: number;
  readonly tablesTotal: number;
}

export interface SyncStatus {
  /** False when this workstation has no clinic server configured (local-only mode). */
  readonly configured: boolean;
  /** The clinic server answered the last request. */
  readonly online: boolean;
  /** Local changes not yet confirmed by the server. */
  readonly pending: number;
  /** Changes the server refused that are waiting in the sync-issues inbox. */
  readonly openIssues: number;
  /** When every table of the replica was last known to match the server (epoch ms). */
  readonly lastSyncedAt: number | null;
  /** Present while the first download runs, and while it is paused (then `initialSyncPaused`). */
  readonly initialSync: InitialSyncProgress | null;
  /**
   * The user cancelled the first download: nothing is downloaded until they resume it (it continues
   * where it stopped). Changes made meanwhile are still sent.
   */
  readonly initialSyncPaused: boolean;
  /** The clinic revoked this workstation; its local data has been erased. */
  readonly revoked: boolean;
  /** A plain sentence for the user when something needs attention (revoked, sign in again, update). */
  readonly message: string | null;
}

/** The status of a workstation without a clinic server. */
export const LOCAL_ONLY_STATUS: SyncStatus = {
  configured: false,
  online: false,
  pending: 0,
  openIssues: 0,
  lastSyncedAt: null,
  initialSync: null,
  initialSyncPaused: false,
  revoked: false,
  message: null,
};

/** Whether two statuses would look the same to the user (so an unchanged status is not re-sent). */
export function isSameStatus(a: SyncStatus, b: SyncStatus): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
