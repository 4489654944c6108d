import { useRef, useState, type FormEvent } from 'react';
import { SEXES, SUBSCRIBER_RELATIONSHIPS } from '../../shared/db/schema-v1';
import type { AppError } from '../../shared/ipc/result';
import { POLICY_PRIORITY_LABELS, SUBSCRIBER_RELATIONSHIP_LABELS, type InsuranceInput, type PatientChart, type PatientInput, type PossibleDuplicate } from '../../shared/patients/patient.contract';
import { api } from '../platform/api';
import { useChannel } from '../platform/use-channel';
import { fieldErrors, unplacedErrors } from '../ui/field-errors';
import { Checkbox, FieldGroup, SelectField, TextField } from '../ui/fields';
import { useFocusOnError } from '../ui/focus-error';
import { FormErrorSummary } from '../ui/form-error-summary';
import { textOrNull } from '../ui/numbers';
import { Card, PageHeader } from '../ui/page';
import { ErrorState, LoadingState, Notice } from '../ui/states';
import { formatDate } from './format';
import { DocumentPicker } from './document-picker';

interface PolicyRow { key: string; id?: string; priority: string; payerName: string; payerId: string; memberId: string; groupNumber: string; subscriberName: string; subscriberRelationship: string; effectiveFrom: string; effectiveTo: string; cardFrontDocumentId: string | null; cardBackDocumentId: string | null }

type Form = Record<'firstName' | 'middleName' | 'lastName' | 'preferredName' | 'dateOfBirth' | 'sex' | 'phone' | 'email' | 'addressLine1' | 'addressLine2' | 'city' | 'state' | 'postalCode' | 'preferredLanguage' | 'emergencyContactName' | 'emergencyContactPhone' | 'homeFacilityId' | 'referringDoctorId' | 'notes', string> & {
  smsConsent: boolean; emailConsent: boolean; phoneConsent: boolean; physicianIds: readonly string[]; insurances: PolicyRow[];
};

const PLACED = new Set(['firstName', 'middleName', 'lastName', 'preferredName', 'dateOfBirth', 'sex', 'phone', 'email', 'addressLine1', 'addressLine2', 'city', 'state', 'postalCode', 'preferredLanguage', 'emergencyContactName', 'emergencyContactPhone', 'homeFacilityId', 'smsConsent', 'emailConsent', 'notes', 'acknowledgeDuplicates']);

function toForm(chart: PatientChart | null, facilityId: string): Form {
  return {
    firstName: chart?.firstName ?? '', middleName: chart?.middleName ?? '', lastName: chart?.lastName ?? '', preferredName: chart?.preferredName ?? '',
    dateOfBirth: chart?.dateOfBirth ?? '', sex: chart?.sex ?? 'unknown', phone: chart?.phone ?? '', email: chart?.email ?? '', addressLine1: chart?.addressLine1 ?? '',
    addressLine2: chart?.addressLine2 ?? '', city: chart?.city ?? '', state: chart?.state ?? '', postalCode: chart?.postalCode ?? '', preferredLanguage: chart?.preferredLanguage ?? '',
    emergencyContactName: chart?.emergencyContactName ?? '', emergencyContactPhone: chart?.emergencyContactPhone ?? '', homeFacilityId: chart?.homeFacilityId ?? facilityId,
    referringDoctorId: chart?.referringDoctorId ?? '', notes: chart?.notes ?? '', smsConsent: chart?.smsConsent ?? false, emailConsent: chart?.emailConsent ?? false,
    phoneConsent: chart?.phoneConsent ?? true, physicianIds: chart?.physicianIds ?? [],
    insurances: (chart?.insurances ?? []).map((p) => ({
      key: p.id, id: p.id, priority: String(p.priority), payerName: p.payerName, payerId: p.payerId ?? '', memberId: p.memberId, groupNumber: p.groupNumber ?? '',
      subscriberName: p.subscriberName, subscriberRelationship: p.subscriberRelationship, effectiveFrom: p.effectiveFrom ?? '', effectiveTo: p.effectiveTo ?? '',
      cardFrontDocumentId: p.cardFrontDocumentId, cardBackDocumentId: p.cardBackDocumentId,
    })),
  };
}

