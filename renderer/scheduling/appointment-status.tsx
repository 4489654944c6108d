import type { AppointmentStatus } from '../../shared/scheduling/appointment.contract';

export const STATUS_LABELS = {
  scheduled: 'Scheduled',
  confirmed: 'Confirmed',
  checked_in: 'Checked in',
  in_room: 'In room',
  completed: 'Completed',
  no_show: 'No-show',
  cancelled: 'Cancelled',
} as const satisfies Record<AppointmentStatus, string>;

/** A status as a labelled chip; colour repeats the word, it never replaces it. */
export function StatusChip({ status }: { status: AppointmentStatus }) {
  return <span className={`chip chip--status chip--${status.replace('_', '-')}`}>{STATUS_LABELS[status]}</span>;
}

const HEX_COLOUR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/** The exam type's colour as a small swatch; an SVG fill, so no inline style is needed under the CSP. */
export function ColourSwatch({ colour }: { colour: string }) {
  return (
    <svg className="swatch" width="10" height="10" viewBox="0 0 10 10" aria-hidden="true" focusable="false">
      <circle cx="5" cy="5" r="5" fill={HEX_COLOUR.test(colour) ? colour : '#94a3b8'} />
    </svg>
  );
}
