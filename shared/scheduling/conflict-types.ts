/**
 * The vocabulary of scheduling conflicts, shared by the pure detector (conflicts.ts), the channels that
 * preview conflicts, and the mutators that refuse them.
 *
 * `hard` conflicts can never be overridden (a physician in two places at once). `soft` ones can be
 * overridden by a role holding `schedule.override`, with a reason that is stored on the appointment and
 * audited.
 */
export const CONFLICT_KINDS = {
  physician_double_booked: 'hard',
  physician_time_off: 'soft',
  outside_availability: 'soft',
  travel_buffer: 'soft',
  patient_double_booked: 'soft',
  room_double_booked: 'soft',
  facility_closed: 'soft',
} as const;
export type ConflictKind = keyof typeof CONFLICT_KINDS;
export type ConflictSeverity = (typeof CONFLICT_KINDS)[ConflictKind];

/** One reason a proposed appointment cannot simply be booked, in plain words naming what collides. */
export interface SchedulingConflict {
  readonly kind: ConflictKind;
  readonly severity: ConflictSeverity;
  /** A sentence a desk user understands, e.g. "Dr. Chen is already booked 09:00–09:30 at East (PHL)." */
  readonly message: string;
  /** The appointment, time-off entry or closure this collides with, when there is one. */
  readonly withId: string | null;
  /** The colliding interval (epoch ms), when there is one. */
  readonly startsAt: number | null;
  readonly endsAt: number | null;
}

/** A bookable opening: a physician free at a facility for the exam's duration, with a room when one is needed. */
export interface Slot {
  readonly physicianId: string;
  readonly physicianName: string;
  readonly facilityId: string;
  readonly facilityName: string;
  readonly timeZone: string;
  readonly startsAt: number;
  readonly endsAt: number;
  /** The room or equipment the slot would use (exam types that need one), else null. */
  readonly resourceId: string | null;
}
