import { z } from 'zod';
import { APPOINTMENT_EVENT_KINDS } from '../db/schema-v1';
import { channel, returns } from '../ipc/channel';
import { isoDate, optionalText, requiredText, uuid } from '../validation/fields';
import type { AppointmentStatus } from './appointment.contract';
import type { CalendarAppointment } from './calendar.contract';
import type { SchedulingConflict, Slot } from './conflict-types';

/** Kinds of the append-only appointment events (for reminders and messages later). */
export { APPOINTMENT_EVENT_KINDS };
export type AppointmentEventKind = (typeof APPOINTMENT_EVENT_KINDS)[number];

export interface AppointmentEvent {
  readonly id: string;
  readonly appointmentId: string;
  readonly kind: AppointmentEventKind;
  /** When it happened (or, for reminder_due, when the reminder is due). */
  readonly at: number;
  readonly detail: Readonly<Record<string, unknown>>;
}

/** An appointment with where it came from (reschedules) and what happened to it. */
export interface AppointmentDetail extends CalendarAppointment {
  readonly physicianName: string;
  readonly facilityName: string;
  readonly timeZone: string;
  readonly caseId: string | null;
  readonly notes: string | null;
  /** Earlier appointments this one replaced, newest first (rescheduled_from chain). */
  readonly history: readonly { readonly id: string; readonly startsAt: number; readonly endsAt: number; readonly physicianId: string; readonly facilityId: string; readonly status: AppointmentStatus }[];
  readonly events: readonly AppointmentEvent[];
  /** Statuses this appointment may move to next (transition rules). */
  readonly nextStatuses: readonly AppointmentStatus[];
}

/** An override of soft conflicts; allowed only with `schedule.override`. */
export const overrideInput = z.object({ reason: requiredText('Override reason', 500) }).strict();

/** Who, what and where of an appointment (a booking, a check, a series). */
export const placementFields = {
  facilityId: uuid,
  physicianId: uuid,
  patientId: uuid,
  examTypeId: uuid,
  /** Omit to let Medora pick a free room of the kind the exam needs. */
  resourceId: uuid.nullable().optional(),
};

const proposal = {
  ...placementFields,
  startsAt: z.number().int().positive(),
  endsAt: z.number().int().positive(),
};
const endAfterStart = { message: 'The end must be after the start', path: ['endsAt'] };

export const checkInput = z
  .object({ ...proposal, excludeAppointmentId: uuid.optional() })
  .strict()
  .refine((a) => a.endsAt > a.startsAt, endAfterStart);

export const bookInput = z
  .object({ ...proposal, caseId: uuid.nullable().optional(), notes: optionalText(2000), override: overrideInput.optional() })
  .strict()
  .refine((a) => a.endsAt > a.startsAt, endAfterStart);

/** Forward moves; `no_show` and `cancelled` are reached by their own rules (see appointment-status.ts). */
export const STATUS_CHANGES = ['confirmed', 'checked_in', 'in_room', 'completed', 'no_show'] as const;
export const setStatusInput = z.object({ id: uuid, status: z.enum(STATUS_CHANGES) }).strict();

export const cancelInput = z.object({ id: uuid, reason: requiredText('Cancellation reason', 500) }).strict();

export const rescheduleInput = z
  .object({
    id: uuid,
    startsAt: z.number().int().positive(),
    endsAt: z.number().int().positive(),
    physicianId: uuid.optional(),
    facilityId: uuid.optional(),
    resourceId: uuid.nullable().optional(),
    reason: optionalText(500),
    override: overrideInput.optional(),
  })
  .strict()
  .refine((a) => a.endsAt > a.startsAt, endAfterStart);

export const slotsInput = z
  .object({ examTypeId: uuid, facilityId: uuid, from: isoDate, to: isoDate, physicianId: uuid.optional(), patientId: uuid.optional() })
  .strict()
  .refine((a) => a.to >= a.from, { message: 'The end date must not be before the start date', path: ['to'] });

