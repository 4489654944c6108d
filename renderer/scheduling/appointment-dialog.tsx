import { useEffect, useState } from 'react';
import type { AppError } from '../../shared/ipc/result';
import type { AppointmentStatus } from '../../shared/scheduling/appointment.contract';
import { STATUS_CHANGES, type AppointmentDetail } from '../../shared/scheduling/booking.contract';
import { SERIES_SCOPES, type SeriesScope } from '../../shared/scheduling/series.contract';
import type { WaitlistEntry } from '../../shared/scheduling/waitlist.contract';
import { localDate } from '../../shared/time/facility-time';
import { longDate, zoneAbbreviation } from '../format/time';
import { api } from '../platform/api';
import { Dialog } from '../ui/dialog';
import { SelectField, TextField } from '../ui/fields';
import { Notice } from '../ui/states';
import { ColourSwatch, STATUS_LABELS, StatusChip } from './appointment-status';
import type { GridAppointment } from './calendar-grid';
import { wallClock } from './calendar-model';
import { SCOPE_LABELS, SeriesEditForm } from './series-edit';

/** The button words for moving an appointment on. */
const STATUS_ACTIONS: Record<(typeof STATUS_CHANGES)[number], string> = {
  confirmed: 'Confirm',
  checked_in: 'Check in',
  in_room: 'In room',
  completed: 'Complete',
  no_show: 'No-show',
};

function isStatusChange(status: AppointmentStatus): status is (typeof STATUS_CHANGES)[number] {
  return (STATUS_CHANGES as readonly string[]).includes(status);
}

interface AppointmentDialogProps {
  appointment: GridAppointment | null;
  /** Opened with the cancel key: the reason field comes first. */
  startCancelling?: boolean;
  timeZone: string;
  canWrite: boolean;
  onClose: () => void;
  onMove: (appointment: GridAppointment) => void;
  onChanged: (message: string) => void;
  onOfferSlot: (entry: WaitlistEntry, freed: GridAppointment) => void;
}

/**
 * One appointment: when, what, who, its status, and what the desk can do next — move it along the flow
 * (confirm, check in, in room, complete, no-show), reschedule it, or cancel it with a reason (for a series:
 * this one, this and the following, or all). After a cancellation the matching waitlist entries are shown,
 * so the freed slot can be offered at once.
 */
export function AppointmentDialog({ appointment, startCancelling = false, ...rest }: AppointmentDialogProps) {
  return (
    <Dialog open={appointment !== null} title={appointment ? appointment.patientName : 'Appointment'} onClose={rest.onClose}>
      {appointment && <AppointmentBody key={appointment.id} appointment={appointment} startCancelling={startCancelling && rest.canWrite} {...rest} />}
    </Dialog>
  );
}

