import { useRef, useState, type FormEvent } from 'react';
import type { Facility } from '../../shared/admin/facility.contract';
import type { AppError } from '../../shared/ipc/result';
import type { SchedulePhysician, TimeOffEntry } from '../../shared/scheduling/schedule-setup.contract';
import { localDate, localTime } from '../../shared/time/facility-time';
import { longDate } from '../format/time';
import { api } from '../platform/api';
import { useChannel } from '../platform/use-channel';
import { fieldErrors } from '../ui/field-errors';
import { Checkbox, SelectField, TextField } from '../ui/fields';
import { EmptyState, Loaded, Notice } from '../ui/states';
import { SetupAddForm } from './setup-add-form';
import { timeOffSpan } from './setup-model';

const DAY = 24 * 60 * 60 * 1000;
const EVERYWHERE = 'everywhere';

/** An entry's span in words, in the zone it was entered in: "Thu, Dec 3 2026, 13:00 – 15:30" or whole days. */
function describe(entry: TimeOffEntry, timeZone: string): string {
  const fromDate = localDate(entry.startsAt, timeZone);
  const fromTime = localTime(entry.startsAt, timeZone);
  const toDate = localDate(entry.endsAt - 1, timeZone);
  const endTime = localTime(entry.endsAt, timeZone);
  if (fromTime === '00:00' && endTime === '00:00') return fromDate === toDate ? `${longDate(fromDate)}, all day` : `${longDate(fromDate)} – ${longDate(toDate)}, all day`;
  const lastDate = localDate(entry.endsAt, timeZone);
  return fromDate === lastDate ? `${longDate(fromDate)}, ${fromTime}–${endTime}` : `${longDate(fromDate)} ${fromTime} – ${longDate(lastDate)} ${endTime}`;
}

/**
 * Time off (away everywhere: vacation, conference) and blocks (one facility: meetings, admin time) of a
 * physician from today on, with a form to add one. Times are read in the chosen facility's zone, or for
 * time off everywhere in the clinic's default zone.
 */
