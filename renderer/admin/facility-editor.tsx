import { useRef, useState, type FormEvent } from 'react';
import { PLACE_OF_SERVICE_LABELS, WEEKDAYS, type Facility, type PlaceOfService, type Weekday } from '../../shared/admin/facility.contract';
import { PLACE_OF_SERVICE_CODES, RESOURCE_KINDS } from '../../shared/db/schema-v1';
import type { InputOf } from '../../shared/ipc/contract';
import type { AppError } from '../../shared/ipc/result';
import { hrefFor } from '../app/route';
import { api } from '../platform/api';
import { useChannel } from '../platform/use-channel';
import { useFocusOnError } from '../ui/focus-error';
import { FormErrorSummary } from '../ui/form-error-summary';
import { fieldErrors, unplacedErrors } from '../ui/field-errors';
import { Checkbox, SelectField, TextField } from '../ui/fields';
import { parseOptionalDecimal } from '../ui/numbers';
import { Card, PageHeader } from '../ui/page';
import { ErrorState, LoadingState } from '../ui/states';
import { timeZoneOptions } from '../ui/time-zones';

type ResourceKind = (typeof RESOURCE_KINDS)[number];
type Span = { open: string; close: string };

interface ResourceRow {
  /** Stable React key; new rows have no `id` until saved. */
  readonly key: string;
  readonly id?: string;
  readonly name: string;
  readonly kind: ResourceKind;
  readonly isActive: boolean;
}

interface FacilityForm {
  readonly name: string;
  readonly code: string;
  readonly addressLine1: string;
  readonly addressLine2: string;
  readonly city: string;
  readonly state: string;
  readonly postalCode: string;
  readonly phone: string;
  readonly latitude: string;
  readonly longitude: string;
  readonly timeZone: string;
  /** '' when unset (claims then say 11, office). */
  readonly placeOfService: PlaceOfService | '';
  readonly isActive: boolean;
  readonly hours: Readonly<Record<Weekday, readonly Span[]>>;
  readonly resources: readonly ResourceRow[];
}

const DAY_NAMES = {
  sun: 'Sunday',
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
} as const satisfies Record<Weekday, string>;
/** Clinics think of the week as starting on Monday. */
const WEEK_ORDER: readonly Weekday[] = [...WEEKDAYS.slice(1), WEEKDAYS[0]];
const PLACE_OF_SERVICE_OPTIONS = [
  { value: '', label: 'Not set (claims say 11, office)' },
  ...PLACE_OF_SERVICE_CODES.map((code) => ({ value: code, label: `${code} — ${PLACE_OF_SERVICE_LABELS[code]}` })),
];
const KIND_LABELS = { room: 'Room', equipment: 'Equipment' } as const satisfies Record<ResourceKind, string>;

function toForm(facility: Facility | null, defaultTimeZone: string): FacilityForm {
  const hours = Object.fromEntries(WEEKDAYS.map((day) => [day, [...(facility?.hours[day] ?? [])]])) as Record<Weekday, Span[]>;
  return {
    name: facility?.name ?? '',
    code: facility?.code ?? '',
    addressLine1: facility?.addressLine1 ?? '',
    addressLine2: facility?.addressLine2 ?? '',
    city: facility?.city ?? '',
    state: facility?.state ?? '',
    postalCode: facility?.postalCode ?? '',
    phone: facility?.phone ?? '',
    latitude: facility?.latitude?.toString() ?? '',
    longitude: facility?.longitude?.toString() ?? '',
    timeZone: facility?.timeZone ?? defaultTimeZone,
    placeOfService: facility?.placeOfService ?? '',
    isActive: facility?.isActive ?? true,
    hours,
    resources: (facility?.resources ?? []).map((resource) => ({ key: resource.id, ...resource })),
  };
}

/** The OpenStreetMap page for a point; opened outside the app (Electron hands allowlisted links to the OS browser). */
function mapLink(latitude: number, longitude: number): string {
  return `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=16/${latitude}/${longitude}`;
}

