import { useEffect, useMemo, useRef, type CSSProperties, type KeyboardEvent, type PointerEvent } from 'react';
import type { CalendarAppointment } from '../../shared/scheduling/calendar.contract';
import {
  CURSOR_KEYS,
  SLOT_MINUTES,
  coveringSlot,
  moveCursor,
  nowLine,
  placeColumn,
  slotMinutes,
  twelveHour,
  wallClock,
  type Cursor,
  type CursorKey,
  type DayWindow,
  type Placed,
} from './calendar-model';
import { STATUS_LABELS } from './appointment-status';

/** An appointment as the grid draws it. */
export type GridAppointment = CalendarAppointment & { readonly physicianName: string };

/** Time a column cannot be booked for a reason other than an appointment here (time off, busy at another facility). */
export interface GridBlock {
  readonly id: string;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly label: string;
}

/** One column of the calendar: a physician on the day view, a day on the week view. */
export interface CalendarColumn {
  readonly key: string;
  readonly heading: string;
  readonly subheading?: string;
  readonly date: string;
  /** The physician a booking in this column is for; null on the week view (any physician). */
  readonly physicianId: string | null;
  readonly appointments: readonly GridAppointment[];
  /** Wall-clock minute spans shaded as bookable (the physician's availability, or the facility's hours). */
  readonly open: readonly { start: number; end: number }[];
  readonly blocks: readonly GridBlock[];
  /** A whole-day note such as "Closed: Thanksgiving"; the column is then shaded closed. */
  readonly closedReason?: string | null;
}

/** What the keyboard or pointer asked for at a slot. */
export type SlotAction =
  | { readonly kind: 'open'; readonly appointment: GridAppointment }
  | { readonly kind: 'book'; readonly column: CalendarColumn; readonly minute: number }
  | { readonly kind: 'move'; readonly appointment: GridAppointment }
  | { readonly kind: 'cancel'; readonly appointment: GridAppointment }
  | { readonly kind: 'drop'; readonly appointment: GridAppointment; readonly column: CalendarColumn; readonly minute: number };

const INACTIVE = new Set(['cancelled', 'no_show']);

function firstActive(placed: readonly Placed<GridAppointment>[]): GridAppointment | null {
  const active = placed.filter((entry) => !INACTIVE.has(entry.item.status));
  return (active[0] ?? placed[0])?.item ?? null;
}

function describeAppointment(appointment: GridAppointment, timeZone: string, withPhysician: boolean): string {
  const span = `${wallClock(appointment.startsAt, timeZone)} to ${wallClock(appointment.endsAt, timeZone)}`;
  const who = withPhysician ? `, ${appointment.physicianName}` : '';
  const pending = appointment.syncState === 'pending' ? ', not yet confirmed by the server' : '';
  return `${appointment.patientName}, ${appointment.examTypeName}, ${span}${who}${pending}, ${STATUS_LABELS[appointment.status]}`;
}

function initials(name: string): string {
  return name
    .replace(/^Dr\.?\s+/, '')
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .join('')
    .slice(0, 3);
}

/**
 * The time grid. Rows are 15-minute slots, columns physicians (day) or days (week); it is one ARIA grid
 * with a roving focus, so Tab enters and leaves it in one step and arrows move inside. Appointment blocks
 * are drawn over the cells for the eye (and the mouse, for drag to reschedule); for screen readers each
 * slot cell names the appointment it holds.
 */
