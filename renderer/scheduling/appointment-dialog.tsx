import type { AppointmentListItem } from '../../shared/scheduling/appointment.contract';
import { localTime } from '../../shared/time/facility-time';
import { longDate, zoneAbbreviation } from '../format/time';
import { localDate } from '../../shared/time/facility-time';
import { Dialog } from '../ui/dialog';
import { ColourSwatch, StatusChip } from './appointment-status';
import { twelveHour } from './calendar-model';

function timeOf(instant: number, timeZone: string): string {
  const [hour, minute] = localTime(instant, timeZone).split(':').map(Number) as [number, number];
  return twelveHour(hour * 60 + minute);
}

/** One appointment's details and what the desk can do with it next. */
export function AppointmentDialog({
  appointment,
  timeZone,
  onClose,
  onMove,
}: {
  appointment: AppointmentListItem | null;
  timeZone: string;
  onClose: () => void;
  onMove: (appointment: AppointmentListItem) => void;
}) {
  const isActive = appointment && appointment.status !== 'cancelled' && appointment.status !== 'no_show' && appointment.status !== 'completed';
  return (
    <Dialog
      open={appointment !== null}
      title={appointment ? `${appointment.patientName}` : 'Appointment'}
      onClose={onClose}
      footer={
        <div className="button-row">
          {isActive && appointment && (
            <button type="button" className="button" onClick={() => onMove(appointment)}>
              Move…
            </button>
          )}
          <button type="button" className="button button--primary" onClick={onClose}>
            Close
          </button>
        </div>
      }
    >
      {appointment && (
        <dl className="details">
          <div>
            <dt>When</dt>
            <dd>
              {longDate(localDate(appointment.startsAt, timeZone))}, {timeOf(appointment.startsAt, timeZone)}–{timeOf(appointment.endsAt, timeZone)}{' '}
              <abbr title={timeZone}>{zoneAbbreviation(appointment.startsAt, timeZone)}</abbr>
            </dd>
          </div>
          <div>
            <dt>Exam</dt>
            <dd className="exam">
              <ColourSwatch colour={appointment.examTypeColor} />
              {appointment.examTypeName}
            </dd>
          </div>
          <div>
            <dt>Physician</dt>
            <dd>{appointment.physicianName}</dd>
          </div>
          <div>
            <dt>Status</dt>
            <dd>
              <StatusChip status={appointment.status} />
            </dd>
          </div>
        </dl>
      )}
    </Dialog>
  );
}
