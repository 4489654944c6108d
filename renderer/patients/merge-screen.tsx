import { useState } from 'react';
import type { AppError } from '../../shared/ipc/result';
import type { MergePreview } from '../../shared/patients/patient.contract';
import { api } from '../platform/api';
import { useChannel } from '../platform/use-channel';
import { TextField } from '../ui/fields';
import { Card, PageHeader } from '../ui/page';
import { EmptyState, ErrorState, Loaded, LoadingState, Notice } from '../ui/states';
import { formatDate } from './format';
import { usePatientSearch } from './patient-search';

const KIND_LABELS: Record<string, string> = {
  appointments: 'Appointments', appointment_series: 'Recurring series', waitlist_entries: 'Waitlist entries', cases: 'Cases', referrals: 'Referrals', invoices: 'Invoices',
  payments: 'Payments', documents: 'Documents', insurance_policies: 'Insurance policies', patient_physicians: 'Physician assignments', messages: 'Messages',
};

/** Clinic admins: choose the duplicate, see what moves, merge; earlier merges can be reversed until they settle. */
export function MergeScreen({ survivorId, onDone, onCancel }: { survivorId: string; onDone: (notice: string) => void; onCancel: () => void }) {
  const [survivor] = useChannel('patient.get', { id: survivorId });
  const [merges, reloadMerges] = useChannel('patient.merges', { patientId: survivorId });
  const [query, setQuery] = useState('');
  const { results } = usePatientSearch(query);
  const [preview, setPreview] = useState<MergePreview | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<AppError | null>(null);

  async function choose(mergedId: string) {
    setError(null);
    const result = await api.invoke('patient.mergePreview', { survivorId, mergedId });
    if (result.ok) setPreview(result.value);
    else setError(result.error);
  }
  async function merge() {
    if (!preview) return;
    const result = await api.invoke('patient.merge', { survivorId, mergedId: preview.merged.id, reason: reason || null });
    if (result.ok) onDone(`${preview.merged.displayName} (MRN ${preview.merged.mrn}) was merged into this record; ${result.value.movedCount} records moved.`);
    else setError(result.error);
  }
  async function unmerge(mergeId: string) {
    const result = await api.invoke('patient.unmerge', { mergeId });
    if (result.ok) onDone(`The merge of ${result.value.mergedName} was reversed.`);
    else {
      setError(result.error);
      reloadMerges();
    }
  }
  if (survivor.status === 'loading') return <LoadingState />;
  if (survivor.status === 'error') return <ErrorState error={survivor.error} />;
  return (
    <>
      <PageHeader title="Merge a duplicate" subtitle={`Into ${survivor.value.displayName} (MRN ${survivor.value.mrn}), which stays.`} actions={<button type="button" className="button" onClick={onCancel}>Back to the chart</button>} />
      {error && <Notice tone="error">{error.message}</Notice>}
      <Card title="Find the duplicate record">
        <TextField label="Search the duplicate" value={query} onValueChange={setQuery} spellCheck={false} autoComplete="off" autoFocus />
        <ul className="plain-list">
          {results.filter((r) => r.id !== survivorId).map((r) => (
            <li key={r.id}>
              <button type="button" className="button button--link" onClick={() => void choose(r.id)}>{r.displayName}</button> · born {formatDate(r.dateOfBirth)} · MRN {r.mrn}
            </li>
          ))}
        </ul>
      </Card>
      {preview && (
        <Card title={`Merge ${preview.merged.displayName} (MRN ${preview.merged.mrn})`}>
          <p>These records move to {preview.survivor.displayName}; the duplicate record is kept, marked as merged, and no longer appears in search.</p>
          <table className="table table--dense" aria-label="Records that move">
            <tbody>
              {Object.entries(preview.counts).map(([kind, n]) => <tr key={kind}><th scope="row">{KIND_LABELS[kind] ?? kind}</th><td className="cell--number">{n}</td></tr>)}
            </tbody>
          </table>
          <TextField label="Reason" value={reason} onValueChange={setReason} hint="Kept with the merge in the audit trail." />
          <div className="form-actions">
            <button type="button" className="button button--danger" onClick={() => void merge()}>Merge these records</button>
          </div>
        </Card>
      )}
      <Card title="Earlier merges into this record">
        <Loaded state={merges} onRetry={reloadMerges} loadingLabel="Loading earlier merges…" empty={<EmptyState title="None" />}>
          {(list) => (
            <ul className="plain-list">
              {list.map((m) => (
                <li key={m.id}>
                  {m.mergedName} (MRN {m.mergedMrn}) · {m.movedCount} records · {m.reversedAt ? 'reversed' : m.reversible ? 'can be reversed' : `settled: ${m.settledReason ?? ''}`}
                  {m.reversible && <> {' '}<button type="button" className="button button--quiet" onClick={() => void unmerge(m.id)}>Reverse this merge</button></>}
                </li>
              ))}
            </ul>
          )}
        </Loaded>
      </Card>
    </>
  );
}