function HoursEditor({
  hours,
  errors,
  onChange,
}: {
  hours: FacilityForm['hours'];
  errors: Record<string, string>;
  onChange: (day: Weekday, spans: Span[]) => void;
}) {
  return (
    <div className="hours">
      {WEEK_ORDER.map((day) => {
        const spans = hours[day];
        const isOpen = spans.length > 0;
        return (
          <div key={day} className="hours__day" role="group" aria-label={DAY_NAMES[day]}>
            <Checkbox
              label={DAY_NAMES[day]}
              checked={isOpen}
              onCheckedChange={(checked) => onChange(day, checked ? [{ open: '08:00', close: '17:00' }] : [])}
            />
            <div className="hours__spans">
              {!isOpen && <span className="muted hours__closed">Closed</span>}
              {spans.map((span, index) => (
                <div key={index} className="hours__span">
                  <TextField
                    label={`Opens${index > 0 ? ` (${index + 1})` : ''}`}
                    type="time"
                    value={span.open}
                    error={errors[`hours.${day}.${index}.open`]}
                    onValueChange={(open) => onChange(day, spans.map((s, i) => (i === index ? { ...s, open } : s)))}
                  />
                  <TextField
                    label={`Closes${index > 0 ? ` (${index + 1})` : ''}`}
                    type="time"
                    value={span.close}
                    error={errors[`hours.${day}.${index}.close`]}
                    onValueChange={(close) => onChange(day, spans.map((s, i) => (i === index ? { ...s, close } : s)))}
                  />
                  {index > 0 && (
                    <button
                      type="button"
                      className="button button--quiet"
                      onClick={() => onChange(day, spans.filter((_, i) => i !== index))}
                      aria-label={`Remove ${DAY_NAMES[day]} hours ${index + 1}`}
                    >
                      Remove
                    </button>
                  )}
                </div>
              ))}
              {isOpen && spans.length < 4 && (
                <button
                  type="button"
                  className="button button--link"
                  onClick={() => onChange(day, [...spans, { open: '13:00', close: '17:00' }])}
                  aria-label={`Add more hours on ${DAY_NAMES[day]}`}
                >
                  Add hours (e.g. after a lunch break)
                </button>
              )}
              {errors[`hours.${day}`] && <p className="field__error">{errors[`hours.${day}`]}</p>}
            </div>
          </div>
        );
      })}
    </div>
  );
}

