import { useRef, useState, type FormEvent } from 'react';
import { CASE_STATUS_LABELS, CASE_TYPE_LABELS, LOP_STATUS_LABELS, type CaseInput, type CaseSummary } from '../../shared/cases/case.contract';
import { CASE_STATUSES, CASE_TYPES, LOP_STATUSES } from '../../shared/db/schema-v1';
import type { AppError } from '../../shared/ipc/result';
import { api } from '../platform/api';
import { useChannel } from '../platform/use-channel';
import { fieldErrors, unplacedErrors } from '../ui/field-errors';
import { SelectField, TextField } from '../ui/fields';
import { useFocusOnError } from '../ui/focus-error';
import { parseOptionalDecimal, textOrNull } from '../ui/numbers';
import { FormErrorSummary } from '../ui/form-error-summary';
import { Card, PageHeader } from '../ui/page';
import { DocumentPicker } from './document-picker';
import { ErrorState, LoadingState } from '../ui/states';

export function CaseEditor({ patientId, caseId, onSaved, onCancel }: { patientId: string; caseId: string | null; onSaved: (c: CaseSummary) => void; onCancel: () => void }) {
  const [chart] = useChannel('patient.get', { id: patientId });
  const [attorneys] = useChannel('case.attorneys', {});
  if (chart.status === 'error') return <ErrorState error={chart.error} />;
  if (attorneys.status === 'error') return <ErrorState error={attorneys.error} />;
  if (chart.status !== 'ready' || attorneys.status !== 'ready') return <LoadingState />;
  const existing = caseId ? chart.value.cases.find((c) => c.id === caseId) ?? null : null;
  return (
    <>
      <PageHeader title={existing ? `Case ${existing.caseNumber}` : 'New case'} subtitle={`For ${chart.value.displayName}. PI cases carry the injury, attorney and letter of protection.`} />
      <CaseForm patientId={patientId} existing={existing} attorneys={attorneys.value} onSaved={onSaved} onCancel={onCancel} />
    </>
  );
}

function CaseForm({ patientId, existing, attorneys, onSaved, onCancel }: {
  patientId: string; existing: CaseSummary | null; attorneys: { id: string; name: string; firmName: string }[]; onSaved: (c: CaseSummary) => void; onCancel: () => void;
}) {
  const [form, setForm] = useState({
    caseType: existing?.caseType ?? 'pi_auto', status: existing?.status ?? 'open', dateOfInjury: existing?.dateOfInjury ?? '', accidentState: existing?.accidentState ?? '',
    description: existing?.description ?? '', attorneyId: existing?.attorneyId ?? '', lopStatus: existing?.lopStatus ?? 'none', lopDocumentId: existing?.lopDocumentId ?? '',
    policyLimit: existing?.policyLimitCents !== null && existing?.policyLimitCents !== undefined ? String(existing.policyLimitCents / 100) : '', referralSource: existing?.referralSource ?? '',
  });
  const [error, setError] = useState<AppError | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnError(formRef, error);
  const errors = fieldErrors(error);
  const set = (key: keyof typeof form, value: string) => setForm((c) => ({ ...c, [key]: value }));

  async function save(event: FormEvent) {
    event.preventDefault();
    const dollars = parseOptionalDecimal(form.policyLimit.replace(/[$,]/g, ''), '25000');
    if (!dollars.ok) {
      setError({ code: 'invalid_input', message: 'Some fields are not valid.', fields: [{ path: 'policyLimitCents', message: dollars.message }] });
      return;
    }
    const limit = dollars.value === null ? null : Math.round(dollars.value * 100);
    const input: CaseInput = {
      ...(existing ? { id: existing.id } : {}), patientId, caseType: form.caseType as CaseInput['caseType'], status: form.status as CaseInput['status'],
      dateOfInjury: textOrNull(form.dateOfInjury), accidentState: textOrNull(form.accidentState.toUpperCase()), description: textOrNull(form.description), attorneyId: textOrNull(form.attorneyId),
      lopStatus: form.lopStatus as CaseInput['lopStatus'], lopDocumentId: textOrNull(form.lopDocumentId), policyLimitCents: limit, referralSource: textOrNull(form.referralSource),
      physicianIds: existing ? [...existing.physicianIds] : [],
    };
    const result = await api.invoke('case.save', input);
    if (result.ok) onSaved(result.value);
    else setError(result.error);
  }
  const placed = new Set(['caseType', 'status', 'dateOfInjury', 'accidentState', 'description', 'attorneyId', 'lopStatus', 'lopDocumentId', 'policyLimitCents', 'referralSource']);
  return (
    <form ref={formRef} className="form" onSubmit={(event) => void save(event)} noValidate aria-label="Case">
      <FormErrorSummary error={error} unplaced={unplacedErrors(errors, (path) => placed.has(path))} />
      <Card title="Case">
        <div className="form-grid">
          <SelectField label="Case type" value={form.caseType} onValueChange={(v) => set('caseType', v)} options={CASE_TYPES.map((t) => ({ value: t, label: CASE_TYPE_LABELS[t] }))} autoFocus />
          <SelectField label="Case status" value={form.status} onValueChange={(v) => set('status', v)} options={CASE_STATUSES.map((s) => ({ value: s, label: CASE_STATUS_LABELS[s] }))} />
          <TextField label="Date of injury" type="date" value={form.dateOfInjury} onValueChange={(v) => set('dateOfInjury', v)} error={errors.dateOfInjury} />
          <TextField label="Accident state" value={form.accidentState} onValueChange={(v) => set('accidentState', v)} error={errors.accidentState} maxLength={2} hint="Two letters, e.g. NY" />
          <TextField label="Description" value={form.description} onValueChange={(v) => set('description', v)} error={errors.description} fieldClassName="form-grid__wide" />
          <SelectField label="Attorney" value={form.attorneyId} onValueChange={(v) => set('attorneyId', v)} options={[{ value: '', label: 'No attorney' }, ...attorneys.map((a) => ({ value: a.id, label: `${a.name} — ${a.firmName}` }))]} error={errors.attorneyId} />
          <SelectField label="Letter of protection" value={form.lopStatus} onValueChange={(v) => set('lopStatus', v)} options={LOP_STATUSES.map((s) => ({ value: s, label: LOP_STATUS_LABELS[s] }))} error={errors.lopStatus} />
          <DocumentPicker patientId={patientId} kind="lop" label="LOP document" value={form.lopDocumentId} onValueChange={(v) => set('lopDocumentId', v)} error={errors.lopDocumentId} hint="The signed letter of protection, from the patient’s documents." />
          <TextField label="Policy limit (dollars)" inputMode="decimal" value={form.policyLimit} onValueChange={(v) => set('policyLimit', v)} error={errors.policyLimitCents} />
          <TextField label="Referral source" value={form.referralSource} onValueChange={(v) => set('referralSource', v)} error={errors.referralSource} />
        </div>
      </Card>
      <div className="form-actions">
        <button type="submit" className="button button--primary">{existing ? 'Save case' : 'Open case'}</button>
        <button type="button" className="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
