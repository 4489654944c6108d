import { useRef, useState, type FormEvent } from 'react';
import type { ClinicSettings } from '../../shared/admin/clinic.contract';
import type { InputOf } from '../../shared/ipc/contract';
import type { AppError, FieldError } from '../../shared/ipc/result';
import { api } from '../platform/api';
import { useChannel } from '../platform/use-channel';
import { useFocusOnError } from '../ui/focus-error';
import { FormErrorSummary } from '../ui/form-error-summary';
import { fieldErrors, unplacedErrors } from '../ui/field-errors';
import { SelectField, TextField } from '../ui/fields';
import { parseWholeNumber } from '../ui/numbers';
import { Card, PageHeader } from '../ui/page';
import { Loaded, Notice } from '../ui/states';
import { timeZoneOptions } from '../ui/time-zones';

const POLICY_FIELDS = ['idleTimeoutMinutes', 'offlineLeaseHours', 'travelBufferMinutes', 'treatmentGapDays'] as const;
type PolicyField = (typeof POLICY_FIELDS)[number];

interface SettingsForm extends Record<PolicyField, string> {
  readonly name: string;
  readonly legalName: string;
  readonly taxId: string;
  readonly npi: string;
  readonly phone: string;
  readonly email: string;
  readonly defaultTimeZone: string;
}

function toForm(settings: ClinicSettings): SettingsForm {
  return {
    name: settings.name,
    legalName: settings.legalName ?? '',
    taxId: settings.taxId ?? '',
    npi: settings.npi ?? '',
    phone: settings.phone ?? '',
    email: settings.email ?? '',
    idleTimeoutMinutes: String(settings.idleTimeoutMinutes),
    offlineLeaseHours: String(settings.offlineLeaseHours),
    travelBufferMinutes: String(settings.travelBufferMinutes),
    treatmentGapDays: String(settings.treatmentGapDays),
    defaultTimeZone: settings.defaultTimeZone,
  };
}

function SettingsFormView({ initial }: { initial: ClinicSettings }) {
  const [baseline, setBaseline] = useState(initial);
  const [form, setForm] = useState(() => toForm(initial));
  const [error, setError] = useState<AppError | null>(null);
  const [saved, setSaved] = useState(false);
  const [isSaving, setSaving] = useState(false);
  const errors = fieldErrors(error);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnError(formRef, error);
  const set = (key: keyof SettingsForm, value: string) => {
    setSaved(false);
    setForm((current) => ({ ...current, [key]: value }));
  };

  async function save(event: FormEvent) {
    event.preventDefault();
    const numbers: Partial<Record<PolicyField, number>> = {};
    const invalid: FieldError[] = [];
    for (const field of POLICY_FIELDS) {
      const parsed = parseWholeNumber(form[field]);
      if (parsed.ok) numbers[field] = parsed.value;
      else invalid.push({ path: field, message: parsed.message });
    }
    const { idleTimeoutMinutes, offlineLeaseHours, travelBufferMinutes, treatmentGapDays } = numbers;
    if (idleTimeoutMinutes === undefined || offlineLeaseHours === undefined || travelBufferMinutes === undefined || treatmentGapDays === undefined) {
      setError({ code: 'invalid_input', message: 'Some fields are not valid.', fields: invalid });
      return;
    }
    const input: InputOf<'clinic.update'> = {
      name: form.name,
      legalName: form.legalName,
      taxId: form.taxId,
      npi: form.npi.trim() || null,
      phone: form.phone,
      email: form.email,
      idleTimeoutMinutes,
      offlineLeaseHours,
      travelBufferMinutes,
      treatmentGapDays,
      defaultTimeZone: form.defaultTimeZone,
    };
    setSaving(true);
    const result = await api.invoke('clinic.update', input);
    setSaving(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(null);
    setBaseline(result.value);
    setForm(toForm(result.value));
    setSaved(true);
  }

  return (
    <form ref={formRef} className="form" onSubmit={(event) => void save(event)} noValidate>
      {saved && <Notice tone="success">Settings saved. Workstations apply the new policies at their next sign-in.</Notice>}
      <FormErrorSummary error={error} unplaced={unplacedErrors(errors, (path) => path in form)} />
      <Card title="Clinic profile">
        <div className="form-grid">
          <TextField label="Clinic name" value={form.name} onValueChange={(v) => set('name', v)} error={errors.name} required />
          <TextField label="Legal name" value={form.legalName} onValueChange={(v) => set('legalName', v)} error={errors.legalName} hint="As on claims and statements" />
          <TextField label="Tax id (EIN)" value={form.taxId} onValueChange={(v) => set('taxId', v)} error={errors.taxId} />
          <TextField
            label="Organisation NPI"
            value={form.npi}
            onValueChange={(v) => set('npi', v)}
            error={errors.npi}
            inputMode="numeric"
            hint="CMS-1500 box 33a and the 837P billing provider"
          />
          <TextField label="Phone" type="tel" value={form.phone} onValueChange={(v) => set('phone', v)} error={errors.phone} />
          <TextField label="Email" type="email" value={form.email} onValueChange={(v) => set('email', v)} error={errors.email} />
          <SelectField
            label="Default time zone"
            value={form.defaultTimeZone}
            options={timeZoneOptions(form.defaultTimeZone)}
            onValueChange={(v) => set('defaultTimeZone', v)}
            error={errors.defaultTimeZone}
            hint="For new facilities and clinic-wide reports. Each facility has its own zone."
          />
        </div>
      </Card>
      <Card title="Policies">
        <div className="form-grid">
          <TextField
            label="Lock after inactivity (minutes)"
            inputMode="numeric"
            value={form.idleTimeoutMinutes}
            onValueChange={(v) => set('idleTimeoutMinutes', v)}
            error={errors.idleTimeoutMinutes}
            hint="1 to 60. Locked workstations keep unsaved work behind the lock."
          />
          <TextField
            label="Offline sign-in allowed for (hours)"
            inputMode="numeric"
            value={form.offlineLeaseHours}
            onValueChange={(v) => set('offlineLeaseHours', v)}
            error={errors.offlineLeaseHours}
            hint="How long a workstation that cannot reach the server still lets users sign in. At most 720 (30 days)."
          />
          <TextField
            label="Travel buffer between facilities (minutes)"
            inputMode="numeric"
            value={form.travelBufferMinutes}
            onValueChange={(v) => set('travelBufferMinutes', v)}
            error={errors.travelBufferMinutes}
            hint="Added between a physician’s appointments at different facilities."
          />
          <TextField
            label="Treatment gap warning (days)"
            inputMode="numeric"
            value={form.treatmentGapDays}
            onValueChange={(v) => set('treatmentGapDays', v)}
            error={errors.treatmentGapDays}
            hint="Warn when a personal-injury patient has no visit for this many days."
          />
        </div>
      </Card>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={isSaving}>
          {isSaving ? 'Saving…' : 'Save settings'}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            setForm(toForm(baseline));
            setError(null);
            setSaved(false);
          }}
        >
          Discard changes
        </button>
      </div>
    </form>
  );
}

export function ClinicSettingsScreen() {
  const [settings, reload] = useChannel('clinic.get', {});
  return (
    <>
      <PageHeader title="Clinic settings" subtitle="The clinic profile and the policies every workstation follows." />
      <Loaded state={settings} onRetry={reload} loadingLabel="Loading settings…">
        {(value) => <SettingsFormView key={value.updatedAt} initial={value} />}
      </Loaded>
    </>
  );
}
