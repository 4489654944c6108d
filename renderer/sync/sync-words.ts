import type { InitialSyncProgress } from '../../shared/sync/sync-status';

/** What the sync indicator, the first-download bar and the inbox say, in plain words. */

const wholeNumber = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function plural(count: number, one: string, many: string): string {
  return `${wholeNumber.format(count)} ${count === 1 ? one : many}`;
}

/** `3 changes waiting to be sent`; null when nothing waits. */
export function pendingText(pending: number): string | null {
  return pending > 0 ? `${plural(pending, 'change', 'changes')} waiting to be sent` : null;
}

/** `2 sync issues` */
export function issuesText(openIssues: number): string {
  return plural(openIssues, 'sync issue', 'sync issues');
}

/**
 * How long ago, in the words a person uses: `just now`, `2 min ago`, `3 hours ago`, `yesterday`, `5 days ago`.
 * A timestamp slightly in the future (main's clock ahead of this window's) reads as `just now`.
 */
export function timeAgo(at: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 45) return 'just now';
  const minutes = Math.max(1, Math.round(seconds / 60));
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${plural(hours, 'hour', 'hours')} ago`;
  const days = Math.floor(hours / 24);
  return days === 1 ? 'yesterday' : `${plural(days, 'day', 'days')} ago`;
}

/** `Last synced 2 min ago`, or `Not synced yet` before the first complete sync. */
export function lastSyncedText(lastSyncedAt: number | null, now: number): string {
  return lastSyncedAt === null ? 'Not synced yet' : `Last synced ${timeAgo(lastSyncedAt, now)}`;
}

/** `Downloading clinic data: 12,345 rows (7 of 31 tables)` */
export function progressText(progress: InitialSyncProgress): string {
  return `Downloading clinic data: ${plural(progress.total, 'row', 'rows')} (${wholeNumber.format(progress.tablesDone)} of ${plural(progress.tablesTotal, 'table', 'tables')})`;
}

/** `Download paused at 12,345 rows (7 of 31 tables)` */
export function pausedProgressText(progress: InitialSyncProgress): string {
  return `Download paused at ${plural(progress.total, 'row', 'rows')} (${wholeNumber.format(progress.tablesDone)} of ${plural(progress.tablesTotal, 'table', 'tables')})`;
}

export const OFFLINE_EXPLANATION = 'Offline — changes are saved on this computer and will be sent when the connection returns.';
export const ONLINE_EXPLANATION = 'Online — changes are sent to the clinic server as you make them.';
export const LOCAL_ONLY_EXPLANATION = 'Local only — this workstation has no clinic server. Everything is saved on this computer.';
