import { useMemo, useState, type FormEvent } from 'react';
import { can } from '../../shared/auth/permissions';
import { periodLabel } from '../../shared/billing/ledger';
import type { AppError } from '../../shared/ipc/result';
import { localDate } from '../../shared/time/facility-time';
import { dateInZone } from '../format/time';
import { api } from '../platform/api';
import { useChannel } from '../platform/use-channel';
import { useSession } from '../session/session-context';
import { Dialog } from '../ui/dialog';
import { fieldErrors } from '../ui/field-errors';
import { SelectField, TextField } from '../ui/fields';
import { Card, PageHeader } from '../ui/page';
import { Loaded, Notice } from '../ui/states';

/** How far back the close form offers months. */
const MONTHS_OFFERED = 24;

/** The `YYYY-MM` months that have ended by `today` (a `YYYY-MM-DD` in the clinic's zone), newest first. */
export function endedMonths(today: string, count: number): string[] {
  let [year, month] = today.split('-').map(Number) as [number, number];
  const months: string[] = [];
  for (let index = 0; index < count; index++) {
    month -= 1;
    if (month === 0) { month = 12; year -= 1; }
    months.push(`${year}-${String(month).padStart(2, '0')}`);
  }
  return months;
}

/**
 * Financial periods (`period.list`) and, for clinic admins (`period.close`), closing a month after a
 * confirmation that says what a close does: entries dated in it are refused, and entries made offline
 * that arrive after the close go to the workstation's sync-issues inbox.
 */
export function PeriodsScreen() {
  const { session } = useSession();
  const mayClose = can(session, 'period.close');
  const [periods, reload] = useChannel('period.list', {});
  const [clinic] = useChannel('clinic.get', {});
  const zone = clinic.status === 'ready' ? clinic.value.defaultTimeZone : null;
  const [done, setDone] = useState<string | null>(null);

  return (
    <>
      <PageHeader title="Financial periods" subtitle="A closed month refuses every entry dated in it, so reports for it no longer change." />
      {done && <Notice tone="success">{done}</Notice>}
      {mayClose ? (
        <Loaded state={periods} onRetry={reload} loadingLabel="Loading periods…">
          {(rows) => zone && (
            <ClosePeriodForm
              zone={zone}
              closed={new Set(rows.map((row) => row.period))}
              onClosed={(period) => {
                setDone(`${periodLabel(period)} is closed.`);
                reload();
              }}
            />
          )}
        </Loaded>
      ) : (
        <Notice tone="info">Only a clinic admin can close a month.</Notice>
      )}
      <Card title="Closed months">
        <Loaded state={periods} onRetry={reload} loadingLabel="Loading periods…" empty={<p className="muted">No month is closed yet.</p>}>
          {(rows) => (
            <div className="table-wrap" role="region" aria-label="List of closed months" tabIndex={0}>
              <table className="table table--dense">
                <thead>
                  <tr>
                    <th scope="col">Month</th>
                    <th scope="col">Closed on</th>
                    <th scope="col">Closed by</th>
                    <th scope="col">Note</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.period}>
                      <th scope="row">{periodLabel(row.period)}</th>
                      <td>{dateInZone(row.closedAt, zone ?? 'UTC')}</td>
                      <td>{row.closedBy}</td>
                      <td>{row.note ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Loaded>
      </Card>
    </>
  );
}

function ClosePeriodForm({ zone, closed, onClosed }: { zone: string; closed: ReadonlySet<string>; onClosed: (period: string) => void }) {
  const today = localDate(Date.now(), zone);
  const open = useMemo(() => endedMonths(today, MONTHS_OFFERED).filter((period) => !closed.has(period)), [today, closed]);
  const [period, setPeriod] = useState('');
  const [note, setNote] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [isSaving, setSaving] = useState(false);
  const chosen = open.includes(period) ? period : (open[0] ?? '');
  const errors = fieldErrors(error);

  function ask(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (chosen) setConfirming(true);
  }

  async function close() {
    setSaving(true);
    const result = await api.invoke('period.close', { period: chosen, note: note.trim() || null });
    setSaving(false);
    setConfirming(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setNote('');
    setPeriod('');
    onClosed(chosen);
  }

  return (
    <Card title="Close a month">
      {open.length === 0 ? (
        <p className="muted">Every month of the last two years that has ended is closed.</p>
      ) : (
        <form className="periods-form" onSubmit={ask} aria-label="Close a month">
          {error && <Notice tone="error">{error.message}</Notice>}
          <SelectField
            label="Month"
            value={chosen}
            onValueChange={setPeriod}
            options={open.map((value) => ({ value, label: periodLabel(value) }))}
            hint="Months that have ended, in the clinic's time zone."
            error={errors.period}
          />
          <TextField label="Note (optional)" value={note} onValueChange={setNote} maxLength={500} fieldClassName="periods-form__note" />
          <div className="periods-form__actions">
            <button type="submit" className="button button--primary">Close month…</button>
          </div>
        </form>
      )}
      <Dialog
        open={confirming}
        role="alertdialog"
        title={`Close ${chosen ? periodLabel(chosen) : 'the month'}?`}
        onClose={() => setConfirming(false)}
        footer={
          <>
            <button type="button" className="button" onClick={() => setConfirming(false)}>Cancel</button>
            <button type="button" className="button button--danger" disabled={isSaving} onClick={() => void close()}>
              {isSaving ? 'Closing…' : `Close ${chosen ? periodLabel(chosen) : 'month'}`}
            </button>
          </>
        }
      >
        <div className="periods-confirm">
          <p>Once {chosen ? periodLabel(chosen) : 'the month'} is closed:</p>
          <ul>
            <li>Any entry dated in it is refused — finalizing an invoice, a payment, applying a credit, a refund, an adjustment or a void — with a message naming the closed month.</li>
            <li>Entries made offline on another workstation that reach the clinic server after the close are not posted. They go to that workstation's <strong>Sync issues</strong> inbox, to be re-dated into an open month and sent again, or discarded.</li>
            <li>A closed month cannot be reopened from Medora.</li>
          </ul>
        </div>
      </Dialog>
    </Card>
  );
}
