import { useCallback, useContext, useEffect, useState } from 'react';
import type { Facility } from '../../shared/admin/facility.contract';
import type { AppError } from '../../shared/ipc/result';
import type { DayAppointments } from '../../shared/scheduling/appointment.contract';
import type { CalendarAppointment, CalendarDay, CalendarColumn as PhysicianColumn } from '../../shared/scheduling/calendar.contract';
import { dayBounds, instantAt } from '../../shared/time/facility-time';
import type { Loadable } from '../platform/use-channel';
import { api } from '../platform/api';
import { SessionContext } from '../session/session-context';
import { openSpans } from './calendar-model';

/**
 * Reads a facility's week (`calendar.week`): per day a column per physician with availability, time off,
 * PHI-free busy-elsewhere blocks and appointments (with whether the server has confirmed them).
 *
 * Where this workstation's main process does not serve `calendar.week` yet (it answers `unavailable`),
 * the week is read day by day from `appointment.day`, with the facility's opening hours as availability:
 * the calendar still shows every appointment, only without per-physician shading.
 */
export function useCalendarWeek(facility: Facility | null, startDate: string | null): [Loadable<CalendarDay[]>, () => void] {
  const [state, setState] = useState<Loadable<CalendarDay[]>>({ status: 'loading' });
  const [reloads, setReloads] = useState(0);
  const resumeCount = useContext(SessionContext)?.resumeCount ?? 0;
  const facilityId = facility?.id ?? null;

  useEffect(() => {
    if (!facility || !startDate) return;
    let isCurrent = true;
    setState((previous) => (previous.status === 'ready' && previous.value[0]?.facility.id === facility.id && previous.value[0]?.date === startDate ? previous : { status: 'loading' }));
    void readWeek(facility, startDate).then((next) => {
      if (isCurrent) setState(next);
    });
    return () => {
      isCurrent = false;
    };
  }, [facilityId, startDate, reloads, resumeCount]);

  const reload = useCallback(() => setReloads((count) => count + 1), []);
  return [state, reload];
}

async function readWeek(facility: Facility, startDate: string): Promise<Loadable<CalendarDay[]>> {
  const week = await api.invoke('calendar.week', { facilityId: facility.id, startDate });
  if (week.ok) return { status: 'ready', value: [...week.value.days] };
  if (week.error.code !== 'unavailable') return { status: 'error', error: week.error };
  const dates = Array.from({ length: 7 }, (_, index) => addDays(startDate, index));
  const days = await Promise.all(dates.map((date) => api.invoke('appointment.day', { facilityId: facility.id, date })));
  const failed = days.find((day) => !day.ok);
  if (failed && !failed.ok) return { status: 'error', error: failed.error satisfies AppError };
  return { status: 'ready', value: days.flatMap((day) => (day.ok ? [fromDayList(facility, day.value)] : [])) };
}

function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** A flat day list in the calendar's shape: columns from the physicians booked, the facility's hours as availability. */
function fromDayList(facility: Facility, day: DayAppointments): CalendarDay {
  const bounds = dayBounds(day.date, facility.timeZone);
  const openingHours = openSpans(facility.hours, day.date).map((span) => ({
    startsAt: instantAt(day.date, clock(span.start), facility.timeZone),
    endsAt: instantAt(day.date, clock(span.end), facility.timeZone),
  }));
  const columns = new Map<string, PhysicianColumn>();
  for (const item of day.appointments) {
    const column = columns.get(item.physicianId) ?? { physicianId: item.physicianId, physicianName: item.physicianName, color: '#64748b', availability: openingHours, timeOff: [], busyElsewhere: [], appointments: [] };
    const appointment: CalendarAppointment = {
      id: item.id, facilityId: item.facilityId, physicianId: item.physicianId, patientId: item.patientId, patientName: item.patientName,
      examTypeId: item.examTypeName, examTypeName: item.examTypeName, examTypeColor: item.examTypeColor, resourceId: null, resourceName: null,
      startsAt: item.startsAt, endsAt: item.endsAt, status: item.status, seriesId: null, rescheduledFromId: null, cancelReason: null,
      overrideReason: null, checkedInAt: null, completedAt: null, syncState: 'synced',
    };
    columns.set(item.physicianId, { ...column, appointments: [...column.appointments, appointment] });
  }
  return {
    facility: { id: facility.id, name: facility.name, code: facility.code, timeZone: facility.timeZone, mapUrl: null },
    date: day.date,
    dayStartsAt: bounds.startsAt,
    dayEndsAt: bounds.endsAt,
    openingHours,
    closure: null,
    columns: [...columns.values()].sort((a, b) => a.physicianName.localeCompare(b.physicianName)),
  };
}

function clock(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}
