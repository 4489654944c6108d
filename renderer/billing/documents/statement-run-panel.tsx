import { useEffect, useState, type FormEvent } from 'react';
import type { StatementRunProgress } from '../../../shared/billing/billing-documents.contract';
import type { AppError } from '../../../shared/ipc/result';
import { api } from '../../platform/api';
import { Card } from '../../ui/page';
import { Notice } from '../../ui/states';

/**
 * Runs a batch of patient statements: choose the statement date, the smallest balance and how many,
 * start, follow the progress main reports (`billingDocument.statementRun` events), cancel, and
 * download the print file when it is done. Self-contained so the billing screens can link to it.
 */

function isProgress(value: unknown): value is StatementRunProgress {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.runId === 'string' && typeof record.state === 'string' && typeof record.done === 'number' && typeof record.total === 'number';
}

/** Offers bytes from main as a download (the renderer never touches the file system). */
function download(fileName: string, base64: string, mimeType: string): void {
  const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function StatementRunPanel() {
  const [asOf, setAsOf] = useState('');
  const [minBalance, setMinBalance] = useState('5.00');
  const [limit, setLimit] = useState('1000');
  const [progress, setProgress] = useState<StatementRunProgress | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [isBusy, setBusy] = useState(false);

  useEffect(
    () =>
      api.on('billingDocument.statementRun', (payload) => {
        if (isProgress(payload)) setProgress((current) => (current === null || current.runId === payload.runId ? payload : current));
      }),
    [],
  );

  async function start(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setBusy(true);
    const cents = Math.round(Number(minBalance) * 100);
    const result = await api.invoke('billingDocument.statementRunStart', {
      ...(asOf ? { asOf } : {}),
      minBalanceCents: Number.isFinite(cents) ? Math.max(1, cents) : 1,
      limit: Number(limit) || 1000,
    });
    setBusy(false);
    if (result.ok) setProgress(result.value);
    else setError(result.error);
  }

  async function cancel() {
    if (!progress) return;
    const result = await api.invoke('billingDocument.statementRunCancel', { runId: progress.runId });
    if (!result.ok) setError(result.error);
  }

  async function save() {
    if (!progress) return;
    setBusy(true);
    const result = await api.invoke('billingDocument.statementRunResult', { runId: progress.runId });
    setBusy(false);
    if (result.ok) download(result.value.fileName, result.value.base64, result.value.mimeType);
    else setError(result.error);
  }

  const isRunning = progress?.state === 'running';
  const percent = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 0;
  return (
    <Card title="Statement run">
      <form className="form" onSubmit={(event) => void start(event)} aria-describedby="statement-run-help">
        <p id="statement-run-help" className="muted">
          One print-ready PDF with a statement for every patient whose open balance is at least the amount below.
        </p>
        <div className="form-grid">
          <label className="field">
            <span className="field__label">Statement date</span>
            <input className="input" type="date" value={asOf} onChange={(event) => setAsOf(event.target.value)} disabled={isRunning} />
          </label>
          <label className="field">
            <span className="field__label">Smallest balance ($)</span>
            <input className="input" inputMode="decimal" value={minBalance} onChange={(event) => setMinBalance(event.target.value)} disabled={isRunning} />
          </label>
          <label className="field">
            <span className="field__label">At most (patients)</span>
            <input className="input" inputMode="numeric" value={limit} onChange={(event) => setLimit(event.target.value)} disabled={isRunning} />
          </label>
        </div>
        <div className="button-row">
          <button type="submit" className="button button--primary" disabled={isRunning || isBusy}>Start statement run</button>
          {isRunning && <button type="button" className="button" onClick={() => void cancel()}>Cancel</button>}
          {progress?.state === 'done' && progress.total > 0 && (
            <button type="button" className="button" onClick={() => void save()} disabled={isBusy}>Download PDF</button>
          )}
        </div>
      </form>
      {error && <Notice tone="error">{error.message}</Notice>}
      {progress && (
        <div className="statement-run__progress" aria-live="polite">
          <progress max={Math.max(1, progress.total)} value={progress.done} aria-label="Statements drawn" />
          <p>
            {progress.state === 'running' && `Drawing statements: ${progress.done.toLocaleString('en-US')} of ${progress.total.toLocaleString('en-US')} (${percent}%).`}
            {progress.state === 'done' && (progress.total === 0
              ? 'No patient has an open balance at or above that amount.'
              : `Done: ${progress.total.toLocaleString('en-US')} statements on ${progress.pages.toLocaleString('en-US')} pages.`)}
            {progress.state === 'cancelled' && `Cancelled after ${progress.done.toLocaleString('en-US')} of ${progress.total.toLocaleString('en-US')}. Nothing was kept.`}
            {progress.state === 'failed' && (progress.problem ?? 'The statement run stopped.')}
          </p>
        </div>
      )}
    </Card>
  );
}