export const nextAvailableInput = z
  .object({
    examTypeId: uuid,
    /** Facilities to search; omitted = every facility the user may book at that offers the exam. */
    facilityIds: z.array(uuid).max(100).optional(),
    physicianIds: z.array(uuid).max(500).optional(),
    /** Search from this instant (default: now). */
    after: z.number().int().positive().optional(),
    /** How far to look, in days (default 28). */
    withinDays: z.number().int().min(1).max(92).optional(),
    /** How many slots to return, earliest first (default 5). */
    limit: z.number().int().min(1).max(50).optional(),
    /** When given, slots where this patient is busy are skipped. */
    patientId: uuid.optional(),
  })
  .strict();

export const rebookIssueInput = z
  .object({ issueId: uuid, slot: z.object({ physicianId: uuid, facilityId: uuid, startsAt: z.number().int().positive(), endsAt: z.number().int().positive(), resourceId: uuid.nullable() }).strict() })
  .strict();

export const bookingChannels = {
  'appointment.get': channel({
    description: 'One appointment with its reschedule history, events and allowed next statuses.',
    input: z.object({ id: uuid }).strict(),
    output: returns<AppointmentDetail>(),
    permission: 'schedule.read',
    phi: 'read',
    writes: false,
  }),
  'appointment.check': channel({
    description: 'Conflicts a proposed appointment would have, without booking it (for the booking form).',
    input: checkInput,
    output: returns<{ conflicts: SchedulingConflict[] }>(),
    permission: 'schedule.read',
    phi: 'read',
    writes: false,
  }),
  'appointment.slots': channel({
    description: 'Free slots for an exam type at a facility over a date range, from assignments and availability.',
    input: slotsInput,
    output: returns<Slot[]>(),
    permission: 'schedule.read',
    phi: 'none',
    writes: false,
  }),
  'appointment.nextAvailable': channel({
    description: 'The earliest free slots for an exam type across physicians and facilities.',
    input: nextAvailableInput,
    output: returns<Slot[]>(),
    permission: 'schedule.read',
    phi: 'none',
    writes: false,
  }),
  'appointment.book': channel({
    description: 'Book an appointment; soft conflicts need an override reason and schedule.override.',
    input: bookInput,
    output: returns<AppointmentDetail>(),
    permission: 'schedule.write',
    phi: 'write',
    writes: true,
  }),
  'appointment.setStatus': channel({
    description: 'Move an appointment along scheduled → confirmed → checked-in → in-room → completed, or mark a no-show.',
    input: setStatusInput,
    output: returns<AppointmentDetail>(),
    permission: 'schedule.write',
    phi: 'write',
    writes: true,
  }),
  'appointment.cancel': channel({
    description: 'Cancel an appointment with a reason.',
    input: cancelInput,
    output: returns<AppointmentDetail>(),
    permission: 'schedule.write',
    phi: 'write',
    writes: true,
  }),
  'appointment.reschedule': channel({
    description: 'Move an appointment: a new appointment replaces it and points back at it (history kept).',
    input: rescheduleInput,
    output: returns<AppointmentDetail>(),
    permission: 'schedule.write',
    phi: 'write',
    writes: true,
  }),
  'appointment.issueAlternatives': channel({
    description: 'For a booking the server refused (a sync issue), the next free slots for the same patient and exam.',
    input: z.object({ issueId: uuid, limit: z.number().int().min(1).max(20).optional() }).strict(),
    output: returns<Slot[]>(),
    permission: 'schedule.write',
    phi: 'none',
    writes: false,
  }),
  'appointment.rebookIssue': channel({
    description: 'Book a refused booking into one of its alternatives and resolve the sync issue, in one action.',
    input: rebookIssueInput,
    output: returns<AppointmentDetail>(),
    permission: 'schedule.write',
    phi: 'write',
    writes: true,
  }),
} as const;
