import { useId } from 'react';
import type { SyncStatus } from '../../shared/sync/sync-status';
import { hrefFor } from '../app/route';
import { useNow } from '../ui/use-now';
import { InitialSyncProgressBar } from './initial-sync-progress';
import { useSyncStatus } from './sync-status';
import {
  issuesText,
  lastSyncedText,
  LOCAL_ONLY_EXPLANATION,
  OFFLINE_EXPLANATION,
  ONLINE_EXPLANATION,
  pendingText,
} from './sync-words';

type Tone = 'online' | 'offline' | 'attention' | 'local';

interface Presentation {
  readonly tone: Tone;
  readonly label: string;
  /** The second line under the label; null for none. */
  readonly detail: string | null;
  readonly explanation: string;
}

/** What the header says for a status, at `now`. */
export function presentStatus(status: SyncStatus, now: number): Presentation {
  if (!status.configured) return { tone: 'local', label: 'Local only', detail: null, explanation: LOCAL_ONLY_EXPLANATION };
  const explanation = status.online ? ONLINE_EXPLANATION : OFFLINE_EXPLANATION;
  const label = status.online ? 'Online' : 'Offline';
  if (status.message) return { tone: 'attention', label, detail: 'Sync needs attention', explanation };
  const detail = status.initialSync ? (status.initialSyncPaused ? 'Download paused' : 'Downloading clinic data') : (pendingText(status.pending) ?? lastSyncedText(status.lastSyncedAt, now));
  return { tone: status.online ? 'online' : 'offline', label, detail, explanation };
}

function StatusDetails({ status, openIssues, now }: { status: SyncStatus; openIssues: number; now: number }) {
  if (!status.configured) {
    return (
      <p className="sync-panel__text">
        This workstation has no clinic server. Everything you enter is saved on this computer only, and nothing is sent anywhere.
      </p>
    );
  }
  return (
    <dl className="sync-panel__facts">
      <div>
        <dt>Waiting to be sent</dt>
        <dd>{status.pending > 0 ? `${status.pending.toLocaleString('en-US')} ${status.pending === 1 ? 'change' : 'changes'}` : 'None: every change has been sent'}</dd>
      </div>
      <div>
        <dt>Last synced</dt>
        <dd>{status.lastSyncedAt === null ? 'Not yet' : lastSyncedText(status.lastSyncedAt, now).replace(/^Last synced /, '')}</dd>
      </div>
      <div>
        <dt>Sync issues</dt>
        <dd>
          {openIssues > 0 ? (
            <a href={hrefFor('sync-issues')}>{issuesText(openIssues)} to review</a>
          ) : (
            'None'
          )}
        </dd>
      </div>
    </dl>
  );
}

/**
 * The header's sync indicator: online or offline (or "Local only" without a server), what is waiting to be
 * sent or when the last sync was, and a badge for open sync issues. The indicator opens a small panel with
 * the details; the badge goes straight to the inbox.
 */
export function SyncIndicator() {
  const { status, openIssues } = useSyncStatus();
  // Every 15 s is enough for "2 min ago" to move on time.
  const now = useNow(status !== null && status.configured, 15_000);
  const panelId = useId();
  const titleId = useId();
  const descriptionId = useId();
  if (!status) return null;
  const shown = presentStatus(status, now);

  return (
    <div className="sync-indicator">
      <button
        type="button"
        className={`sync-indicator__button sync-indicator__button--${shown.tone}`}
        popoverTarget={panelId}
        aria-describedby={descriptionId}
        title={shown.explanation}
        data-sync-state={shown.tone}
      >
        <span className="sync-indicator__dot" aria-hidden="true" />
        <span className="sync-indicator__text">
          <span className="sync-indicator__label">{shown.label}</span>
          {shown.detail && <span className="sync-indicator__detail">{shown.detail}</span>}
        </span>
      </button>
      <span id={descriptionId} hidden>
        {shown.explanation}
      </span>
      {openIssues > 0 && (
        <a className="sync-badge" href={hrefFor('sync-issues')}>
          <span className="sync-badge__count" aria-hidden="true">
            {openIssues}
          </span>
          <span className="sync-badge__label">
            <span className="visually-hidden">{openIssues} </span>
            {openIssues === 1 ? 'sync issue' : 'sync issues'}
          </span>
        </a>
      )}
      <div id={panelId} popover="auto" className="sync-panel" role="dialog" aria-labelledby={titleId}>
        <h2 className="sync-panel__title" id={titleId}>
          {status.configured ? 'Sync with the clinic server' : 'No clinic server'}
        </h2>
        {status.configured && (
          <p className={`sync-panel__state sync-panel__state--${shown.tone}`}>
            <span className="sync-indicator__dot" aria-hidden="true" />
            {shown.explanation}
          </p>
        )}
        {status.message && <p className="sync-panel__message">{status.message}</p>}
        {status.initialSync && <InitialSyncProgressBar progress={status.initialSync} paused={status.initialSyncPaused} />}
        <StatusDetails status={status} openIssues={openIssues} now={now} />
      </div>
    </div>
  );
}