export function CalendarGrid({
  label,
  columns,
  window,
  timeZone,
  now,
  cursor,
  onCursor,
  onAction,
  movingId,
  showPhysician,
}: {
  label: string;
  columns: readonly CalendarColumn[];
  window: DayWindow;
  timeZone: string;
  now: number;
  cursor: Cursor;
  onCursor: (cursor: Cursor) => void;
  onAction: (action: SlotAction) => void;
  /** The appointment being moved by keyboard, drawn as a ghost at the cursor. */
  movingId: string | null;
  showPhysician: boolean;
}) {
  const rows = useMemo(() => slotMinutes(window), [window]);
  const placed = useMemo(() => columns.map((column) => placeColumn(column.appointments, column.date, timeZone)), [columns, timeZone]);
  const placedBlocks = useMemo(() => columns.map((column) => placeColumn(column.blocks, column.date, timeZone)), [columns, timeZone]);
  const gridRef = useRef<HTMLDivElement>(null);
  const dragRef = useRef<{ appointment: GridAppointment; pointerId: number; startX: number; startY: number; isDragging: boolean } | null>(null);
  const safeCursor = { column: Math.min(cursor.column, Math.max(0, columns.length - 1)), row: Math.min(cursor.row, Math.max(0, rows.length - 1)) };
  const moving = movingId ? columns.flatMap((column) => column.appointments).find((appointment) => appointment.id === movingId) ?? null : null;

  // Focus follows the cursor while the grid has focus (the roving tabindex pattern).
  useEffect(() => {
    const grid = gridRef.current;
    if (!grid || !grid.contains(document.activeElement)) return;
    const cell = grid.querySelector<HTMLElement>(`[data-cell="${safeCursor.column}:${safeCursor.row}"]`);
    if (cell && cell !== document.activeElement) cell.focus();
    cell?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [safeCursor.column, safeCursor.row]);

  const cellAt = (columnIndex: number, rowIndex: number) => {
    const column = columns[columnIndex];
    const minute = rows[rowIndex];
    if (!column || minute === undefined) return null;
    return { column, minute, here: coveringSlot(placed[columnIndex] ?? [], minute) };
  };

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (CURSOR_KEYS.includes(event.key)) {
      event.preventDefault();
      onCursor(moveCursor(safeCursor, event.key as CursorKey, columns.length, rows.length, event.ctrlKey || event.metaKey));
      return;
    }
    const cell = cellAt(safeCursor.column, safeCursor.row);
    if (!cell) return;
    const appointment = firstActive(cell.here);
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    if (moving) {
      if (key === 'Enter') {
        event.preventDefault();
        onAction({ kind: 'drop', appointment: moving, column: cell.column, minute: cell.minute });
      }
      return;
    }
    if (key === 'Enter' || key === ' ') {
      event.preventDefault();
      onAction(appointment ? { kind: 'open', appointment } : { kind: 'book', column: cell.column, minute: cell.minute });
    } else if (key === 'n' || key === 'b') {
      event.preventDefault();
      onAction({ kind: 'book', column: cell.column, minute: cell.minute });
    } else if (key === 'm' && appointment && !INACTIVE.has(appointment.status)) {
      event.preventDefault();
      onAction({ kind: 'move', appointment });
    } else if ((key === 'Delete' || key === 'x') && appointment && !INACTIVE.has(appointment.status)) {
      event.preventDefault();
      onAction({ kind: 'cancel', appointment });
    }
  }

  /** The cell under a pointer, from the data attributes of the element there. */
  function cellFromPoint(x: number, y: number): { column: CalendarColumn; minute: number } | null {
    const element = document.elementsFromPoint(x, y).find((candidate) => candidate instanceof HTMLElement && candidate.dataset.cell);
    if (!(element instanceof HTMLElement) || !element.dataset.cell) return null;
    const [columnIndex, rowIndex] = element.dataset.cell.split(':').map(Number) as [number, number];
    const cell = cellAt(columnIndex, rowIndex);
    return cell ? { column: cell.column, minute: cell.minute } : null;
  }

  function onBlockPointerDown(event: PointerEvent<HTMLDivElement>, appointment: GridAppointment) {
    if (event.button !== 0) return;
    dragRef.current = { appointment, pointerId: event.pointerId, startX: event.clientX, startY: event.clientY, isDragging: false };
    event.currentTarget.setPointerCapture(event.pointerId);
  }

  function onBlockPointerMove(event: PointerEvent<HTMLDivElement>) {
    const drag = dragRef.current;
    if (!drag || drag.pointerId !== event.pointerId) return;
    if (!drag.isDragging && Math.hypot(event.clientX - drag.startX, event.clientY - drag.startY) > 6) drag.isDragging = true;
    if (!drag.isDragging) return;
    event.currentTarget.classList.add('cal-appt--dragging');
    const target = cellFromPoint(event.clientX, event.clientY);
    gridRef.current?.querySelectorAll('.cal-cell--drop').forEach((cell) => cell.classList.remove('cal-cell--drop'));
    if (target) {
      const index = columns.indexOf(target.column);
      const row = rows.indexOf(target.minute);
      gridRef.current?.querySelector(`[data-cell="${index}:${row}"]`)?.classList.add('cal-cell--drop');
    }
  }

  function onBlockPointerUp(event: PointerEvent<HTMLDivElement>) {
    const drag = dragRef.current;
    dragRef.current = null;
    event.currentTarget.classList.remove('cal-appt--dragging');
    gridRef.current?.querySelectorAll('.cal-cell--drop').forEach((cell) => cell.classList.remove('cal-cell--drop'));
    if (!drag || drag.pointerId !== event.pointerId) return;
    if (!drag.isDragging) {
      onAction({ kind: 'open', appointment: drag.appointment });
      return;
    }
    const target = cellFromPoint(event.clientX, event.clientY);
    if (target && !INACTIVE.has(drag.appointment.status)) onAction({ kind: 'drop', appointment: drag.appointment, ...target });
  }

  const gridStyle = { '--rows': rows.length, '--cols': columns.length } as CSSProperties;
  return (
    <div className="cal-scroll">
      <div
        ref={gridRef}
        className={`cal${moving ? ' cal--moving' : ''}`}
        role="grid"
        aria-label={label}
        aria-rowcount={rows.length + 1}
        aria-colcount={columns.length + 1}
        onKeyDown={onKeyDown}
        style={gridStyle}
      >
        <div role="rowgroup" className="cal__head">
          <div role="row" className="cal__row cal__row--head" aria-rowindex={1}>
            <div role="columnheader" className="cal__corner" aria-colindex={1}>
              <span className="visually-hidden">Time</span>
            </div>
            {columns.map((column, index) => (
              <div role="columnheader" key={column.key} className="cal__colhead" aria-colindex={index + 2}>
                <span className="cal__colhead-title">{column.heading}</span>
                {column.subheading && <span className="cal__colhead-sub">{column.subheading}</span>}
              </div>
            ))}
          </div>
        </div>
        <div role="rowgroup" className="cal__body">
          {rows.map((minute, rowIndex) => (
            <div role="row" key={minute} className={`cal__row${minute % 60 === 0 ? ' cal__row--hour' : ''}`} aria-rowindex={rowIndex + 2}>
              <div role="rowheader" className="cal__time" aria-colindex={1}>
                {minute % 60 === 0 ? twelveHour(minute) : <span className="visually-hidden">{twelveHour(minute)}</span>}
              </div>
              {columns.map((column, columnIndex) => {
                const here = coveringSlot(placed[columnIndex] ?? [], minute);
                const isOpen = !column.closedReason && column.open.some((span) => span.start <= minute && span.end >= minute + SLOT_MINUTES);
                const isCursor = safeCursor.column === columnIndex && safeCursor.row === rowIndex;
                const starting = here.filter((entry) => entry.startMinute >= minute && entry.startMinute < minute + SLOT_MINUTES);
                const continuing = here.filter((entry) => !starting.includes(entry));
                const parts = [`${twelveHour(minute)}, ${column.heading}${column.subheading ? ` ${column.subheading}` : ''}`];
                for (const entry of starting) parts.push(describeAppointment(entry.item, timeZone, showPhysician));
                for (const entry of continuing) parts.push(`${entry.item.patientName} continues until ${wallClock(entry.item.endsAt, timeZone)}`);
                const blocked = coveringSlot(placedBlocks[columnIndex] ?? [], minute);
                for (const entry of blocked) parts.push(entry.item.label);
                if (here.length === 0 && blocked.length === 0) parts.push(column.closedReason ?? (isOpen ? 'free' : 'outside hours'));
                if (isCursor && moving) parts.push(`moving ${moving.patientName} here: press Enter to move, Escape to stop`);
                return (
                  <div
                    role="gridcell"
                    key={column.key}
                    data-cell={`${columnIndex}:${rowIndex}`}
                    className={`cal-cell${isOpen ? ' cal-cell--open' : ''}${isCursor ? ' cal-cell--cursor' : ''}`}
                    aria-colindex={columnIndex + 2}
                    aria-selected={isCursor}
                    aria-label={parts.join('. ')}
                    tabIndex={isCursor ? 0 : -1}
                    onClick={() => onCursor({ column: columnIndex, row: rowIndex })}
                    onDoubleClick={() => here.length === 0 && onAction({ kind: 'book', column, minute })}
                  />
                );
              })}
            </div>
          ))}
        </div>
        <div className="cal__layer" aria-hidden="true">
          {columns.map((column, columnIndex) => {
            const line = nowLine(now, column.date, timeZone, window);
            return (
              <div key={column.key} className="cal__lane" style={{ '--col': columnIndex } as CSSProperties}>
                {column.closedReason && <div className="cal__closed">{column.closedReason}</div>}
                {(placedBlocks[columnIndex] ?? []).map((entry) => (
                  <div
                    key={entry.item.id}
                    className="cal-block"
                    style={{ '--top': Math.max(0, entry.startMinute - window.startMinute) / SLOT_MINUTES, '--span': Math.max(0.6, (Math.min(entry.endMinute, window.endMinute) - Math.max(entry.startMinute, window.startMinute)) / SLOT_MINUTES) } as CSSProperties}
                  >
                    {entry.item.label}
                  </div>
                ))}
                {(placed[columnIndex] ?? []).map((entry) => {
                  const appointment = entry.item;
                  const top = Math.max(0, entry.startMinute - window.startMinute) / SLOT_MINUTES;
                  const span = Math.max(0.6, (Math.min(entry.endMinute, window.endMinute) - Math.max(entry.startMinute, window.startMinute)) / SLOT_MINUTES);
                  const style = { '--top': top, '--span': span, '--lane': entry.lane, '--lanes': entry.lanes, '--exam': appointment.examTypeColor } as CSSProperties;
                  const classes = ['cal-appt', `cal-appt--${appointment.status.replace('_', '-')}`];
                  if (span < 1.5) classes.push('cal-appt--short');
                  if (appointment.syncState === 'pending') classes.push('cal-appt--pending');
                  if (moving?.id === appointment.id) classes.push('cal-appt--moving');
                  return (
                    <div
                      key={appointment.id}
                      className={classes.join(' ')}
                      style={style}
                      title={describeAppointment(appointment, timeZone, true)}
                      onPointerDown={(event) => onBlockPointerDown(event, appointment)}
                      onPointerMove={onBlockPointerMove}
                      onPointerUp={onBlockPointerUp}
                      onPointerCancel={() => (dragRef.current = null)}
                    >
                      <span className="cal-appt__time">{wallClock(appointment.startsAt, timeZone).replace(' ', '\u202f')}</span>
                      <span className="cal-appt__who">{appointment.patientName}</span>
                      <span className="cal-appt__what">
                        {appointment.examTypeName}
                        {showPhysician && ` · ${initials(appointment.physicianName)}`}
                      </span>
                      {appointment.syncState === 'pending' && <span className="cal-appt__flag">Not yet confirmed by the server</span>}
                      {appointment.status !== 'scheduled' && <span className="cal-appt__flag">{STATUS_LABELS[appointment.status]}</span>}
                    </div>
                  );
                })}
                {moving && safeCursor.column === columnIndex && rows[safeCursor.row] !== undefined && (
                  <div
                    className="cal-appt cal-appt--ghost"
                    style={
                      {
                        '--top': safeCursor.row,
                        '--span': (moving.endsAt - moving.startsAt) / 60_000 / SLOT_MINUTES,
                        '--lane': 0,
                        '--lanes': 1,
                        '--exam': moving.examTypeColor,
                      } as CSSProperties
                    }
                  >
                    <span className="cal-appt__time">{twelveHour(rows[safeCursor.row] ?? 0)}</span>
                    <span className="cal-appt__who">{moving.patientName}</span>
                  </div>
                )}
                {line !== null && <div className="cal__now" style={{ '--at': line } as CSSProperties} />}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
