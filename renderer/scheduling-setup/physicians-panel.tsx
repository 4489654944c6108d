import { useRef, useState, type FormEvent } from 'react';
import type { Facility } from '../../shared/admin/facility.contract';
import { can } from '../../shared/auth/permissions';
import type { AppError } from '../../shared/ipc/result';
import type { SchedulePhysician } from '../../shared/scheduling/schedule-setup.contract';
import { localDate } from '../../shared/time/facility-time';
import { hrefFor } from '../app/route';
import { api } from '../platform/api';
import { useChannel, type Loadable } from '../platform/use-channel';
import { useSession } from '../session/session-context';
import { fieldErrors, unplacedErrors } from '../ui/field-errors';
import { Checkbox, FieldGroup } from '../ui/fields';
import { useFocusOnError } from '../ui/focus-error';
import { FormErrorSummary } from '../ui/form-error-summary';
import { EmptyState, Loaded, Notice } from '../ui/states';
import { AvailabilityEditor } from './availability-editor';
import { weekSummary } from './setup-model';
import { TimeOffSection } from './time-off-section';

function useLastReady<T>(state: Loadable<T>): Loadable<T> {
  const last = useRef<Loadable<T>>(state);
  if (state.status !== 'loading' || last.current.status !== 'ready') last.current = state;
  return last.current;
}

