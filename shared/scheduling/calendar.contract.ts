import { z } from 'zod';
import { channel, returns } from '../ipc/channel';
import { isoDate, uuid } from '../validation/fields';
import type { AppointmentStatus } from './appointment.contract';

/** Whether the server has confirmed an appointment's latest change; `pending` = still in this device's outbox. */
export type SyncState = 'pending' | 'synced';

/** One appointment on the calendar. Instants are epoch ms; render them in `CalendarFacility.timeZone`. */
export interface CalendarAppointment {
  readonly id: string;
  readonly facilityId: string;
  readonly physicianId: string;
  readonly patientId: string;
  readonly patientName: string;
  readonly examTypeId: string;
  readonly examTypeName: string;
  readonly examTypeColor: string;
  readonly resourceId: string | null;
  readonly resourceName: string | null;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly status: AppointmentStatus;
  readonly seriesId: string | null;
  readonly rescheduledFromId: string | null;
  readonly cancelReason: string | null;
  readonly overrideReason: string | null;
  readonly checkedInAt: number | null;
  readonly completedAt: number | null;
  readonly syncState: SyncState;
}

export interface Interval {
  readonly startsAt: number;
  readonly endsAt: number;
}

/** A physician's column for one day at one facility. */
export interface CalendarColumn {
  readonly physicianId: string;
  readonly physicianName: string;
  readonly color: string;
  /** Windows the physician is bookable here (template minus time off), for shading. */
  readonly availability: readonly Interval[];
  /** Time off and blocks that touch the day. */
  readonly timeOff: readonly (Interval & { readonly id: string; readonly kind: 'time_off' | 'block'; readonly reason: string | null })[];
  /** PHI-free: when the physician is booked at another facility that day (no patient, no exam). */
  readonly busyElsewhere: readonly (Interval & { readonly facilityId: string })[];
  readonly appointments: readonly CalendarAppointment[];
}

export interface CalendarFacility {
  readonly id: string;
  readonly name: string;
  readonly code: string;
  readonly timeZone: string;
  /** An https link that opens the facility in a map service, or null without coordinates. */
  readonly mapUrl: string | null;
}

/** One facility's day, columns per physician, in the facility's time zone (23 or 25 hours on DST days). */
export interface CalendarDay {
  readonly facility: CalendarFacility;
  readonly date: string;
  readonly dayStartsAt: number;
  readonly dayEndsAt: number;
  /** Opening hours that day as instants; empty when closed. */
  readonly openingHours: readonly Interval[];
  /** The closure (holiday) of that day, or null. */
  readonly closure: { readonly id: string; readonly reason: string } | null;
  readonly columns: readonly CalendarColumn[];
}

export interface CalendarWeek {
  readonly facility: CalendarFacility;
  readonly startDate: string;
  /** Seven consecutive days from `startDate`. */
  readonly days: readonly CalendarDay[];
}

/** One patient on today's flow board; waiting minutes count from check-in. */
export interface FlowBoardItem {
  readonly appointment: CalendarAppointment;
  readonly physicianName: string;
  /** Minutes since check-in while checked in or in a room, else null. */
  readonly waitingMinutes: number | null;
  /** Minutes past the start while still scheduled/confirmed (not arrived), else null. */
  readonly lateMinutes: number | null;
}

export interface FlowBoard {
  readonly facility: CalendarFacility;
  readonly date: string;
  /** The instant the board was computed (main's clock). */
  readonly now: number;
  readonly items: readonly FlowBoardItem[];
  readonly counts: Readonly<Record<AppointmentStatus, number>>;
}

const filters = {
  physicianIds: z.array(uuid).max(200).optional(),
  examTypeIds: z.array(uuid).max(200).optional(),
};

export const calendarChannels = {
  'calendar.day': channel({
    description: "One facility's day: a column per physician with availability, time off, busy-elsewhere and appointments.",
    input: z.object({ facilityId: uuid, date: isoDate, ...filters }).strict(),
    output: returns<CalendarDay>(),
    permission: 'schedule.read',
    phi: 'read',
    writes: false,
  }),
  'calendar.week': channel({
    description: "One facility's seven days from startDate, each as calendar.day returns it.",
    input: z.object({ facilityId: uuid, startDate: isoDate, ...filters }).strict(),
    output: returns<CalendarWeek>(),
    permission: 'schedule.read',
    phi: 'read',
    writes: false,
  }),
  'calendar.flowBoard': channel({
    description: "Today's patient flow at a facility (today in the facility's zone unless a date is given).",
    input: z.object({ facilityId: uuid, date: isoDate.optional() }).strict(),
    output: returns<FlowBoard>(),
    permission: 'schedule.read',
    phi: 'read',
    writes: false,
  }),
} as const;
