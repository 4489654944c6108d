import { useId, useState } from 'react';
import type { InitialSyncProgress } from '../../shared/sync/sync-status';
import { api } from '../platform/api';
import { useSyncStatus } from './sync-status';
import { pausedProgressText, progressText } from './sync-words';

/**
 * The first download as a bar: tables caught up of all the tables this user receives, with the rows so far.
 * Not a live region: it changes many times a second, and the bar itself tells a screen reader its value.
 */
export function InitialSyncProgressBar({ progress, paused = false }: { progress: InitialSyncProgress; paused?: boolean }) {
  const labelId = useId();
  return (
    <div className="sync-progress">
      <p className="sync-progress__text" id={labelId}>
        {paused ? pausedProgressText(progress) : progressText(progress)}
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

/**
 * A band across the top of the signed-in app while the first download runs or is paused; nothing otherwise.
 * Cancel pauses it (what arrived stays) until Resume, which continues where it stopped.
 */
export function InitialSyncBanner() {
  const { status, refresh } = useSyncStatus();
  const [isBusy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  if (!status?.initialSync) return null;
  const paused = status.initialSyncPaused;

  async function toggle() {
    setBusy(true);
    setProblem(null);
    const result = await api.invoke(paused ? 'sync.resumeInitialSync' : 'sync.cancelInitialSync', {});
    setBusy(false);
    if (!result.ok) setProblem(result.error.message);
    refresh();
  }

  return (
    <section className="sync-banner" aria-label="First download">
      <InitialSyncProgressBar progress={status.initialSync} paused={paused} />
      <p className="sync-banner__hint">
        {paused
          ? 'Paused: screens show only what has arrived. Changes you make are still sent.'
          : 'You can work while this runs; a screen shows what has arrived by the time you open it.'}
      </p>
      <button type="button" className={paused ? 'button button--primary' : 'button'} disabled={isBusy} onClick={() => void toggle()}>
        {paused ? 'Resume download' : 'Cancel download'}
      </button>
      {problem && (
        <p className="sync-banner__problem" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
