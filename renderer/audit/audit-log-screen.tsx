import { useEffect, useState, type FormEvent } from 'react';
import type { AuditEntry, AuditFinding, AuditPage } from '../../shared/audit/audit.contract';
import type { InputOf } from '../../shared/ipc/contract';
import type { AppError } from '../../shared/ipc/result';
import { dayBounds } from '../../shared/time/facility-time';
import { dateInZone, preciseTimeInZone, zoneAbbreviation } from '../format/time';
import { api } from '../platform/api';
import { useChannel } from '../platform/use-channel';
import { offerDownload } from '../ui/download';
import { SelectField, TextField } from '../ui/fields';
import { Card, PageHeader } from '../ui/page';
import { EmptyState, ErrorState, Loaded, LoadingState, Notice } from '../ui/states';

const PAGE_SIZE = 50;

interface Filters {
  readonly userId: string;
  readonly patientId: string;
  readonly action: string;
  readonly from: string;
  readonly to: string;
}
const NO_FILTERS: Filters = { userId: '', patientId: '', action: '', from: '', to: '' };

/** Date filters are calendar days in the clinic's zone, like every other day boundary in Medora. */
function toExportInput(filters: Filters, timeZone: string): InputOf<'audit.export'> {
  return {
    ...(filters.userId ? { userId: filters.userId } : {}),
    ...(filters.patientId.trim() ? { patientId: filters.patientId.trim() } : {}),
    ...(filters.action.trim() ? { action: filters.action.trim() } : {}),
    ...(filters.from ? { from: dayBounds(filters.from, timeZone).startsAt } : {}),
    ...(filters.to ? { to: dayBounds(filters.to, timeZone).endsAt - 1 } : {}),
  };
}

/** The list reads the same filters as the export (its input is the export's plus paging). */
function toInput(filters: Filters, timeZone: string): InputOf<'audit.list'> {
  return { limit: PAGE_SIZE, ...toExportInput(filters, timeZone) };
}

function describeDetail(detail: AuditEntry['detail']): string {
  return Object.entries(detail)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' · ');
}

function IntegrityBadge({ isValid }: { isValid: boolean }) {
  return isValid ? (
    <p className="integrity integrity--ok" role="status">
      <span className="integrity__mark" aria-hidden="true">
        ✓
      </span>
      Integrity verified: the hash chain of this log is unbroken.
    </p>
  ) : (
    <p className="integrity integrity--broken" role="alert">
      <span className="integrity__mark" aria-hidden="true">
        !
      </span>
      Integrity check failed: entries may have been altered or removed. Tell your security officer.
    </p>
  );
}