function toInput(form: Form, id: string | null, acknowledgeDuplicates: boolean): PatientInput {
  return {
    ...(id ? { id } : {}),
    firstName: form.firstName, middleName: textOrNull(form.middleName), lastName: form.lastName, preferredName: textOrNull(form.preferredName), dateOfBirth: form.dateOfBirth,
    sex: form.sex as PatientInput['sex'], phone: textOrNull(form.phone), email: textOrNull(form.email), addressLine1: textOrNull(form.addressLine1), addressLine2: textOrNull(form.addressLine2),
    city: textOrNull(form.city), state: textOrNull(form.state.toUpperCase()), postalCode: textOrNull(form.postalCode), preferredLanguage: textOrNull(form.preferredLanguage),
    smsConsent: form.smsConsent, emailConsent: form.emailConsent, phoneConsent: form.phoneConsent, emergencyContactName: textOrNull(form.emergencyContactName),
    emergencyContactPhone: textOrNull(form.emergencyContactPhone), homeFacilityId: form.homeFacilityId, referringDoctorId: textOrNull(form.referringDoctorId),
    physicianIds: [...form.physicianIds], notes: textOrNull(form.notes), acknowledgeDuplicates,
    insurances: form.insurances.map((row): InsuranceInput => ({
      ...(row.id ? { id: row.id } : {}), priority: Number(row.priority), payerName: row.payerName, payerId: textOrNull(row.payerId), memberId: row.memberId,
      groupNumber: textOrNull(row.groupNumber), subscriberName: row.subscriberName, subscriberRelationship: row.subscriberRelationship as InsuranceInput['subscriberRelationship'],
      effectiveFrom: textOrNull(row.effectiveFrom), effectiveTo: textOrNull(row.effectiveTo), cardFrontDocumentId: row.cardFrontDocumentId, cardBackDocumentId: row.cardBackDocumentId,
    })),
  };
}

