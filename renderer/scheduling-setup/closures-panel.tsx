import { useRef, useState, type FormEvent } from 'react';
import type { AppError } from '../../shared/ipc/result';
import { addDaysToDate, localDate } from '../../shared/time/facility-time';
import { navigate } from '../app/route';
import { longDate } from '../format/time';
import { api } from '../platform/api';
import { useChannel } from '../platform/use-channel';
import { fieldErrors } from '../ui/field-errors';
import { SelectField, TextField } from '../ui/fields';
import { EmptyState, Loaded, Notice } from '../ui/states';
import { SetupAddForm } from './setup-add-form';

/**
 * The days a facility is closed (holidays, closures), from a year back on. A booking on such a day is
 * reported as a "facility closed" conflict; the calendar names the closure on the day.
 */
export function ClosuresPanel({ facilityId }: { facilityId: string | null }) {
  const [facilities, reload] = useChannel('facility.list', { includeInactive: false });
  return (
    <Loaded state={facilities} onRetry={reload} loadingLabel="Loading facilities…" empty={<EmptyState title="No facilities yet">Add a facility first.</EmptyState>}>
      {(list) => {
        const facility = list.find((candidate) => candidate.id === facilityId) ?? list[0];
        if (!facility) return null;
        return (
          <div className="setup-closures">
            <form className="toolbar" onSubmit={(event) => event.preventDefault()} aria-label="Choose facility">
              <SelectField
                label="Facility"
                value={facility.id}
                onValueChange={(id) => navigate('scheduling-setup', 'closures', id)}
                options={list.map((option) => ({ value: option.id, label: option.name }))}
                hint={`Dates are days in ${facility.timeZone.replaceAll('_', ' ')}.`}
              />
            </form>
            <FacilityClosures key={facility.id} facilityId={facility.id} facilityName={facility.name} timeZone={facility.timeZone} />
          </div>
        );
      }}
    </Loaded>
  );
}

function FacilityClosures({ facilityId, facilityName, timeZone }: { facilityId: string; facilityName: string; timeZone: string }) {
  const today = localDate(Date.now(), timeZone);
  const [closures, reload] = useChannel('facility.closures', { facilityId, from: addDaysToDate(today, -365) });
  const [closedOn, setClosedOn] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  /** The listed closure the form is changing, if any. */
  const [editing, setEditing] = useState<{ id: string; closedOn: string } | null>(null);
  const dateRef = useRef<HTMLInputElement>(null);
  const errors = fieldErrors(error);

  function clearForm() {
    setEditing(null);
    setClosedOn('');
    setReason('');
    setError(null);
  }

  function startEdit(closure: { id: string; closedOn: string; reason: string }) {
    setNotice(null);
    setError(null);
    setEditing({ id: closure.id, closedOn: closure.closedOn });
    setClosedOn(closure.closedOn);
    setReason(closure.reason);
    dateRef.current?.focus();
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setNotice(null);
    if (!closedOn) return setError({ code: 'invalid_input', message: 'Choose the day.', fields: [{ path: 'closedOn', message: 'Choose the day the facility is closed' }] });
    setBusy(true);
    const result = await api.invoke('facility.saveClosure', { ...(editing ? { id: editing.id } : {}), facilityId, closedOn, reason });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    const was = editing;
    clearForm();
    setNotice(was && was.closedOn !== result.value.closedOn
      ? `The closure on ${longDate(was.closedOn)} moved to ${longDate(result.value.closedOn)}.`
      : `${facilityName} is closed on ${longDate(result.value.closedOn)}.`);
    reload();
  }

  async function remove(id: string, day: string) {
    setNotice(null);
    const result = await api.invoke('facility.removeClosure', { id });
    if (!result.ok) return setError(result.error);
    setError(null);
    setNotice(`${facilityName} is open again on ${longDate(day)} (its usual hours apply).`);
    reload();
  }

  return (
    <div className="setup-closures__body">
      <section aria-labelledby="closures-title">
        <h2 className="setup__title" id="closures-title">
          Closed days at {facilityName}
        </h2>
        {notice && <Notice tone="success">{notice}</Notice>}
        <Loaded
          state={closures}
          onRetry={reload}
          loadingLabel="Loading closures…"
          empty={<EmptyState title="No closures">{facilityName} follows its opening hours every week. Add holidays and closure days below.</EmptyState>}
        >
          {(list) => (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">Reason</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((closure) => (
                    <tr key={closure.id} className={closure.closedOn < today ? 'row--muted' : undefined}>
                      <th scope="row">
                        {longDate(closure.closedOn)}
                        {closure.closedOn < today && <span className="muted"> (past)</span>}
                      </th>
                      <td>{closure.reason}</td>
                      <td className="cell--actions">
                        {closure.closedOn >= today && (
                          <>
                            <button type="button" className="button button--quiet" onClick={() => startEdit(closure)} aria-label={`Change the closure on ${longDate(closure.closedOn)}`}>
                              Change
                            </button>
                            <button type="button" className="button button--quiet" onClick={() => void remove(closure.id, closure.closedOn)} aria-label={`Remove the closure on ${longDate(closure.closedOn)}`}>
                              Remove
                            </button>
                          </>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Loaded>
      </section>
      <SetupAddForm
        className="setup-closures__form" fieldsClassName="setup-closures__fields"
        heading={{ id: 'closure-add-title', text: editing ? `Change the closure on ${longDate(editing.closedOn)}` : 'Add a closed day' }}
        error={error} errors={errors} placed={(path) => path === 'closedOn' || path === 'reason'} isBusy={isBusy}
        submitLabel={editing ? 'Save change' : 'Add closure'} busyLabel={editing ? 'Saving…' : 'Adding…'} onSubmit={save} {...(editing ? { onCancel: clearForm } : {})}
      >
        <TextField ref={dateRef} label="Date" type="date" value={closedOn} onValueChange={setClosedOn} error={errors.closedOn} min={today} required />
        <TextField label="Reason" value={reason} onValueChange={setReason} error={errors.reason} hint="For example: Thanksgiving Day" required fieldClassName="setup-closures__reason" />
      </SetupAddForm>
    </div>
  );
}
