import { useRef, useState, type FormEvent } from 'react';
import { REFERRAL_STATUSES } from '../../shared/db/schema-v1';
import type { AppError } from '../../shared/ipc/result';
import { localDate } from '../../shared/time/facility-time';
import { REFERRAL_STATUS_LABELS, type ReferralInput } from '../../shared/referrals/referral.contract';
import { api } from '../platform/api';
import { useChannel } from '../platform/use-channel';
import { fieldErrors, unplacedErrors } from '../ui/field-errors';
import { SelectField, TextField } from '../ui/fields';
import { useFocusOnError } from '../ui/focus-error';
import { FormErrorSummary } from '../ui/form-error-summary';
import { textOrNull } from '../ui/numbers';
import { Card, PageHeader } from '../ui/page';
import { ErrorState, LoadingState } from '../ui/states';

export function ReferralEditor({ patientId, referralId, onSaved, onCancel }: { patientId: string; referralId: string | null; onSaved: () => void; onCancel: () => void }) {
  const [chart] = useChannel('patient.get', { id: patientId });
  const [doctors] = useChannel('referral.doctors', {});
  const [facilities] = useChannel('facility.list', { includeInactive: true });
  if (chart.status === 'error') return <ErrorState error={chart.error} />;
  if (doctors.status === 'error') return <ErrorState error={doctors.error} />;
  if (facilities.status === 'error') return <ErrorState error={facilities.error} />;
  if (chart.status !== 'ready' || doctors.status !== 'ready' || facilities.status !== 'ready') return <LoadingState />;
  const existing = referralId ? chart.value.referrals.find((r) => r.id === referralId) ?? null : null;
  // A new referral is dated today at the patient's home facility (not the UTC date, a day ahead on US evenings).
  const homeZone = facilities.value.find((facility) => facility.id === chart.value.homeFacilityId)?.timeZone ?? 'UTC';
  return (
    <>
      <PageHeader title={existing ? 'Referral' : 'New referral'} subtitle={`For ${chart.value.displayName}.`} />
      <ReferralForm patientId={patientId} existing={existing} doctors={doctors.value} cases={chart.value.cases.map((c) => ({ id: c.id, label: c.caseNumber }))} today={localDate(Date.now(), homeZone)} onSaved={onSaved} onCancel={onCancel} />
    </>
  );
}

function ReferralForm({ patientId, existing, doctors, cases, today, onSaved, onCancel }: {
  patientId: string; existing: { id: string; referringDoctorId: string; caseId: string | null; referredOn: string; reason: string | null; status: string } | null;
  doctors: { id: string; name: string; practiceName: string | null }[]; cases: { id: string; label: string }[]; today: string; onSaved: () => void; onCancel: () => void;
}) {
  const [form, setForm] = useState({
    referringDoctorId: existing?.referringDoctorId ?? doctors[0]?.id ?? '', caseId: existing?.caseId ?? '', referredOn: existing?.referredOn ?? today,
    reason: existing?.reason ?? '', status: existing?.status ?? 'received',
  });
  const [error, setError] = useState<AppError | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnError(formRef, error);
  const errors = fieldErrors(error);
  const set = (key: keyof typeof form, value: string) => setForm((c) => ({ ...c, [key]: value }));
  async function save(event: FormEvent) {
    event.preventDefault();
    const input: ReferralInput = {
      ...(existing ? { id: existing.id } : {}), patientId, referringDoctorId: form.referringDoctorId, caseId: form.caseId || null, referredOn: form.referredOn,
      reason: textOrNull(form.reason), status: form.status as ReferralInput['status'],
    };
    const result = await api.invoke('referral.save', input);
    if (result.ok) onSaved();
    else setError(result.error);
  }
  const placed = new Set(['referringDoctorId', 'caseId', 'referredOn', 'reason', 'status']);
  return (
    <form ref={formRef} className="form" onSubmit={(event) => void save(event)} noValidate aria-label="Referral">
      <FormErrorSummary error={error} unplaced={unplacedErrors(errors, (path) => placed.has(path))} />
      <Card title="Referral">
        <div className="form-grid">
          <SelectField label="Referring doctor" value={form.referringDoctorId} onValueChange={(v) => set('referringDoctorId', v)} options={doctors.map((d) => ({ value: d.id, label: d.practiceName ? `${d.name} — ${d.practiceName}` : d.name }))} error={errors.referringDoctorId} autoFocus />
          <TextField label="Referral date" type="date" value={form.referredOn} onValueChange={(v) => set('referredOn', v)} error={errors.referredOn} />
          <SelectField label="Referral status" value={form.status} onValueChange={(v) => set('status', v)} options={REFERRAL_STATUSES.map((s) => ({ value: s, label: REFERRAL_STATUS_LABELS[s] }))} />
          <SelectField label="Case" value={form.caseId} onValueChange={(v) => set('caseId', v)} options={[{ value: '', label: 'No case' }, ...cases.map((c) => ({ value: c.id, label: c.label }))]} error={errors.caseId} />
          <TextField label="Reason" value={form.reason} onValueChange={(v) => set('reason', v)} error={errors.reason} fieldClassName="form-grid__wide" />
        </div>
      </Card>
      <div className="form-actions">
        <button type="submit" className="button button--primary">Save referral</button>
        <button type="button" className="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
