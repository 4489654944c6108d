import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Facility } from '../../shared/admin/facility.contract';
import { can } from '../../shared/auth/permissions';
import type { CalendarDay } from '../../shared/scheduling/calendar.contract';
import { addDaysToDate, instantAt, localDate } from '../../shared/time/facility-time';
import { hrefFor, navigate } from '../app/route';
import { longDate, zoneAbbreviation } from '../format/time';
import { useChannel } from '../platform/use-channel';
import { useSession } from '../session/session-context';
import { SelectField, TextField } from '../ui/fields';
import { Card, PageHeader } from '../ui/page';
import { EmptyState, ErrorState, LoadingState, Notice } from '../ui/states';
import { useNow } from '../ui/use-now';
import { ViewTabs } from '../ui/view-tabs';
import { AppointmentDialog } from './appointment-dialog';
import { ColourSwatch } from './appointment-status';
import { BookingDialog, type BookingStart, type PatientChoice } from './booking-dialog';
import { CalendarGrid, type CalendarColumn, type GridAppointment, type GridBlock, type SlotAction } from './calendar-grid';
import { dayWindow, minuteOfDay, slotMinutes, twelveHour, weekOf, type Cursor } from './calendar-model';
import { scheduleFacilities } from './facility-scope';
import { FlowBoard } from './flow-board';
import { KeyboardHelp } from './keyboard-help';
import { MoveDialog, type MoveTarget } from './move-dialog';
import { useCalendarWeek } from './use-calendar';
import { WaitlistPanel } from './waitlist-panel';

export const SCHEDULE_VIEWS = ['day', 'week', 'flow', 'waitlist'] as const;
export type ScheduleView = (typeof SCHEDULE_VIEWS)[number];
const VIEW_LABELS: Record<ScheduleView, string> = { day: 'Day', week: 'Week', flow: 'Flow board', waitlist: 'Waitlist' };

function isView(value: string | undefined): value is ScheduleView {
  return SCHEDULE_VIEWS.some((view) => view === value);
}

const shortDay = (date: string) => {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', weekday: 'short', month: 'short', day: 'numeric' }).format(Date.UTC(year, month - 1, day));
};

interface Physician {
  readonly id: string;
  readonly name: string;
}

/** The physicians with a column in a set of days, by name: the columns of the day view. */
function physiciansOf(days: readonly CalendarDay[]): Physician[] {
  const byId = new Map<string, string>();
  for (const day of days) for (const column of day.columns) byId.set(column.physicianId, column.physicianName);
  return [...byId].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
}

/** Every appointment of a day with its physician's name, for the grid. */
function appointmentsOf(day: CalendarDay | undefined): GridAppointment[] {
  return (day?.columns ?? []).flatMap((column) => column.appointments.map((appointment) => ({ ...appointment, physicianName: column.physicianName })));
}