function AuditTable({ entries, timeZone }: { entries: readonly AuditEntry[]; timeZone: string }) {
  return (
    <div className="table-wrap">
      <table className="table table--dense">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">User</th>
            <th scope="col">Action</th>
            <th scope="col">Record</th>
            <th scope="col">Details</th>
            <th scope="col">Device</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <th scope="row" className="cell--nowrap">
                {dateInZone(entry.at, timeZone)}
                <span className="cell__sub">{preciseTimeInZone(entry.at, timeZone)}</span>
              </th>
              <td>{entry.userName ?? <span className="muted">Not signed in</span>}</td>
              <td>
                <code>{entry.action}</code>
              </td>
              <td>{entry.entityType ? `${entry.entityType}${entry.entityId ? ` ${entry.entityId.slice(0, 8)}` : ''}` : '—'}</td>
              <td className="cell--detail">{describeDetail(entry.detail) || '—'}</td>
              <td className="cell--nowrap">
                <span title={entry.deviceId}>{entry.deviceId.slice(0, 8)}</span>
                <span className="cell__sub">entry {entry.seq}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AuditResults({ filters, timeZone }: { filters: Filters; timeZone: string }) {
  const input = toInput(filters, timeZone);
  const [first, reload] = useChannel('audit.list', input);
  const [older, setOlder] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<AuditPage['nextBefore']>(null);
  const [olderError, setOlderError] = useState<AppError | null>(null);
  const [isLoadingOlder, setLoadingOlder] = useState(false);

  useEffect(() => {
    setOlder([]);
    setOlderError(null);
    setNext(first.status === 'ready' ? first.value.nextBefore : null);
  }, [first]);

  async function loadOlder() {
    if (!next) return;
    setLoadingOlder(true);
    const result = await api.invoke('audit.list', { ...input, before: next });
    setLoadingOlder(false);
    if (!result.ok) {
      setOlderError(result.error);
      return;
    }
    setOlderError(null);
    setOlder((entries) => [...entries, ...result.value.entries]);
    setNext(result.value.nextBefore);
  }

  if (first.status === 'loading') return <LoadingState label="Loading the audit log…" />;
  if (first.status === 'error') return <ErrorState error={first.error} onRetry={reload} />;
  const entries = [...first.value.entries, ...older];
  return (
    <>
      <IntegrityBadge isValid={first.value.chainValid} />
      {entries.length === 0 ? (
        <EmptyState title="No entries match these filters" />
      ) : (
        <>
          <p className="table-caption">
            Showing {entries.length} {entries.length === 1 ? 'entry' : 'entries'}, newest first. Times in{' '}
            {zoneAbbreviation(Date.now(), timeZone)} ({timeZone.replaceAll('_', ' ')}).
          </p>
          <AuditTable entries={entries} timeZone={timeZone} />
        </>
      )}
      {olderError && <ErrorState title="Older entries could not be loaded" error={olderError} onRetry={() => void loadOlder()} />}
      {next && (
        <div className="load-more">
          <button type="button" className="button" onClick={() => void loadOlder()} disabled={isLoadingOlder}>
            {isLoadingOlder ? 'Loading…' : 'Load older entries'}
          </button>
        </div>
      )}
      {!next && entries.length > 0 && <p className="muted load-more">This is the beginning of the log.</p>}
    </>
  );
}

const PROBLEM_WORDS: Record<AuditFinding['problem'], string> = {
  gap: 'Entry missing',
  altered: 'Entry altered',
  broken_link: 'Chain broken before this entry',
  conflict: 'A second, different entry was sent',
  truncated: 'Entries removed after verification',
};

/** What the server's verification found, and a way to run the check now. */
function ServerVerification({ timeZone }: { timeZone: string }) {
  const [findings, reload] = useChannel('audit.findings', {});
  const [message, setMessage] = useState<{ tone: 'success' | 'error' | 'info'; text: string } | null>(null);
  const [isChecking, setChecking] = useState(false);

  async function checkNow() {
    setChecking(true);
    setMessage(null);
    const result = await api.invoke('audit.check', {});
    setChecking(false);
    if (!result.ok) {
      setMessage({ tone: 'error', text: result.error.message });
      return;
    }
    const fresh = result.value.findings.filter((f) => f.isNew).length;
    setMessage({
      tone: result.value.findings.length === 0 ? 'success' : 'error',
      text: `Checked ${result.value.entries.toLocaleString('en-US')} entries from ${result.value.devices} workstations: ` +
        (result.value.findings.length === 0 ? 'no problems found.' : `${result.value.findings.length} problems (${fresh} new).`),
    });
    reload();
  }

  return (
    <Card
      title="Server verification"
      actions={
        <button type="button" className="button" onClick={() => void checkNow()} disabled={isChecking}>
          {isChecking ? 'Checking…' : 'Check the whole trail now'}
        </button>
      }
    >
      {message && <Notice tone={message.tone}>{message.text}</Notice>}
      <Loaded
        state={findings}
        onRetry={reload}
        loadingLabel="Loading findings…"
        empty={<p className="muted">The clinic server has found no gaps or alterations in the audit trails it received.</p>}
      >
        {(list) => (
          <div className="table-wrap">
            <table className="table table--dense" aria-label="Audit trail findings">
              <thead>
                <tr>
                  <th scope="col">Found</th>
                  <th scope="col">Problem</th>
                  <th scope="col">Workstation</th>
                  <th scope="col">Entry</th>
                  <th scope="col">How</th>
                </tr>
              </thead>
              <tbody>
                {list.map((finding) => (
                  <tr key={finding.id}>
                    <th scope="row" className="cell--nowrap">
                      {dateInZone(finding.detectedAt, timeZone)}
                      <span className="cell__sub">{preciseTimeInZone(finding.detectedAt, timeZone)}</span>
                    </th>
                    <td>{PROBLEM_WORDS[finding.problem]}</td>
                    <td>
                      <span title={finding.deviceId}>{finding.deviceId.slice(0, 8)}</span>
                    </td>
                    <td>{finding.seq}</td>
                    <td>{finding.detectedBy === 'receipt' ? 'On receipt' : 'Check'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loaded>
    </Card>
  );
}

/** Saves the filtered entries as CSV (the export is audited by main). */
function ExportButton({ filters, timeZone }: { filters: Filters; timeZone: string }) {
  const [state, setState] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [isExporting, setExporting] = useState(false);

  async function exportCsv() {
    setExporting(true);
    const result = await api.invoke('audit.export', toExportInput(filters, timeZone));
    setExporting(false);
    if (!result.ok) {
      setState({ tone: 'error', text: result.error.message });
      return;
    }
    offerDownload(result.value.filename, new Blob([result.value.csv], { type: 'text/csv;charset=utf-8' }));
    setState({
      tone: 'success',
      text: `Exported ${result.value.rowCount.toLocaleString('en-US')} entries to ${result.value.filename}${result.value.isTruncated ? ' (the first 50,000; narrow the filters for the rest)' : ''}.`,
    });
  }

  return (
    <>
      <button type="button" className="button" onClick={() => void exportCsv()} disabled={isExporting}>
        {isExporting ? 'Exporting…' : 'Export CSV'}
      </button>
      {state && <Notice tone={state.tone}>{state.text}</Notice>}
    </>
  );
}

export function AuditLogScreen() {
  const [clinic] = useChannel('clinic.get', {});
  const [users] = useChannel('user.list', { includeInactive: true });
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [applied, setApplied] = useState<Filters>(NO_FILTERS);
  const timeZone = clinic.status === 'ready' ? clinic.value.defaultTimeZone : 'UTC';
  const set = (key: keyof Filters, value: string) => setDraft((current) => ({ ...current, [key]: value }));

  function apply(event: FormEvent) {
    event.preventDefault();
    setApplied(draft);
  }

  const userOptions = [
    { value: '', label: 'Everyone' },
    ...(users.status === 'ready' ? users.value.map((user) => ({ value: user.id, label: `${user.displayName} (${user.username})` })) : []),
  ];

  return (
    <>
      <PageHeader title="Audit log" subtitle="Every sign-in, change and read of patient information, as recorded on this workstation. Read-only." />
      <Card>
        <form className="toolbar" onSubmit={apply} aria-label="Filter the audit log">
          <SelectField label="User" value={draft.userId} options={userOptions} onValueChange={(v) => set('userId', v)} fieldClassName="toolbar__user" />
          <TextField label="Patient record id" value={draft.patientId} onValueChange={(v) => set('patientId', v)} spellCheck={false} />
          <TextField label="Action" value={draft.action} onValueChange={(v) => set('action', v)} placeholder="e.g. auth.login" spellCheck={false} />
          <TextField label="From" type="date" value={draft.from} onValueChange={(v) => set('from', v)} />
          <TextField label="To" type="date" value={draft.to} onValueChange={(v) => set('to', v)} />
          <div className="toolbar__buttons">
            <button type="submit" className="button button--primary">
              Apply filters
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                setDraft(NO_FILTERS);
                setApplied(NO_FILTERS);
              }}
            >
              Clear
            </button>
            <ExportButton filters={applied} timeZone={timeZone} />
          </div>
        </form>
        {clinic.status === 'loading' ? <LoadingState /> : <AuditResults filters={applied} timeZone={timeZone} />}
      </Card>
      <ServerVerification timeZone={timeZone} />
    </>
  );
}
