import { useId } from 'react';
import type { InitialSyncProgress } from '../../shared/sync/sync-status';
import { useSyncStatus } from './sync-status';
import { progressText } from './sync-words';

/**
 * The first download as a bar: tables caught up of all the tables this user receives, with the rows so far.
 * Not a live region: it changes many times a second, and the bar itself tells a screen reader its value.
 */
export function InitialSyncProgressBar({ progress }: { progress: InitialSyncProgress }) {
  const labelId = useId();
  return (
    <div className="sync-progress">
      <p className="sync-progress__text" id={labelId}>
        {progressText(progress)}
      </p>
      <progress
        className="sync-progress__bar"
        aria-labelledby={labelId}
        value={progress.tablesDone}
        max={Math.max(1, progress.tablesTotal)}
      />
    </div>
  );
}

/** A band across the top of the signed-in app while the first download runs; nothing otherwise. */
export function InitialSyncBanner() {
  const { status } = useSyncStatus();
  if (!status?.initialSync) return null;
  return (
    <section className="sync-banner" aria-label="First download">
      <InitialSyncProgressBar progress={status.initialSync} />
      <p className="sync-banner__hint">You can work while this runs; a screen shows what has arrived by the time you open it.</p>
    </section>
  );
}
