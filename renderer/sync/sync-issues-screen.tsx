import { useEffect, useRef, useState } from 'react';
import type { AppError } from '../../shared/ipc/result';
import type { SyncIssue } from '../../shared/sync/sync.contract';
import { hrefFor, navigate } from '../app/route';
import { api } from '../platform/api';
import { useChannel } from '../platform/use-channel';
import { Dialog } from '../ui/dialog';
import { Checkbox } from '../ui/fields';
import { Card, PageHeader } from '../ui/page';
import { EmptyState, ErrorState, LoadingState, Notice } from '../ui/states';
import { useNow } from '../ui/use-now';
import { useFacilityZones } from './facility-zones';
import { IssueEditor } from './issue-editor';
import { issueHeadline } from './issue-summary';
import { SyncIssueList } from './sync-issue-list';
import { useSyncStatus } from './sync-status';

function headlineText(issue: SyncIssue, timeZoneOf: (facilityId: string) => string | null): string {
  const { title, subject } = issueHeadline(issue, timeZoneOf);
  return subject ? `${title}: ${subject}` : title;
}

/** Discarding needs a second, deliberate step, and says what it means: not sent, but kept. */
function DiscardDialog({
  issue,
  name,
  onCancel,
  onDiscarded,
}: {
  issue: SyncIssue;
  name: string;
  onCancel: () => void;
  onDiscarded: () => void;
}) {
  const [error, setError] = useState<AppError | null>(null);
  const [isBusy, setBusy] = useState(false);

  async function discard() {
    setBusy(true);
    const result = await api.invoke('sync.discardIssue', { id: issue.id, confirm: true });
    setBusy(false);
    if (result.ok) onDiscarded();
    else setError(result.error);
  }

  return (
    <Dialog
      open
      role="alertdialog"
      title="Discard this change?"
      onClose={onCancel}
      footer={
        <>
          <button type="button" className="button" onClick={onCancel} autoFocus>
            Cancel
          </button>
          <button type="button" className="button button--danger" onClick={() => void discard()} disabled={isBusy}>
            {isBusy ? 'Discarding…' : 'Discard change'}
          </button>
        </>
      }
    >
      <p>
        <strong>{name}</strong> will not be sent to the clinic server.
      </p>
      <p>It stays in this workstation’s record of sync issues, marked as discarded, so what was entered is not lost.</p>
      {error && <Notice tone="error">{error.message}</Notice>}
    </Dialog>
  );
}

function EmptyInbox({ showClosed }: { showClosed: boolean }) {
  const { status } = useSyncStatus();
  if (showClosed) return <EmptyState title="No sync issues">No change of yours has been refused by the clinic server.</EmptyState>;
  const pending = status?.pending ?? 0;
  let body = 'Every change you made has reached the clinic server.';
  if (status && !status.configured) body = 'This workstation has no clinic server, so nothing is sent and nothing can be refused.';
  else if (pending > 0) body = `Nothing has been refused. ${pending === 1 ? 'One change is' : `${pending.toLocaleString('en-US')} changes are`} still waiting to be sent.`;
  return (
    <EmptyState title="No sync issues">
      <p>{body}</p>
    </EmptyState>
  );
}

function IssueInbox({ notice, onNotice }: { notice: string | null; onNotice: (notice: string) => void }) {
  const { status, refresh } = useSyncStatus();
  const [showClosed, setShowClosed] = useState(false);
  const [issues, reload] = useChannel('sync.issues', showClosed ? { includeClosed: true } : {});
  const zones = useFacilityZones(issues.status === 'ready' ? issues.value : null);
  const now = useNow(true, 30_000);
  const [discarding, setDiscarding] = useState<SyncIssue | null>(null);

  // A refusal arriving while the inbox is open changes the count; the list follows it.
  const workstationIssues = status?.openIssues;
  const seenCount = useRef(workstationIssues);
  useEffect(() => {
    if (seenCount.current !== undefined && seenCount.current !== workstationIssues) reload();
    seenCount.current = workstationIssues;
  }, [workstationIssues, reload]);

  const list = issues.status === 'ready' ? issues.value : [];
  const openCount = list.filter((issue) => issue.status === 'open').length;

  return (
    <>
      <PageHeader
        title="Sync issues"
        subtitle="Changes you made that the clinic server refused. Nothing here is lost: correct a change and send it again, or discard it."
      />
      {notice && <Notice tone="success">{notice}</Notice>}
      <Card>
        <div className="issues-toolbar">
          <p className="issues-toolbar__count" aria-live="polite">
            {issues.status === 'ready' && (openCount === 1 ? '1 change needs your attention' : openCount > 0 ? `${openCount} changes need your attention` : '')}
          </p>
          <Checkbox label="Also show changes already sent again or discarded" checked={showClosed} onCheckedChange={setShowClosed} />
        </div>
        {(issues.status === 'loading' || !zones.isReady) && <LoadingState label="Loading sync issues…" />}
        {issues.status === 'error' && <ErrorState error={issues.error} onRetry={reload} />}
        {issues.status === 'ready' && zones.isReady && list.length === 0 && <EmptyInbox showClosed={showClosed} />}
        {issues.status === 'ready' && zones.isReady && list.length > 0 && (
          <SyncIssueList
            issues={list}
            now={now}
            timeZoneOf={zones.timeZoneOf}
            hrefFor={(issue) => hrefFor('sync-issues', issue.id)}
            onDiscard={setDiscarding}
          />
        )}
      </Card>
      {discarding && (
        <DiscardDialog
          issue={discarding}
          name={headlineText(discarding, zones.timeZoneOf)}
          onCancel={() => setDiscarding(null)}
          onDiscarded={() => {
            onNotice(`“${headlineText(discarding, zones.timeZoneOf)}” was discarded. It will not be sent, and it stays in the record.`);
            setDiscarding(null);
            reload();
            refresh();
            // The button that opened the dialog is gone with its issue: continue from the top of the screen.
            document.getElementById('main')?.focus();
          }}
        />
      )}
    </>
  );
}

/** The sync-issues inbox (`editing` null) or the edit-and-retry form of one issue. */
export function SyncIssuesScreen({ editing }: { editing: string | null }) {
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    if (editing !== null) setNotice(null);
  }, [editing]);
  if (editing === null) return <IssueInbox notice={notice} onNotice={setNotice} />;
  return (
    <IssueEditor
      key={editing}
      issueId={editing}
      onRetried={(text) => {
        setNotice(text);
        navigate('sync-issues');
      }}
    />
  );
}
