import { z } from 'zod';
import { APPOINTMENT_STATUSES } from '../db/schema-v1';
import { channel, returns } from '../ipc/channel';
import { isoDate, uuid } from '../validation/fields';

export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** One appointment as a day list shows it. Times are instants; the UI renders them in the facility's zone. */
export interface AppointmentListItem {
  readonly id: string;
  readonly facilityId: string;
  readonly physicianId: string;
  readonly physicianName: string;
  readonly patientId: string;
  readonly patientName: string;
  readonly examTypeName: string;
  readonly examTypeColor: string;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly status: AppointmentStatus;
}

export interface DayAppointments {
  readonly facilityId: string;
  readonly timeZone: string;
  readonly date: string;
  /** Day boundaries in the facility's zone (23 or 25 hours long on DST days). */
  readonly dayStartsAt: number;
  readonly dayEndsAt: number;
  readonly appointments: readonly AppointmentListItem[];
}

export const appointmentChannels = {
  'appointment.day': channel({
    description: "Appointments of one facility on one calendar day in that facility's time zone.",
    input: z.object({ facilityId: uuid, date: isoDate, physicianId: uuid.optional() }).strict(),
    output: returns<DayAppointments>(),
    permission: 'schedule.read',
    phi: 'read',
    writes: false,
  }),
} as const;
