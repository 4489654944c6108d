import type { AppointmentStatus } from './appointment.contract';

/**
 * Status transitions: scheduled → confirmed → checked-in → in-room → completed. A visit may skip
 * confirmation (walk-in check-in), a no-show is marked before arrival, and cancellation (with a reason)
 * is possible until the patient has arrived. Completed, no-show and cancelled are final; a mistaken
 * no-show is corrected by booking again (history stays).
 */
export const STATUS_TRANSITIONS: Readonly<Record<AppointmentStatus, readonly AppointmentStatus[]>> = {
  scheduled: ['confirmed', 'checked_in', 'no_show', 'cancelled'],
  confirmed: ['checked_in', 'no_show', 'cancelled'],
  checked_in: ['in_room', 'completed', 'cancelled'],
  in_room: ['completed'],
  completed: [],
  no_show: [],
  cancelled: [],
};

/** Statuses that hold the slot (count for conflicts). */
export const ACTIVE_STATUSES: readonly AppointmentStatus[] = ['scheduled', 'confirmed', 'checked_in', 'in_room', 'completed'];

export function isActiveStatus(status: string): boolean {
  return status !== 'cancelled' && status !== 'no_show';
}

export function canTransition(from: AppointmentStatus, to: AppointmentStatus): boolean {
  return STATUS_TRANSITIONS[from].includes(to);
}

const LABELS: Record<AppointmentStatus, string> = {
  scheduled: 'scheduled', confirmed: 'confirmed', checked_in: 'checked in', in_room: 'in a room', completed: 'completed', no_show: 'a no-show', cancelled: 'cancelled',
};

export function statusLabel(status: AppointmentStatus): string {
  return LABELS[status];
}