function AppointmentBody({
  appointment,
  startCancelling,
  timeZone,
  canWrite,
  onClose,
  onMove,
  onChanged,
  onOfferSlot,
}: Omit<AppointmentDialogProps, 'appointment' | 'startCancelling'> & { appointment: GridAppointment; startCancelling: boolean }) {
  const [detail, setDetail] = useState<AppointmentDetail | null>(null);
  const [problem, setProblem] = useState<AppError | null>(null);
  const [isCancelling, setCancelling] = useState(startCancelling);
  const [isEditingSeries, setEditingSeries] = useState(false);
  const [reason, setReason] = useState('');
  const [scope, setScope] = useState<SeriesScope>('this');
  const [matches, setMatches] = useState<WaitlistEntry[] | null>(null);
  const [isBusy, setBusy] = useState(false);

  useEffect(() => {
    let isCurrent = true;
    void api.invoke('appointment.get', { id: appointment.id }).then((result) => {
      if (!isCurrent) return;
      if (result.ok) setDetail(result.value);
      else if (result.error.code !== 'unavailable') setProblem(result.error);
    });
    return () => {
      isCurrent = false;
    };
  }, [appointment.id]);

  const shown = detail ?? appointment;
  const status = shown.status;
  const nextStatuses = (detail?.nextStatuses ?? []).filter(isStatusChange);
  const isOpen = status !== 'cancelled' && status !== 'no_show' && status !== 'completed';

  async function setStatus(next: (typeof STATUS_CHANGES)[number]) {
    setBusy(true);
    setProblem(null);
    const result = await api.invoke('appointment.setStatus', { id: appointment.id, status: next });
    setBusy(false);
    if (!result.ok) return setProblem(result.error);
    setDetail(result.value);
    onChanged(`${appointment.patientName}: ${STATUS_LABELS[result.value.status]}.`);
  }

  async function cancel() {
    if (!reason.trim()) return;
    setBusy(true);
    setProblem(null);
    const result =
      shown.seriesId && scope !== 'this'
        ? await api.invoke('series.cancel', { appointmentId: appointment.id, scope, reason: reason.trim() })
        : await api.invoke('appointment.cancel', { id: appointment.id, reason: reason.trim() });
    setBusy(false);
    if (!result.ok) return setProblem(result.error);
    setCancelling(false);
    onChanged(`Cancelled ${appointment.patientName}'s appointment at ${wallClock(appointment.startsAt, timeZone)}.`);
    const waiting = await api.invoke('waitlist.matches', { appointmentId: appointment.id });
    setMatches(waiting.ok ? waiting.value : []);
    const refreshed = await api.invoke('appointment.get', { id: appointment.id });
    if (refreshed.ok) setDetail(refreshed.value);
  }

  return (
    <div className="appointment">
      {problem && <Notice tone="error">{problem.message}</Notice>}
      <dl className="details">
        <div>
          <dt>When</dt>
          <dd>
            {longDate(localDate(shown.startsAt, timeZone))}, {wallClock(shown.startsAt, timeZone)}–{wallClock(shown.endsAt, timeZone)}{' '}
            <abbr title={timeZone}>{zoneAbbreviation(shown.startsAt, timeZone)}</abbr>
          </dd>
        </div>
        <div>
          <dt>Exam</dt>
          <dd className="exam">
            <ColourSwatch colour={shown.examTypeColor} />
            {shown.examTypeName}
            {shown.resourceName && <span className="muted"> · {shown.resourceName}</span>}
          </dd>
        </div>
        <div>
          <dt>Physician</dt>
          <dd>{detail?.physicianName ?? appointment.physicianName}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <StatusChip status={status} />
            {shown.syncState === 'pending' && <span className="chip chip--neutral">Not yet confirmed by the server</span>}
            {shown.cancelReason && <span className="muted"> {shown.cancelReason}</span>}
          </dd>
        </div>
        {shown.seriesId && (
          <div>
            <dt>Series</dt>
            <dd>Part of a recurring series</dd>
          </div>
        )}
        {shown.overrideReason && (
          <div>
            <dt>Booked over</dt>
            <dd>{shown.overrideReason}</dd>
          </div>
        )}
        {detail && detail.history.length > 0 && (
          <div>
            <dt>Moved from</dt>
            <dd>
              {detail.history.map((earlier) => `${longDate(localDate(earlier.startsAt, timeZone))} ${wallClock(earlier.startsAt, timeZone)}`).join('; ')}
            </dd>
          </div>
        )}
      </dl>

      {canWrite && isOpen && !isCancelling && !isEditingSeries && (
        <div className="button-row appointment__actions" role="group" aria-label="Next step">
          {nextStatuses.map((next) => (
            <button key={next} type="button" className={`button${next === 'no_show' ? '' : ' button--primary'}`} disabled={isBusy} onClick={() => void setStatus(next)}>
              {STATUS_ACTIONS[next]}
            </button>
          ))}
          <button type="button" className="button" onClick={() => onMove(appointment)}>
            Reschedule…
          </button>
          {shown.seriesId && (
            <button type="button" className="button" onClick={() => setEditingSeries(true)}>
              Change series…
            </button>
          )}
          <button type="button" className="button button--danger" onClick={() => setCancelling(true)}>
            Cancel appointment…
          </button>
        </div>
      )}

      {isEditingSeries && (
        <SeriesEditForm
          appointment={appointment}
          timeZone={timeZone}
          onCancel={() => setEditingSeries(false)}
          onDone={(_result, message) => {
            setEditingSeries(false);
            onChanged(message);
            onClose();
          }}
        />
      )}

      {isCancelling && (
        <form
          className="form appointment__cancel"
          onSubmit={(event) => {
            event.preventDefault();
            void cancel();
          }}
        >
          <TextField label="Reason for cancelling" value={reason} onValueChange={setReason} required autoFocus hint="For example: patient called, feeling better." />
          {shown.seriesId && (
            <SelectField label="Which appointments" value={scope} onValueChange={(value) => setScope(value as SeriesScope)} options={SERIES_SCOPES.map((option) => ({ value: option, label: SCOPE_LABELS[option] }))} />
          )}
          <div className="button-row">
            <button type="button" className="button" onClick={() => setCancelling(false)}>
              Keep it
            </button>
            <button type="submit" className="button button--danger" disabled={!reason.trim() || isBusy}>
              Cancel appointment
            </button>
          </div>
        </form>
      )}

      {matches && (
        <section className="waitlist-matches" aria-label="Waitlist for this slot">
          <h3 className="waitlist-matches__title">Waiting for a slot like this</h3>
          {matches.length === 0 ? (
            <p className="muted">Nobody on the waitlist matches this slot.</p>
          ) : (
            <ul className="waitlist-matches__list">
              {matches.map((entry) => (
                <li key={entry.id}>
                  <span>
                    <strong>{entry.patientName}</strong> · {entry.examTypeName}
                    {entry.earliestOn && <span className="muted"> · from {entry.earliestOn}</span>}
                  </span>
                  <button type="button" className="button" onClick={() => onOfferSlot(entry, appointment)}>
                    Book into this slot…
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      <div className="form-actions">
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