/** Physicians and where they work; the chosen one's facilities, weekly templates and time off. */
export function PhysiciansPanel({ selectedId }: { selectedId: string | null }) {
  const [loaded, reloadPhysicians] = useChannel('physician.scheduleList', {});
  // A re-read after a save keeps the screen (and its messages) in place until the new list arrives.
  const physicians = useLastReady(loaded);
  const [facilities, reloadFacilities] = useChannel('facility.list', { includeInactive: false });
  const [clinic] = useChannel('clinic.get', {});

  if (physicians.status !== 'ready') return <Loaded state={physicians} onRetry={reloadPhysicians} loadingLabel="Loading physicians…">{() => null}</Loaded>;
  if (facilities.status !== 'ready') return <Loaded state={facilities} onRetry={reloadFacilities} loadingLabel="Loading facilities…">{() => null}</Loaded>;
  if (physicians.value.length === 0) return <EmptyState title="No physicians yet">Physicians are added under Users (a login with the physician role).</EmptyState>;
  const selected = physicians.value.find((physician) => physician.id === selectedId) ?? physicians.value[0];
  if (!selected) return null;
  const defaultZone = clinic.status === 'ready' ? clinic.value.defaultTimeZone : (facilities.value[0]?.timeZone ?? 'America/New_York');

  return (
    <div className="setup-physicians">
      <nav className="setup-physicians__list" aria-label="Physicians">
        <ul>
          {physicians.value.map((physician) => (
            <li key={physician.id}>
              <a href={hrefFor('scheduling-setup', 'physicians', physician.id)} aria-current={physician.id === selected.id ? 'page' : undefined}>
                <span className="setup-physicians__dot" style={{ background: physician.color }} aria-hidden="true" />
                <span className="setup-physicians__name">{physician.name}</span>
                <span className="setup-physicians__meta">
                  {physician.specialty ?? 'Physician'} · {physician.facilityIds.length === 1 ? '1 facility' : `${physician.facilityIds.length} facilities`}
                </span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <PhysicianSetup key={selected.id} physician={selected} facilities={facilities.value} defaultZone={defaultZone} onChanged={reloadPhysicians} />
    </div>
  );
}

function PhysicianSetup({ physician, facilities, defaultZone, onChanged }: { physician: SchedulePhysician; facilities: readonly Facility[]; defaultZone: string; onChanged: () => void }) {
  const { session } = useSession();
  const assigned = facilities.filter((facility) => physician.facilityIds.includes(facility.id));
  const [facilityId, setFacilityId] = useState<string | null>(assigned[0]?.id ?? null);
  const shownFacility = assigned.find((facility) => facility.id === facilityId) ?? assigned[0] ?? null;
  const canAssign = can(session, 'physician.manage');
  /** Bumped on each save of weekly hours, so the week at a glance reads them again. */
  const [hoursSaved, setHoursSaved] = useState(0);

  return (
    <div className="setup-physician">
      <header className="setup-physician__head">
        <span className="setup-physicians__dot setup-physicians__dot--large" style={{ background: physician.color }} aria-hidden="true" />
        <div>
          <h2 className="setup__title">{physician.name}</h2>
          <p className="muted">
            {[physician.specialty, physician.credentials].filter(Boolean).join(' · ') || 'Physician'}
            {!physician.isActive && ' · inactive'}
          </p>
        </div>
      </header>
      <WeekAtAGlance key={hoursSaved} physicianId={physician.id} facilities={assigned} />
      <Assignments physician={physician} facilities={facilities} disabled={!canAssign} onSaved={(ids) => {
        if (!ids.includes(facilityId ?? '')) setFacilityId(ids[0] ?? null);
        onChanged();
      }} />
      <section className="setup-section" aria-labelledby="availability-title">
        <h3 className="setup__subtitle" id="availability-title">
          Weekly availability
        </h3>
        {assigned.length === 0 ? (
          <p className="muted">Assign {physician.name} to a facility first; availability is set per facility.</p>
        ) : (
          shownFacility && (
            <AvailabilityEditor
              key={shownFacility.id}
              physician={physician}
              facility={shownFacility}
              facilities={assigned}
              onFacilityChange={setFacilityId}
              onSaved={() => {
                setHoursSaved((count) => count + 1);
                onChanged();
              }}
            />
          )
        )}
      </section>
      <TimeOffSection physician={physician} facilities={assigned} defaultZone={defaultZone} />
    </div>
  );
}

/** This week's templates at every facility of the physician, in one line each. */
function WeekAtAGlance({ physicianId, facilities }: { physicianId: string; facilities: readonly Facility[] }) {
  const today = facilities[0] ? localDate(Date.now(), facilities[0].timeZone) : null;
  const [spans] = useChannel('availability.list', today ? { physicianId, onDate: today } : null);
  if (facilities.length === 0 || spans.status !== 'ready') return null;
  return (
    <dl className="setup-glance" aria-label="Working week">
      {facilities.map((facility) => {
        const summary = weekSummary(spans.value.filter((span) => span.facilityId === facility.id));
        return (
          <div key={facility.id}>
            <dt>{facility.name}</dt>
            <dd>{summary || <span className="muted">No weekly hours</span>}</dd>
          </div>
        );
      })}
    </dl>
  );
}

function Assignments({ physician, facilities, disabled, onSaved }: { physician: SchedulePhysician; facilities: readonly Facility[]; disabled: boolean; onSaved: (ids: string[]) => void }) {
  const [chosen, setChosen] = useState<string[]>([...physician.facilityIds]);
  const [error, setError] = useState<AppError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [isSaving, setSaving] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnError(formRef, error);
  const errors = fieldErrors(error);
  const changed = chosen.length !== physician.facilityIds.length || chosen.some((id) => !physician.facilityIds.includes(id));

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setNotice(null);
    const result = await api.invoke('physician.setFacilities', { physicianId: physician.id, facilityIds: chosen });
    setSaving(false);
    if (!result.ok) return setError(result.error);
    setError(null);
    const names = facilities.filter((facility) => result.value.facilityIds.includes(facility.id)).map((facility) => facility.name);
    setNotice(names.length ? `${physician.name} works at ${names.join(', ')}.` : `${physician.name} is not assigned to any facility.`);
    onSaved([...result.value.facilityIds]);
  }

  const groupError = errors.facilityIds ?? Object.entries(errors).find(([path]) => path.startsWith('facilityIds.'))?.[1];
  return (
    <form ref={formRef} className="form setup-section" onSubmit={(event) => void save(event)} noValidate aria-labelledby="assign-title">
      <h3 className="setup__subtitle" id="assign-title">
        Works at
      </h3>
      {notice && <Notice tone="success">{notice}</Notice>}
      <FormErrorSummary error={error} unplaced={unplacedErrors(errors, (path) => path.startsWith('facilityIds'))} />
      <FieldGroup legend="Facilities" error={groupError}>
        <div className="check-list check-list--three">
          {facilities.map((facility) => (
            <Checkbox
              key={facility.id}
              label={facility.name}
              hint={facility.timeZone.replaceAll('_', ' ')}
              disabled={disabled}
              checked={chosen.includes(facility.id)}
              onCheckedChange={(on) => setChosen(on ? [...chosen, facility.id] : chosen.filter((id) => id !== facility.id))}
            />
          ))}
        </div>
      </FieldGroup>
      <p className="field__hint">Removing a facility keeps past appointments there; the physician can no longer be booked at it.</p>
      {!disabled && (
        <div className="button-row">
          <button type="submit" className="button button--primary" disabled={!changed || isSaving}>
            {isSaving ? 'Saving…' : 'Save facilities'}
          </button>
        </div>
      )}
    </form>
  );
}
