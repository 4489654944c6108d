import { useRef, useState, type FormEvent } from 'react';
import { can } from '../../shared/auth/permissions';
import type { AppError } from '../../shared/ipc/result';
import { SERIES_SCOPES, type SeriesResult, type SeriesScope } from '../../shared/scheduling/series.contract';
import { localTime } from '../../shared/time/facility-time';
import { zoneAbbreviation } from '../format/time';
import { api } from '../platform/api';
import { useChannel } from '../platform/use-channel';
import { useSession } from '../session/session-context';
import { fieldErrors, unplacedErrors } from '../ui/field-errors';
import { SelectField, TextField } from '../ui/fields';
import { useFocusOnError } from '../ui/focus-error';
import { FormErrorSummary } from '../ui/form-error-summary';
import type { GridAppointment } from './calendar-grid';

export const SCOPE_LABELS: Record<SeriesScope, string> = { this: 'This appointment only', following: 'This and the following ones', all: 'All open appointments of the series' };

/** Where a field error of `series.update` is shown: conflicts about the time go to the time field. */
export function seriesFieldOf(path: string): 'startTime' | 'physicianId' | 'other' {
  if (path === 'startTime' || path === 'startsAt' || path === 'endsAt') return 'startTime';
  if (path === 'physicianId') return 'physicianId';
  return 'other';
}

/**
 * Changes the start time and/or physician of this occurrence, this and the following ones, or all open ones
 * (`series.update`). Every moved occurrence is checked; conflicts are shown at the time field in words, and a
 * role allowed to override may book over warnings with a reason. Moved occurrences keep their history.
 */
export function SeriesEditForm({ appointment, timeZone, onDone, onCancel }: { appointment: GridAppointment; timeZone: string; onDone: (result: SeriesResult, message: string) => void; onCancel: () => void }) {
  const { session } = useSession();
  const [physicians] = useChannel('physician.scheduleList', { facilityId: appointment.facilityId });
  const [scope, setScope] = useState<SeriesScope>('following');
  const [startTime, setStartTime] = useState(localTime(appointment.startsAt, timeZone));
  const [physicianId, setPhysicianId] = useState(appointment.physicianId);
  const [overrideReason, setOverrideReason] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [isBusy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnError(formRef, error);

  const byField: Record<string, string[]> = {};
  for (const field of error?.fields ?? []) {
    const message = field.message === 'slot_taken' ? 'The physician is already booked then (at this or another facility).' : field.message;
    const list = (byField[seriesFieldOf(field.path)] ??= []);
    if (!list.includes(message)) list.push(message);
  }
  const isConflict = error?.code === 'conflict';
  const isHard = (error?.fields ?? []).some((field) => field.message === 'slot_taken');
  const mayOverride = isConflict && !isHard && can(session, 'schedule.override');
  const timeError = byField.startTime?.join(' ') ?? (isConflict && !byField.physicianId ? error?.message : undefined);
  const unplaced = unplacedErrors(fieldErrors(error), (path) => seriesFieldOf(path) !== 'other' || path === 'override.reason');
  const originalTime = localTime(appointment.startsAt, timeZone);
  const changed = startTime !== originalTime || physicianId !== appointment.physicianId;

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!changed) return setError({ code: 'invalid_input', message: 'Nothing to change.', fields: [{ path: 'startTime', message: 'Choose a new time or another physician' }] });
    setBusy(true);
    const result = await api.invoke('series.update', {
      appointmentId: appointment.id,
      scope,
      ...(startTime !== originalTime ? { startTime } : {}),
      ...(physicianId !== appointment.physicianId ? { physicianId } : {}),
      ...(mayOverride && overrideReason.trim() ? { override: { reason: overrideReason.trim() } } : {}),
    });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    const count = result.value.appointmentIds.length;
    onDone(result.value, `${count === 1 ? 'One appointment' : `${count} appointments`} of ${appointment.patientName}'s series changed.`);
  }

  const physicianOptions = physicians.status === 'ready' ? physicians.value.map((physician) => ({ value: physician.id, label: physician.name })) : [{ value: appointment.physicianId, label: appointment.physicianName }];
  return (
    <form ref={formRef} className="form appointment__series" onSubmit={(event) => void save(event)} noValidate aria-label="Change the series">
      <FormErrorSummary error={isConflict ? null : error} unplaced={unplaced} />
      <SelectField label="Which appointments" value={scope} onValueChange={(value) => setScope(value as SeriesScope)} options={SERIES_SCOPES.map((option) => ({ value: option, label: SCOPE_LABELS[option] }))} />
      <div className="appointment__series-fields">
        <TextField
          label={`New start time (${zoneAbbreviation(appointment.startsAt, timeZone)})`}
          type="time"
          step={300}
          value={startTime}
          onValueChange={setStartTime}
          error={timeError}
          hint="Each appointment keeps its date and length."
          autoFocus
        />
        <SelectField label="Physician" value={physicianId} onValueChange={setPhysicianId} options={physicianOptions} error={byField.physicianId?.join(' ')} />
      </div>
      {mayOverride && (
        <TextField label="Reason to book over the warnings" value={overrideReason} onValueChange={setOverrideReason} hint="Recorded with each appointment and in the audit log." />
      )}
      <div className="button-row">
        <button type="button" className="button" onClick={onCancel}>
          Keep as is
        </button>
        <button type="submit" className="button button--primary" disabled={isBusy}>
          {isBusy ? 'Changing…' : mayOverride && overrideReason.trim() ? 'Change anyway' : 'Change appointments'}
        </button>
      </div>
    </form>
  );
}