function examTypesOf(days: readonly CalendarDay[]): { id: string; name: string; color: string }[] {
  const byId = new Map<string, { id: string; name: string; color: string }>();
  for (const appointment of days.flatMap(appointmentsOf)) byId.set(appointment.examTypeId, { id: appointment.examTypeId, name: appointment.examTypeName, color: appointment.examTypeColor });
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The patients on these days' calendar: who the desk can book without a clinic-wide search. */
function patientsOf(days: readonly CalendarDay[]): PatientChoice[] {
  const byId = new Map<string, string>();
  for (const appointment of days.flatMap(appointmentsOf)) byId.set(appointment.patientId, appointment.patientName);
  return [...byId].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
}

/** Wall-clock minute spans of a list of intervals on a date. */
function minuteSpans(intervals: readonly { startsAt: number; endsAt: number }[], timeZone: string): { start: number; end: number }[] {
  return intervals.map((interval) => ({ start: minuteOfDay(interval.startsAt, timeZone), end: minuteOfDay(interval.endsAt, timeZone) || 24 * 60 }));
}

function blocksOf(day: CalendarDay | undefined, physicianId: string | null): GridBlock[] {
  const columns = (day?.columns ?? []).filter((column) => !physicianId || column.physicianId === physicianId);
  return columns.flatMap((column) => [
    ...column.timeOff.map((entry) => ({ id: entry.id, startsAt: entry.startsAt, endsAt: entry.endsAt, label: `${entry.kind === 'block' ? 'Blocked' : 'Time off'}${entry.reason ? `: ${entry.reason}` : ''}` })),
    ...column.busyElsewhere.map((entry, index) => ({ id: `${column.physicianId}-busy-${index}`, startsAt: entry.startsAt, endsAt: entry.endsAt, label: 'Busy at another facility' })),
  ]);
}

/**
 * The front desk's day: a facility's calendar by physician (day) or by day (week), today's patient-flow
 * board, filters by physician and exam type, everything in the facility's time zone. The facility picker
 * offers only the facilities the user may schedule at; main applies the same row scope to every read.
 */
export function ScheduleScreen({ view: routeView }: { view?: string | undefined }) {
  const view: ScheduleView = isView(routeView) ? routeView : 'day';
  const { session } = useSession();
  const [facilities, reloadFacilities] = useChannel('facility.list', {});
  const [chosenFacilityId, setChosenFacilityId] = useState<string | null>(null);
  const [chosenDate, setChosenDate] = useState<string | null>(null);
  const [physicianFilter, setPhysicianFilter] = useState('');
  const [examFilter, setExamFilter] = useState('');
  const [cursor, setCursor] = useState<Cursor>({ column: 0, row: 0 });
  const [opened, setOpened] = useState<GridAppointment | null>(null);
  const [openedToCancel, setOpenedToCancel] = useState(false);
  const [moving, setMoving] = useState<GridAppointment | null>(null);
  const [moveTarget, setMoveTarget] = useState<MoveTarget | null>(null);
  const [booking, setBooking] = useState<BookingStart | null>(null);
  const [message, setMessage] = useState<{ tone: 'success' | 'error' | 'info'; text: string } | null>(null);
  const now = useNow(true, 60_000);

  const options = facilities.status === 'ready' ? scheduleFacilities(session, facilities.value) : [];
  const facility: Facility | null = options.find((candidate) => candidate.id === chosenFacilityId) ?? options[0] ?? null;
  // "Today" is the facility's today: at 11 pm in Chicago it is already tomorrow in New York.
  const today = facility ? localDate(now, facility.timeZone) : null;
  const date = view === 'flow' ? today : (chosenDate ?? today);
  const week = useMemo(() => (date ? weekOf(date) : []), [date]);
  const [days, reloadDays] = useCalendarWeek(facility, week[0] ?? null);
  const canWrite = can(session, 'schedule.write');

  // Escape leaves keyboard move mode from anywhere on the screen.
  useEffect(() => {
    if (!moving) return;
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key === 'Escape') {
        setMoving(null);
        setMessage({ tone: 'info', text: 'Move stopped; nothing was changed.' });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [moving]);

  if (facilities.status === 'loading') return <LoadingState label="Loading facilities…" />;
  if (facilities.status === 'error') {
    return (
      <>
        <PageHeader title="Schedule" />
        <ErrorState error={facilities.error} onRetry={reloadFacilities} />
      </>
    );
  }
  if (!facility || !date || !today) {
    return (
      <>
        <PageHeader title="Schedule" />
        <EmptyState title="You are not assigned to a facility">
          Ask your clinic administrator to assign you to the facility you work at; its schedule then appears here.
        </EmptyState>
      </>
    );
  }

  const zoneShort = zoneAbbreviation(instantAt(date, '12:00', facility.timeZone), facility.timeZone);
  const zone = `${zoneShort} (${facility.timeZone})`;
  const stepDays = view === 'week' ? 7 : 1;
  const title = view === 'week' ? `Week of ${longDate(week[0] ?? date)}` : longDate(date);

  const ready = days.status === 'ready' ? days.value.filter((day) => day.facility.id === facility.id) : [];
  const physicians = physiciansOf(ready);
  const examTypes = examTypesOf(ready);
  const dayData = (on: string) => ready.find((day) => day.date === on);
  // The week is one physician's week (all physicians' weeks side by side are unreadable): the chosen one, else the first.
  const physicianId = view === 'week' && !physicianFilter ? (physicians[0]?.id ?? '') : physicianFilter;
  const matches = (appointment: GridAppointment) =>
    (!physicianId || appointment.physicianId === physicianId) && (!examFilter || appointment.examTypeId === examFilter);

  function act(action: SlotAction) {
    switch (action.kind) {
      case 'open':
        setOpenedToCancel(false);
        setOpened(action.appointment);
        return;
      case 'move':
        setMoving(action.appointment);
        setMessage({ tone: 'info', text: `Moving ${action.appointment.patientName}: choose a slot with the arrow keys and press Enter, or Escape to stop.` });
        return;
      case 'drop': {
        setMoving(null);
        const physician = action.column.physicianId ?? action.appointment.physicianId;
        setMoveTarget({
          appointment: action.appointment,
          facilityId: facility?.id ?? action.appointment.facilityId,
          physicianId: physician,
          physicianName: physicians.find((candidate) => candidate.id === physician)?.name ?? action.appointment.physicianName,
          date: action.column.date,
          minute: action.minute,
        });
        return;
      }
      case 'book':
        if (!canWrite || !facility) return;
        setBooking({ facilityId: facility.id, physicianId: action.column.physicianId, date: action.column.date, minute: action.minute });
        return;
      case 'cancel':
        setOpenedToCancel(true);
        setOpened(action.appointment);
        return;
    }
  }

  let body: ReactNode;
  if (days.status === 'loading') body = <LoadingState label="Loading appointments…" />;
  else if (days.status === 'error') body = <ErrorState error={days.error} onRetry={reloadDays} />;
  else if (view === 'flow') {
    body = <FlowBoard appointments={appointmentsOf(dayData(today))} facility={facility} date={today} physicianId={physicianFilter} onOpen={setOpened} />;
  } else if (view === 'waitlist') {
    body = <WaitlistPanel facility={facility} canWrite={canWrite} patients={patientsOf(ready)} />;
  } else {
    const shownDates = view === 'week' ? week : [date];
    const booked = shownDates.flatMap((on) => minuteSpans(appointmentsOf(dayData(on)), facility.timeZone));
    const window = dayWindow(facility.hours, shownDates, booked);
    const dayOf = (on: string) => appointmentsOf(dayData(on));
    const closedReason = (on: string) => {
      const day = dayData(on);
      if (day?.closure) return `Closed: ${day.closure.reason}`;
      return day && day.openingHours.length === 0 ? `${facility.name} is closed` : null;
    };
    const availabilityOf = (on: string, physician: string | null) => {
      const day = dayData(on);
      const column = physician ? day?.columns.find((candidate) => candidate.physicianId === physician) : undefined;
      return minuteSpans(column ? column.availability : (day?.openingHours ?? []), facility.timeZone);
    };
    const columns: CalendarColumn[] =
      view === 'week'
        ? week.map((on) => ({
            key: on,
            heading: shortDay(on),
            subheading: on === today ? 'Today' : undefined,
            date: on,
            physicianId: physicianId || null,
            appointments: dayOf(on).filter(matches),
            open: availabilityOf(on, physicianId || null),
            blocks: blocksOf(dayData(on), physicianId || null),
            closedReason: closedReason(on),
          }))
        : physicians
            .filter((physician) => !physicianFilter || physician.id === physicianFilter)
            .map((physician) => ({
              key: physician.id,
              heading: physician.name,
              subheading: `${dayOf(date).filter((appointment) => appointment.physicianId === physician.id && appointment.status !== 'cancelled').length} booked`,
              date,
              physicianId: physician.id,
              appointments: dayOf(date).filter((appointment) => appointment.physicianId === physician.id && matches(appointment)),
              open: availabilityOf(date, physician.id),
              blocks: blocksOf(dayData(date), physician.id),
              closedReason: closedReason(date),
            }));
    const rows = slotMinutes(window);
    const cursorLabel = rows[cursor.row] !== undefined && columns[cursor.column] ? `${twelveHour(rows[cursor.row] ?? 0)} · ${columns[cursor.column]?.heading}` : '';
    body =
      columns.length === 0 ? (
        <EmptyState title={view === 'day' && dayOf(date).length === 0 ? 'No appointments on this day' : 'Nothing matches the filters'}>
          {closedReason(date) ?? 'No physician has appointments here this week. Choose another day or facility above.'}
        </EmptyState>
      ) : (
        <>
          <p className="cal-status" aria-live="polite">
            <span>{cursorLabel}</span>
            {moving && <span className="cal-status__moving">Moving {moving.patientName}</span>}
          </p>
          <CalendarGrid
            label={`${view === 'week' ? 'Week' : 'Day'} calendar, ${facility.name}, times in ${zone}`}
            columns={columns}
            window={window}
            timeZone={facility.timeZone}
            now={now}
            cursor={cursor}
            onCursor={setCursor}
            onAction={act}
            movingId={moving?.id ?? null}
            showPhysician={false}
          />
        </>
      );
  }

  return (
    <>
      <PageHeader
        title="Schedule"
        actions={
          canWrite && (
            <button type="button" className="button button--primary" onClick={() => setBooking({ facilityId: facility.id, physicianId: physicianFilter || null, date, minute: null })}>
              Book appointment
            </button>
          )
        }
        subtitle={
          <>
            {view === 'flow' ? `Today, ${longDate(today)}` : view === 'waitlist' ? 'Waitlist' : title} · {facility.name} ·{' '}
            <span className="zone-badge">times in {zone}</span>
          </>
        }
      />
      <Card className="schedule">
        <ViewTabs label="Schedule views" current={view} tabs={SCHEDULE_VIEWS.map((id) => ({ id, label: VIEW_LABELS[id], href: hrefFor('schedule', id) }))} />
        <form className="toolbar toolbar--schedule" onSubmit={(event) => event.preventDefault()} aria-label="Choose facility, day and filters">
          <SelectField
            label="Facility"
            value={facility.id}
            onValueChange={(id) => {
              setChosenFacilityId(id);
              setPhysicianFilter('');
            }}
            options={options.map((option) => ({ value: option.id, label: option.isActive ? option.name : `${option.name} (inactive)` }))}
            fieldClassName="toolbar__facility"
          />
          {(view === 'day' || view === 'week') && (
            <>
              <TextField label="Date" type="date" value={date} required onValueChange={(value) => value && setChosenDate(value)} fieldClassName="toolbar__date" />
              <div className="toolbar__buttons" role="group" aria-label={view === 'week' ? 'Move by week' : 'Move by day'}>
                <button type="button" className="button toolbar__step" aria-label={`Previous ${view === 'week' ? 'week' : 'day'}`} title={`Previous ${view === 'week' ? 'week' : 'day'}`} onClick={() => setChosenDate(addDaysToDate(date, -stepDays))}>
                  <span aria-hidden="true">‹</span>
                </button>
                <button type="button" className="button" onClick={() => setChosenDate(today)} disabled={date === today}>
                  Today
                </button>
                <button type="button" className="button toolbar__step" aria-label={`Next ${view === 'week' ? 'week' : 'day'}`} title={`Next ${view === 'week' ? 'week' : 'day'}`} onClick={() => setChosenDate(addDaysToDate(date, stepDays))}>
                  <span aria-hidden="true">›</span>
                </button>
              </div>
            </>
          )}
          <SelectField
            label="Physician"
            value={physicianId}
            onValueChange={setPhysicianFilter}
            options={[
              ...(view === 'week' ? [] : [{ value: '', label: 'All physicians' }]),
              ...physicians.map((physician) => ({ value: physician.id, label: physician.name })),
            ]}
            fieldClassName="toolbar__physician"
          />
          {(view === 'day' || view === 'week') && (
            <SelectField
              label="Exam type"
              value={examFilter}
              onValueChange={setExamFilter}
              options={[{ value: '', label: 'All exam types' }, ...examTypes.map((exam) => ({ value: exam.id, label: exam.name }))]}
              fieldClassName="toolbar__exam"
            />
          )}
        </form>
        {message && <Notice tone={message.tone}>{message.text}</Notice>}
        {body}
        {(view === 'day' || view === 'week') && examTypes.length > 0 && (
          <ul className="legend" aria-label="Exam type colours">
            {examTypes.map((exam) => (
              <li key={exam.name} className="legend__item">
                <ColourSwatch colour={exam.color} />
                {exam.name}
              </li>
            ))}
          </ul>
        )}
        {(view === 'day' || view === 'week') && <KeyboardHelp />}
      </Card>
      <AppointmentDialog
        appointment={opened}
        startCancelling={openedToCancel}
        timeZone={facility.timeZone}
        canWrite={canWrite}
        onClose={() => setOpened(null)}
        onMove={(appointment) => {
          setOpened(null);
          if (view !== 'day' && view !== 'week') navigate('schedule', 'day');
          act({ kind: 'move', appointment });
        }}
        onChanged={(text) => {
          setMessage({ tone: 'success', text });
          reloadDays();
        }}
        onOfferSlot={(entry, freed) => {
          setOpened(null);
          setBooking({
            facilityId: freed.facilityId,
            physicianId: freed.physicianId,
            date: localDate(freed.startsAt, facility.timeZone),
            minute: minuteOfDay(freed.startsAt, facility.timeZone),
            patient: { id: entry.patientId, name: entry.patientName },
            examTypeId: entry.examTypeId,
          });
        }}
      />
      <MoveDialog
        target={moveTarget}
        timeZone={facility.timeZone}
        onClose={() => setMoveTarget(null)}
        onMoved={(text) => {
          setMoveTarget(null);
          setMessage({ tone: 'success', text });
          reloadDays();
        }}
      />
      <BookingDialog
        start={booking}
        facilities={options}
        patients={patientsOf(ready)}
        onClose={() => setBooking(null)}
        onBooked={(text) => {
          setBooking(null);
          setMessage({ tone: 'success', text });
          reloadDays();
        }}
      />
    </>
  );
}
