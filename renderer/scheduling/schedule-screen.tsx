import { useState } from 'react';
import type { DayAppointments } from '../../shared/scheduling/appointment.contract';
import { WEEKDAYS, type Facility, type Weekday } from '../../shared/admin/facility.contract';
import { addDaysToDate, instantAt, localDate, localTime, weekdayOf } from '../../shared/time/facility-time';
import { longDate, zoneAbbreviation } from '../format/time';
import { useChannel } from '../platform/use-channel';
import { useSession } from '../session/session-context';
import { SelectField, TextField } from '../ui/fields';
import { Card, PageHeader } from '../ui/page';
import { EmptyState, ErrorState, LoadingState } from '../ui/states';
import { ColourSwatch, StatusChip } from './appointment-status';
import { scheduleFacilities } from './facility-scope';

const WEEKDAY_NAMES = ['Sundays', 'Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays'] as const;

function DayTable({ day, facility }: { day: DayAppointments; facility: Facility }) {
  if (day.appointments.length === 0) {
    const weekday = weekdayOf(day.date);
    const isClosed = (facility.hours[WEEKDAYS[weekday] as Weekday] ?? []).length === 0;
    return (
      <EmptyState title="No appointments on this day">
        {isClosed ? `${facility.name} is closed on ${WEEKDAY_NAMES[weekday]}.` : 'Choose another day or facility above.'}
      </EmptyState>
    );
  }
  const active = day.appointments.filter((appointment) => appointment.status !== 'cancelled' && appointment.status !== 'no_show');
  return (
    <>
      <p className="table-caption" id="day-summary">
        {day.appointments.length} {day.appointments.length === 1 ? 'appointment' : 'appointments'}
        {active.length !== day.appointments.length && `, ${active.length} still expected or seen`}
      </p>
      <div className="table-wrap">
        <table className="table" aria-describedby="day-summary">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Patient</th>
              <th scope="col">Exam</th>
              <th scope="col">Physician</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {day.appointments.map((appointment) => (
              <tr key={appointment.id} className={appointment.status === 'cancelled' ? 'row--muted' : undefined}>
                <th scope="row" className="cell--time">
                  {localTime(appointment.startsAt, day.timeZone)}–{localTime(appointment.endsAt, day.timeZone)}{' '}
                  <abbr title={day.timeZone}>{zoneAbbreviation(appointment.startsAt, day.timeZone)}</abbr>
                </th>
                <td>{appointment.patientName}</td>
                <td>
                  <span className="exam">
                    <ColourSwatch colour={appointment.examTypeColor} />
                    {appointment.examTypeName}
                  </span>
                </td>
                <td>{appointment.physicianName}</td>
                <td>
                  <StatusChip status={appointment.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function ScheduleScreen() {
  const { session } = useSession();
  const [facilities, reloadFacilities] = useChannel('facility.list', {});
  const [chosenFacilityId, setChosenFacilityId] = useState<string | null>(null);
  const [chosenDate, setChosenDate] = useState<string | null>(null);

  const options = facilities.status === 'ready' ? scheduleFacilities(session, facilities.value) : [];
  const facility = options.find((candidate) => candidate.id === chosenFacilityId) ?? options[0] ?? null;
  // "Today" is the facility's today: at 11 pm in Chicago it is already tomorrow in New York.
  const today = facility ? localDate(Date.now(), facility.timeZone) : null;
  const date = chosenDate ?? today;
  const [day, reloadDay] = useChannel('appointment.day', facility && date ? { facilityId: facility.id, date } : null);

  if (facilities.status === 'loading') return <LoadingState label="Loading facilities…" />;
  if (facilities.status === 'error') {
    return (
      <>
        <PageHeader title="Schedule" />
        <ErrorState error={facilities.error} onRetry={reloadFacilities} />
      </>
    );
  }
  if (!facility || !date) {
    return (
      <>
        <PageHeader title="Schedule" />
        <EmptyState title="You are not assigned to a facility">
          Ask your clinic administrator to assign you to the facility you work at; its schedule then appears here.
        </EmptyState>
      </>
    );
  }

  const zone = `${zoneAbbreviation(instantAt(date, '12:00', facility.timeZone), facility.timeZone)} (${facility.timeZone})`;
  return (
    <>
      <PageHeader title="Schedule" subtitle={`${longDate(date)} · ${facility.name} · times in ${zone}`} />
      <Card>
        <form className="toolbar" onSubmit={(event) => event.preventDefault()} aria-label="Choose facility and day">
          <SelectField
            label="Facility"
            value={facility.id}
            onValueChange={setChosenFacilityId}
            options={options.map((option) => ({ value: option.id, label: option.isActive ? option.name : `${option.name} (inactive)` }))}
            fieldClassName="toolbar__facility"
          />
          <TextField
            label="Date"
            type="date"
            value={date}
            required
            onValueChange={(value) => value && setChosenDate(value)}
            fieldClassName="toolbar__date"
          />
          <div className="toolbar__buttons" role="group" aria-label="Move by day">
            <button type="button" className="button" onClick={() => setChosenDate(addDaysToDate(date, -1))}>
              <span aria-hidden="true">‹ </span>Previous day
            </button>
            <button type="button" className="button" onClick={() => setChosenDate(today)} disabled={date === today}>
              Today
            </button>
            <button type="button" className="button" onClick={() => setChosenDate(addDaysToDate(date, 1))}>
              Next day<span aria-hidden="true"> ›</span>
            </button>
          </div>
        </form>
        {day.status === 'loading' && <LoadingState label="Loading appointments…" />}
        {day.status === 'error' && <ErrorState error={day.error} onRetry={reloadDay} />}
        {day.status === 'ready' && <DayTable day={day.value} facility={facility} />}
      </Card>
    </>
  );
}