function EditorForm({ chart, facilities, doctors, onSaved, onCancel }: {
  chart: PatientChart | null; facilities: { id: string; name: string }[]; doctors: { id: string; name: string }[]; onSaved: (chart: PatientChart) => void; onCancel: () => void;
}) {
  const [form, setForm] = useState(() => toForm(chart, facilities[0]?.id ?? ''));
  const [error, setError] = useState<AppError | null>(null);
  const [duplicates, setDuplicates] = useState<PossibleDuplicate[]>([]);
  const [acknowledged, setAcknowledged] = useState(false);
  const [isSaving, setSaving] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnError(formRef, error);
  const errors = fieldErrors(error);
  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((current) => ({ ...current, [key]: value }));
  const setPolicy = (key: string, patch: Partial<PolicyRow>) => setForm((current) => ({ ...current, insurances: current.insurances.map((row) => (row.key === key ? { ...row, ...patch } : row)) }));

  async function checkDuplicates() {
    if (chart || !form.lastName || !form.firstName) return;
    const result = await api.invoke('patient.duplicates', { firstName: form.firstName, lastName: form.lastName, dateOfBirth: form.dateOfBirth || null, phone: form.phone || null });
    if (result.ok) setDuplicates(result.value);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    const result = await api.invoke('patient.save', toInput(form, chart?.id ?? null, acknowledged));
    setSaving(false);
    if (result.ok) {
      onSaved(result.value);
      return;
    }
    if (result.error.code === 'conflict' && result.error.fields?.some((f) => f.message === 'possible_duplicate')) await checkDuplicates();
    setError(result.error);
  }

  const unplaced = unplacedErrors(errors, (path) => PLACED.has(path) || path.startsWith('insurances.'));
  return (
    <form ref={formRef} className="form" onSubmit={(event) => void save(event)} noValidate aria-label={chart ? 'Edit patient' : 'New patient'}>
      <FormErrorSummary error={error} unplaced={unplaced} />
      <Card title="Name and birth">
        <div className="form-grid">
          <TextField label="First name (legal)" value={form.firstName} onValueChange={(v) => set('firstName', v)} error={errors.firstName} required spellCheck={false} autoFocus />
          <TextField label="Middle name" value={form.middleName} onValueChange={(v) => set('middleName', v)} error={errors.middleName} spellCheck={false} />
          <TextField label="Last name (legal)" value={form.lastName} onValueChange={(v) => set('lastName', v)} error={errors.lastName} required spellCheck={false} onBlur={() => void checkDuplicates()} />
          <TextField label="Preferred name" value={form.preferredName} onValueChange={(v) => set('preferredName', v)} error={errors.preferredName} hint="Shown in lists and the calendar." spellCheck={false} />
          <TextField label="Date of birth" type="date" value={form.dateOfBirth} onValueChange={(v) => set('dateOfBirth', v)} error={errors.dateOfBirth} required onBlur={() => void checkDuplicates()} />
          <SelectField label="Sex" value={form.sex} onValueChange={(v) => set('sex', v)} options={SEXES.map((s) => ({ value: s, label: s[0]!.toUpperCase() + s.slice(1) }))} error={errors.sex} />
        </div>
      </Card>
      {duplicates.length > 0 && (
        <Notice tone="info">
          <strong>Possible duplicate{duplicates.length === 1 ? '' : 's'}:</strong>
          <ul>
            {duplicates.map((d) => <li key={d.id}>{d.displayName}, born {formatDate(d.dateOfBirth)}, MRN {d.mrn} — same {d.reason === 'phone' ? 'phone' : 'name and date of birth'}</li>)}
          </ul>
          <Checkbox label="This is a different person; register anyway" checked={acknowledged} onCheckedChange={setAcknowledged} />
        </Notice>
      )}
      <Card title="Contact and preferences">
        <div className="form-grid">
          <TextField label="Phone" type="tel" value={form.phone} onValueChange={(v) => set('phone', v)} error={errors.phone} onBlur={() => void checkDuplicates()} spellCheck={false} />
          <TextField label="Email" type="email" value={form.email} onValueChange={(v) => set('email', v)} error={errors.email} spellCheck={false} />
          <TextField label="Address" value={form.addressLine1} onValueChange={(v) => set('addressLine1', v)} error={errors.addressLine1} spellCheck={false} />
          <TextField label="Address line 2" value={form.addressLine2} onValueChange={(v) => set('addressLine2', v)} error={errors.addressLine2} spellCheck={false} />
          <TextField label="City" value={form.city} onValueChange={(v) => set('city', v)} error={errors.city} spellCheck={false} />
          <TextField label="State" value={form.state} onValueChange={(v) => set('state', v)} error={errors.state} maxLength={2} hint="Two letters, e.g. NY" />
          <TextField label="ZIP code" value={form.postalCode} onValueChange={(v) => set('postalCode', v)} error={errors.postalCode} />
          <TextField label="Preferred language" value={form.preferredLanguage} onValueChange={(v) => set('preferredLanguage', v)} error={errors.preferredLanguage} />
        </div>
        <FieldGroup legend="Consent per channel (unticked is an opt-out)" error={errors.smsConsent ?? errors.emailConsent}>
          <Checkbox label="Text messages (SMS)" checked={form.smsConsent} onCheckedChange={(v) => set('smsConsent', v)} />
          <Checkbox label="Email" checked={form.emailConsent} onCheckedChange={(v) => set('emailConsent', v)} />
          <Checkbox label="Phone calls" checked={form.phoneConsent} onCheckedChange={(v) => set('phoneConsent', v)} />
        </FieldGroup>
        <div className="form-grid">
          <TextField label="Emergency contact" value={form.emergencyContactName} onValueChange={(v) => set('emergencyContactName', v)} error={errors.emergencyContactName} spellCheck={false} />
          <TextField label="Emergency contact phone" type="tel" value={form.emergencyContactPhone} onValueChange={(v) => set('emergencyContactPhone', v)} error={errors.emergencyContactPhone} />
          <SelectField label="Home facility" value={form.homeFacilityId} onValueChange={(v) => set('homeFacilityId', v)} options={facilities.map((f) => ({ value: f.id, label: f.name }))} error={errors.homeFacilityId} />
          <SelectField label="Referred by" value={form.referringDoctorId} onValueChange={(v) => set('referringDoctorId', v)} options={[{ value: '', label: 'Nobody' }, ...doctors.map((d) => ({ value: d.id, label: d.name }))]} />
          <TextField label="Staff notes" value={form.notes} onValueChange={(v) => set('notes', v)} error={errors.notes} hint="Never shown to attorneys or referring doctors." fieldClassName="form-grid__wide" />
        </div>
      </Card>
      <Card title="Insurance, in priority order">
        {form.insurances.map((row, index) => (
          <FieldGroup key={row.key} legend={`${POLICY_PRIORITY_LABELS[Number(row.priority)] ?? 'Policy'} insurance`}>
            <div className="form-grid">
              <TextField label="Payer" value={row.payerName} onValueChange={(v) => setPolicy(row.key, { payerName: v })} error={errors[`insurances.${index}.payerName`]} spellCheck={false} />
              <TextField label="Payer id" value={row.payerId} onValueChange={(v) => setPolicy(row.key, { payerId: v })} error={errors[`insurances.${index}.payerId`]} />
              <TextField label="Member id" value={row.memberId} onValueChange={(v) => setPolicy(row.key, { memberId: v })} error={errors[`insurances.${index}.memberId`]} spellCheck={false} />
              <TextField label="Group number" value={row.groupNumber} onValueChange={(v) => setPolicy(row.key, { groupNumber: v })} error={errors[`insurances.${index}.groupNumber`]} />
              <TextField label="Subscriber" value={row.subscriberName} onValueChange={(v) => setPolicy(row.key, { subscriberName: v })} error={errors[`insurances.${index}.subscriberName`]} spellCheck={false} />
              <SelectField label="Relationship to patient" value={row.subscriberRelationship} onValueChange={(v) => setPolicy(row.key, { subscriberRelationship: v })} options={SUBSCRIBER_RELATIONSHIPS.map((r) => ({ value: r, label: SUBSCRIBER_RELATIONSHIP_LABELS[r] }))} />
              <TextField label="Effective from" type="date" value={row.effectiveFrom} onValueChange={(v) => setPolicy(row.key, { effectiveFrom: v })} error={errors[`insurances.${index}.effectiveFrom`]} />
              <TextField label="Effective to" type="date" value={row.effectiveTo} onValueChange={(v) => setPolicy(row.key, { effectiveTo: v })} error={errors[`insurances.${index}.effectiveTo`]} />
            </div>
            {chart ? (
              <div className="form-grid">
                <DocumentPicker patientId={chart.id} kind="insurance_card" label="Card image, front" value={row.cardFrontDocumentId ?? ''}
                  onValueChange={(v) => setPolicy(row.key, { cardFrontDocumentId: v === '' ? null : v })} error={errors[`insurances.${index}.cardFrontDocumentId`]} />
                <DocumentPicker patientId={chart.id} kind="insurance_card" label="Card image, back" value={row.cardBackDocumentId ?? ''}
                  onValueChange={(v) => setPolicy(row.key, { cardBackDocumentId: v === '' ? null : v })} error={errors[`insurances.${index}.cardBackDocumentId`]} />
              </div>
            ) : (
              <p className="field__hint">Card images are linked from the patient’s documents once the patient is saved.</p>
            )}
            <button type="button" className="button button--quiet" onClick={() => setForm((c) => ({ ...c, insurances: c.insurances.filter((r) => r.key !== row.key).map((r, i) => ({ ...r, priority: String(i + 1) })) }))}>
              Remove this policy
            </button>
          </FieldGroup>
        ))}
        {errors.insurances && <p className="field__error">{errors.insurances}</p>}
        {form.insurances.length < 3 && (
          <button type="button" className="button" onClick={() => setForm((c) => ({ ...c, insurances: [...c.insurances, { key: crypto.randomUUID(), priority: String(c.insurances.length + 1), payerName: '', payerId: '', memberId: '', groupNumber: '', subscriberName: `${c.firstName} ${c.lastName}`.trim(), subscriberRelationship: 'self', effectiveFrom: '', effectiveTo: '', cardFrontDocumentId: null, cardBackDocumentId: null }] }))}>
            Add insurance policy
          </button>
        )}
      </Card>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={isSaving}>{isSaving ? 'Saving…' : chart ? 'Save patient' : 'Register patient'}</button>
        <button type="button" className="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}

export function PatientEditor({ patientId, onSaved, onCancel }: { patientId: string | null; onSaved: (chart: PatientChart) => void; onCancel: () => void }) {
  const [chart] = useChannel('patient.get', patientId ? { id: patientId } : null);
  const [facilities] = useChannel('facility.list', {});
  const [doctors] = useChannel('referral.doctors', {});
  const title = patientId ? 'Edit patient' : 'New patient';
  const header = <PageHeader title={title} subtitle="Legal and preferred names, contact preferences with consent per channel, and insurance." />;
  // A failed read is shown, never replaced by an empty list (the "Referred by" choice would silently lose its doctors).
  for (const read of [facilities, doctors, ...(patientId ? [chart] : [])]) {
    if (read.status === 'error') return <>{header}<ErrorState error={read.error} /></>;
  }
  if ((patientId && chart.status !== 'ready') || facilities.status !== 'ready' || doctors.status !== 'ready') return <>{header}<LoadingState /></>;
  return (
    <>
      {header}
      <EditorForm chart={patientId && chart.status === 'ready' ? chart.value : null} facilities={facilities.value} doctors={doctors.value} onSaved={onSaved} onCancel={onCancel} />
    </>
  );
}
