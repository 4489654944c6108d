import { useEffect, useRef } from 'react';
import type { Facility } from '../../shared/admin/facility.contract';
import type { AppointmentStatus } from '../../shared/scheduling/appointment.contract';
import { useChannel } from '../platform/use-channel';
import { EmptyState } from '../ui/states';
import { ColourSwatch } from './appointment-status';
import type { GridAppointment } from './calendar-grid';
import { wallClock } from './calendar-model';

/** The board's columns, in the order a patient moves through the day. */
export const FLOW_COLUMNS: readonly { title: string; statuses: readonly AppointmentStatus[]; hint: string }[] = [
  { title: 'Expected', statuses: ['scheduled', 'confirmed'], hint: 'Not arrived yet' },
  { title: 'Arrived', statuses: ['checked_in'], hint: 'Checked in, waiting' },
  { title: 'In room', statuses: ['in_room'], hint: 'With the physician or technologist' },
  { title: 'Completed', statuses: ['completed'], hint: 'Seen today' },
  { title: 'No-show', statuses: ['no_show'], hint: 'Did not come' },
];

/**
 * Today's patient flow at one facility: who is expected, arrived, in a room, done or missing. Each card
 * opens the appointment, where its status moves on. Cancelled appointments are left out (nobody is coming).
 * How long an arrived patient has waited and how late an expected one is come from main's clock
 * (`calendar.flowBoard`), read again whenever an appointment on the board changes.
 */
export function FlowBoard({ appointments: all, facility, date, physicianId, onOpen }: { appointments: readonly GridAppointment[]; facility: Facility; date: string; physicianId: string; onOpen: (appointment: GridAppointment) => void }) {
  const appointments = [...all].sort((a, b) => a.startsAt - b.startsAt).filter((appointment) => appointment.status !== 'cancelled' && (!physicianId || appointment.physicianId === physicianId));
  const [board, reloadBoard] = useChannel('calendar.flowBoard', { facilityId: facility.id, date });
  const boardKey = appointments.map((appointment) => `${appointment.id}:${appointment.status}`).join(',');
  const readFor = useRef(boardKey);
  useEffect(() => {
    if (readFor.current === boardKey) return;
    readFor.current = boardKey;
    reloadBoard();
  }, [boardKey, reloadBoard]);
  const timings = new Map(board.status === 'ready' ? board.value.items.map((item) => [item.appointment.id, item] as const) : []);
  if (appointments.length === 0) {
    return <EmptyState title="Nobody is booked here today">{`Today's appointments at ${facility.name} appear here as patients arrive.`}</EmptyState>;
  }
  return (
    <div className="flow">
      {FLOW_COLUMNS.map((column) => {
        const cards = appointments.filter((appointment) => column.statuses.includes(appointment.status));
        const headingId = `flow-${column.title.toLowerCase().replace(/\W+/g, '-')}`;
        return (
          <section key={column.title} className="flow__column" aria-labelledby={headingId}>
            <h2 className="flow__title" id={headingId}>
              {column.title} <span className="flow__count">{cards.length}</span>
            </h2>
            <p className="flow__hint">{column.hint}</p>
            {cards.length === 0 ? (
              <p className="flow__empty">None</p>
            ) : (
              <ul className="flow__cards">
                {cards.map((appointment) => (
                  <li key={appointment.id}>
                    <button type="button" className="flow-card" onClick={() => onOpen(appointment)}>
                      <span className="flow-card__line">
                        <span className="flow-card__time">{wallClock(appointment.startsAt, facility.timeZone)}</span>
                        <span className="flow-card__who">{appointment.patientName}</span>
                      </span>
                      <span className="flow-card__what">
                        <ColourSwatch colour={appointment.examTypeColor} />
                        {appointment.examTypeName}
                      </span>
                      <span className="flow-card__doctor">
                        {appointment.physicianName}
                        {appointment.resourceName && ` · ${appointment.resourceName}`}
                        {appointment.syncState === 'pending' && ' · not yet confirmed by the server'}
                      </span>
                      <FlowTiming waitingMinutes={timings.get(appointment.id)?.waitingMinutes ?? null} lateMinutes={timings.get(appointment.id)?.lateMinutes ?? null} />
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}

/** "Waiting 12 min" for an arrived patient, "12 min late" for one not yet arrived; nothing otherwise. */
function FlowTiming({ waitingMinutes, lateMinutes }: { waitingMinutes: number | null; lateMinutes: number | null }) {
  if (waitingMinutes !== null) return <span className="flow-card__timing">Waiting {waitingMinutes} min</span>;
  if (lateMinutes !== null && lateMinutes > 0) return <span className="flow-card__timing flow-card__timing--late">{lateMinutes} min late</span>;
  return null;
}