function ResourcesEditor({
  resources,
  errors,
  onChange,
}: {
  resources: FacilityForm['resources'];
  errors: Record<string, string>;
  onChange: (resources: ResourceRow[]) => void;
}) {
  const update = (key: string, patch: Partial<ResourceRow>) =>
    onChange(resources.map((resource) => (resource.key === key ? { ...resource, ...patch } : resource)));
  const add = (kind: ResourceKind) =>
    onChange([...resources, { key: crypto.randomUUID(), name: '', kind, isActive: true }]);

  return (
    <>
      {resources.length === 0 ? (
        <p className="muted">No rooms or equipment yet. Add the rooms appointments can be booked into.</p>
      ) : (
        <ul className="resources">
          {resources.map((resource, index) => (
            <li key={resource.key} className="resources__row">
              <TextField
                label={`${KIND_LABELS[resource.kind]} name`}
                value={resource.name}
                error={errors[`resources.${index}.name`]}
                onValueChange={(name) => update(resource.key, { name })}
                fieldClassName="resources__name"
              />
              <SelectField
                label="Kind"
                value={resource.kind}
                options={RESOURCE_KINDS.map((kind) => ({ value: kind, label: KIND_LABELS[kind] }))}
                onValueChange={(kind) => update(resource.key, { kind: kind as ResourceKind })}
              />
              <Checkbox label="In use" checked={resource.isActive} onCheckedChange={(isActive) => update(resource.key, { isActive })} />
              {resource.id === undefined && (
                <button
                  type="button"
                  className="button button--quiet"
                  onClick={() => onChange(resources.filter((row) => row.key !== resource.key))}
                  aria-label={`Remove ${resource.name || `new ${KIND_LABELS[resource.kind].toLowerCase()}`}`}
                >
                  Remove
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <div className="button-row">
        <button type="button" className="button" onClick={() => add('room')}>
          Add room
        </button>
        <button type="button" className="button" onClick={() => add('equipment')}>
          Add equipment
        </button>
      </div>
      <p className="field__hint">Saved rooms and equipment are never deleted, so past appointments keep their room; mark them “not in use” instead.</p>
    </>
  );
}

function FacilityFormView({ facility, defaultTimeZone, onSaved }: { facility: Facility | null; defaultTimeZone: string; onSaved: (facility: Facility) => void }) {
  const [form, setForm] = useState(() => toForm(facility, defaultTimeZone));
  const [error, setError] = useState<AppError | null>(null);
  const [isSaving, setSaving] = useState(false);
  const errors = fieldErrors(error);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnError(formRef, error);
  const set = <K extends keyof FacilityForm>(key: K, value: FacilityForm[K]) => setForm((current) => ({ ...current, [key]: value }));

  const latitude = parseOptionalDecimal(form.latitude, '41.8781');
  const longitude = parseOptionalDecimal(form.longitude, '-87.6298');
  const hasPoint = latitude.ok && longitude.ok && latitude.value !== null && longitude.value !== null;

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!latitude.ok || !longitude.ok) {
      const fields = [
        ...(latitude.ok ? [] : [{ path: 'latitude', message: latitude.message }]),
        ...(longitude.ok ? [] : [{ path: 'longitude', message: longitude.message }]),
      ];
      setError({ code: 'invalid_input', message: 'Some fields are not valid.', fields });
      return;
    }
    const input: InputOf<'facility.save'> = {
      ...(facility ? { id: facility.id } : {}),
      name: form.name,
      code: form.code,
      addressLine1: form.addressLine1,
      addressLine2: form.addressLine2,
      city: form.city,
      state: form.state,
      postalCode: form.postalCode,
      phone: form.phone,
      latitude: latitude.value,
      longitude: longitude.value,
      timeZone: form.timeZone,
      placeOfService: form.placeOfService || null,
      isActive: form.isActive,
      hours: Object.fromEntries(WEEKDAYS.map((day) => [day, form.hours[day].map((span) => ({ ...span }))])),
      resources: form.resources.map(({ id, name, kind, isActive }) => ({ ...(id ? { id } : {}), name, kind, isActive })),
    };
    setSaving(true);
    const result = await api.invoke('facility.save', input);
    setSaving(false);
    if (result.ok) onSaved(result.value);
    else setError(result.error);
  }

  const shownPaths = /^(name|code|addressLine[12]|city|state|postalCode|phone|latitude|longitude|timeZone|placeOfService|hours\.\w+(\.\d+\.(open|close))?|resources\.\d+\.name)$/;
  const otherErrors = unplacedErrors(errors, (path) => shownPaths.test(path));

  return (
    <form ref={formRef} className="form" onSubmit={(event) => void save(event)} noValidate>
      <FormErrorSummary error={error} unplaced={otherErrors} />
      <Card title="Name and address">
        <div className="form-grid">
          <TextField label="Name" value={form.name} onValueChange={(v) => set('name', v)} error={errors.name} required />
          <TextField
            label="Code"
            value={form.code}
            onValueChange={(v) => set('code', v.toUpperCase())}
            error={errors.code}
            hint="Short label on calendars and reports, e.g. EAST"
            required
          />
          <TextField
            label="Address"
            value={form.addressLine1}
            onValueChange={(v) => set('addressLine1', v)}
            error={errors.addressLine1}
            autoComplete="address-line1"
            fieldClassName="form-grid__wide"
            required
          />
          <TextField
            label="Address line 2"
            value={form.addressLine2}
            onValueChange={(v) => set('addressLine2', v)}
            error={errors.addressLine2}
            autoComplete="address-line2"
            fieldClassName="form-grid__wide"
          />
          <TextField label="City" value={form.city} onValueChange={(v) => set('city', v)} error={errors.city} required />
          <div className="form-grid__pair">
            <TextField
              label="State"
              value={form.state}
              onValueChange={(v) => set('state', v.toUpperCase())}
              error={errors.state}
              maxLength={2}
              required
            />
            <TextField label="ZIP code" value={form.postalCode} onValueChange={(v) => set('postalCode', v)} error={errors.postalCode} required />
          </div>
          <TextField label="Phone" type="tel" value={form.phone} onValueChange={(v) => set('phone', v)} error={errors.phone} />
          <SelectField
            label="Place of service"
            value={form.placeOfService}
            onValueChange={(v) => set('placeOfService', v as PlaceOfService | '')}
            options={PLACE_OF_SERVICE_OPTIONS}
            error={errors.placeOfService}
            hint="The CMS code on claims for services here (837P CLM05, CMS-1500 item 24B)"
          />
          <Checkbox
            label="Facility is active"
            hint="Inactive facilities keep their history but take no new appointments."
            checked={form.isActive}
            onCheckedChange={(v) => set('isActive', v)}
          />
        </div>
      </Card>

      <Card title="Location and time zone">
        <div className="form-grid">
          <TextField
            label="Latitude"
            inputMode="decimal"
            value={form.latitude}
            onValueChange={(v) => set('latitude', v)}
            error={errors.latitude}
            hint="Used to plan travel time between facilities"
          />
          <TextField
            label="Longitude"
            inputMode="decimal"
            value={form.longitude}
            onValueChange={(v) => set('longitude', v)}
            error={errors.longitude}
          />
          <div className="form-grid__wide map-link">
            {hasPoint ? (
              <a href={mapLink(latitude.value, longitude.value)} target="_blank" rel="noopener noreferrer" className="external-link">
                Open in map<span className="visually-hidden"> (opens in your web browser)</span>
              </a>
            ) : (
              <span className="muted">Enter latitude and longitude to check the location on a map.</span>
            )}
          </div>
          <SelectField
            label="Time zone"
            value={form.timeZone}
            onValueChange={(v) => set('timeZone', v)}
            options={timeZoneOptions(form.timeZone)}
            error={errors.timeZone}
            hint="The facility’s calendar, opening hours and day sheets use this zone."
            fieldClassName="form-grid__wide"
          />
        </div>
      </Card>

      <Card title="Opening hours">
        <p className="card__intro">Local time at the facility ({form.timeZone.replaceAll('_', ' ')}).</p>
        <HoursEditor hours={form.hours} errors={errors} onChange={(day, spans) => set('hours', { ...form.hours, [day]: spans })} />
      </Card>

      <Card title="Rooms and equipment">
        <ResourcesEditor resources={form.resources} errors={errors} onChange={(resources) => set('resources', resources)} />
      </Card>

      {facility && (
        <Card title="Closures and holidays">
          <p className="card__intro">
            Days this facility is closed are kept under Scheduling set-up:{' '}
            <a href={hrefFor('scheduling-setup', 'closures', facility.id)}>closures and holidays of {facility.name}</a>.
          </p>
        </Card>
      )}

      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={isSaving}>
          {isSaving ? 'Saving…' : facility ? 'Save changes' : 'Create facility'}
        </button>
        <a className="button" href={hrefFor('facilities')}>
          Cancel
        </a>
      </div>
    </form>
  );
}

/** Create (`facilityId` null) or edit a facility. */
export function FacilityEditor({ facilityId, onSaved }: { facilityId: string | null; onSaved: (facility: Facility) => void }) {
  const [facility, reload] = useChannel('facility.get', facilityId ? { id: facilityId } : null);
  const [clinic] = useChannel('clinic.get', {});
  const title = facilityId === null ? 'New facility' : facility.status === 'ready' ? facility.value.name : 'Facility';
  const back = (
    <a className="button" href={hrefFor('facilities')}>
      <span aria-hidden="true">‹ </span>All facilities
    </a>
  );

  if (facilityId !== null && facility.status !== 'ready') {
    return (
      <>
        <PageHeader title={title} actions={back} />
        {facility.status === 'loading' ? <LoadingState label="Loading facility…" /> : <ErrorState error={facility.error} onRetry={reload} />}
      </>
    );
  }
  if (clinic.status === 'loading') return <LoadingState />;
  const defaultTimeZone = clinic.status === 'ready' ? clinic.value.defaultTimeZone : 'America/Chicago';
  return (
    <>
      <PageHeader title={title} subtitle={facilityId === null ? 'Add a facility of the clinic.' : 'Edit the facility.'} actions={back} />
      <FacilityFormView facility={facility.status === 'ready' ? facility.value : null} defaultTimeZone={defaultTimeZone} onSaved={onSaved} />
    </>
  );
}