export function TimeOffSection({ physician, facilities, defaultZone }: { physician: SchedulePhysician; facilities: readonly Facility[]; defaultZone: string }) {
  const [from] = useState(() => Date.now() - DAY);
  const [entries, reload] = useChannel('timeOff.list', { physicianId: physician.id, from, to: from + 400 * DAY });
  const [where, setWhere] = useState(EVERYWHERE);
  const zoneOf = (facilityId: string | null) => facilities.find((facility) => facility.id === facilityId)?.timeZone ?? defaultZone;
  const zone = zoneOf(where === EVERYWHERE ? null : where);
  const today = localDate(Date.now(), zone);
  const [fromDate, setFromDate] = useState('');
  const [toDate, setToDate] = useState('');
  const [allDay, setAllDay] = useState(true);
  const [startTime, setStartTime] = useState('12:00');
  const [endTime, setEndTime] = useState('13:00');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  /** The listed entry the form is changing, if any. */
  const [editing, setEditing] = useState<TimeOffEntry | null>(null);
  const whereRef = useRef<HTMLSelectElement>(null);
  const errors = fieldErrors(error);

  function clearForm() {
    setEditing(null);
    setFromDate('');
    setToDate('');
    setReason('');
    setError(null);
  }

  /** Fills the form with an entry, read in its own zone: whole days, or a span with its times. */
  function startEdit(entry: TimeOffEntry) {
    const entryZone = zoneOf(entry.facilityId);
    const wholeDays = localTime(entry.startsAt, entryZone) === '00:00' && localTime(entry.endsAt, entryZone) === '00:00';
    setNotice(null);
    setError(null);
    setEditing(entry);
    setWhere(entry.facilityId ?? EVERYWHERE);
    setFromDate(localDate(entry.startsAt, entryZone));
    const lastDate = localDate(wholeDays ? entry.endsAt - 1 : entry.endsAt, entryZone);
    setToDate(lastDate === localDate(entry.startsAt, entryZone) ? '' : lastDate);
    setAllDay(wholeDays);
    if (!wholeDays) {
      setStartTime(localTime(entry.startsAt, entryZone));
      setEndTime(localTime(entry.endsAt, entryZone));
    }
    setReason(entry.reason ?? '');
    whereRef.current?.focus();
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setNotice(null);
    const lastDate = toDate || fromDate;
    if (!fromDate) return setError({ code: 'invalid_input', message: 'Choose the first day.', fields: [{ path: 'startsAt', message: 'Choose the first day' }] });
    const span = timeOffSpan({ fromDate, toDate: lastDate, allDay, startTime, endTime }, zone);
    setBusy(true);
    const result = await api.invoke('timeOff.save', {
      ...(editing ? { id: editing.id } : {}),
      physicianId: physician.id, facilityId: where === EVERYWHERE ? null : where, startsAt: span.startsAt, endsAt: span.endsAt,
      kind: where === EVERYWHERE ? 'time_off' : 'block', reason: reason.trim() || null,
    });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    const changed = editing !== null;
    clearForm();
    setNotice(`${where === EVERYWHERE ? 'Time off' : 'Block'} ${changed ? 'changed' : 'added'}: ${describe(result.value, zone)}.`);
    reload();
  }

  async function remove(entry: TimeOffEntry) {
    setNotice(null);
    const result = await api.invoke('timeOff.remove', { id: entry.id });
    if (!result.ok) return setError(result.error);
    setError(null);
    setNotice(`Removed: ${describe(entry, zoneOf(entry.facilityId))}.`);
    reload();
  }

  const placed = (path: string) => ['startsAt', 'endsAt', 'reason', 'facilityId'].includes(path);
  return (
    <section className="setup-section" aria-labelledby="time-off-title">
      <h3 className="setup__subtitle" id="time-off-title">
        Time off and blocks
      </h3>
      {notice && <Notice tone="success">{notice}</Notice>}
      <Loaded state={entries} onRetry={reload} loadingLabel="Loading time off…" empty={<EmptyState title="Nothing planned">No time off or blocks from today on.</EmptyState>}>
        {(list) => (
          <div className="table-wrap">
            <table className="table table--dense">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Where</th>
                  <th scope="col">Reason</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((entry) => {
                  const facility = facilities.find((candidate) => candidate.id === entry.facilityId);
                  const when = describe(entry, zoneOf(entry.facilityId));
                  return (
                    <tr key={entry.id}>
                      <th scope="row">{when}</th>
                      <td>
                        <span className={`chip ${entry.kind === 'block' ? 'chip--neutral' : 'chip--role'}`}>{entry.kind === 'block' ? 'Block' : 'Time off'}</span>{' '}
                        {entry.facilityId ? (facility?.name ?? 'Another facility') : 'Everywhere'}
                      </td>
                      <td>{entry.reason ?? <span className="muted">—</span>}</td>
                      <td className="cell--actions">
                        <button type="button" className="button button--quiet" onClick={() => startEdit(entry)} aria-label={`Change ${entry.kind === 'block' ? 'block' : 'time off'} ${when}`}>
                          Change
                        </button>
                        <button type="button" className="button button--quiet" onClick={() => void remove(entry)} aria-label={`Remove ${entry.kind === 'block' ? 'block' : 'time off'} ${when}`}>
                          Remove
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Loaded>
      <SetupAddForm
        className="setup-timeoff" fieldsClassName="setup-timeoff__fields" label={editing ? 'Change time off or a block' : 'Add time off or a block'}
        error={error} errors={errors} placed={placed} isBusy={isBusy}
        submitLabel={editing ? 'Save change' : where === EVERYWHERE ? 'Add time off' : 'Add block'} busyLabel={editing ? 'Saving…' : 'Adding…'}
        onSubmit={save} {...(editing ? { onCancel: clearForm } : {})}
      >
        <SelectField
          ref={whereRef}
          label="Where"
          value={where}
          onValueChange={setWhere}
          options={[{ value: EVERYWHERE, label: 'Time off (away everywhere)' }, ...facilities.map((facility) => ({ value: facility.id, label: `Block at ${facility.name}` }))]}
          error={errors.facilityId}
          hint={`Times in ${zone.replaceAll('_', ' ')}`}
        />
        <TextField label="From" type="date" value={fromDate} min={today} onValueChange={setFromDate} error={errors.startsAt} required />
        <TextField label="Until" type="date" value={toDate} min={fromDate || today} onValueChange={setToDate} error={errors.endsAt} hint="Empty: the same day" />
        <div className="setup-timeoff__allday">
          <Checkbox label="All day" checked={allDay} onCheckedChange={setAllDay} />
        </div>
        {!allDay && (
          <>
            <TextField label="Starts at" type="time" step={900} value={startTime} onValueChange={setStartTime} required />
            <TextField label="Ends at" type="time" step={900} value={endTime} onValueChange={setEndTime} required />
          </>
        )}
        <TextField label="Reason" value={reason} onValueChange={setReason} error={errors.reason} hint="Optional, e.g. conference" fieldClassName="setup-timeoff__reason" />
      </SetupAddForm>
    </section>
  );
}
