import { z } from 'zod';
import { channel, returns } from '../ipc/channel';
import { isoDate, optionalText, uuid } from '../validation/fields';

/** A patient waiting for an earlier or any slot of an exam type (facility and physician optional). */
export interface WaitlistEntry {
  readonly id: string;
  readonly patientId: string;
  readonly patientName: string;
  readonly examTypeId: string;
  readonly examTypeName: string;
  readonly facilityId: string | null;
  readonly physicianId: string | null;
  readonly earliestOn: string | null;
  readonly notes: string | null;
  readonly createdAt: number;
  readonly resolvedAt: number | null;
}

export const waitlistAddInput = z
  .object({ patientId: uuid, examTypeId: uuid, facilityId: uuid.nullable(), physicianId: uuid.nullable(), earliestOn: isoDate.nullable(), notes: optionalText(1000) })
  .strict();

export const waitlistChannels = {
  'waitlist.list': channel({
    description: 'Open waitlist entries (of the facilities the user may see), optionally for one facility or exam type.',
    input: z.object({ facilityId: uuid.optional(), examTypeId: uuid.optional(), includeResolved: z.boolean().optional() }).strict(),
    output: returns<WaitlistEntry[]>(),
    permission: 'schedule.read',
    phi: 'read',
    writes: false,
  }),
  'waitlist.add': channel({
    description: 'Put a patient on the waitlist for an exam type.',
    input: waitlistAddInput,
    output: returns<WaitlistEntry>(),
    permission: 'schedule.write',
    phi: 'write',
    writes: true,
  }),
  'waitlist.resolve': channel({
    description: 'Take an entry off the waitlist (booked or no longer needed).',
    input: z.object({ id: uuid }).strict(),
    output: returns<WaitlistEntry>(),
    permission: 'schedule.write',
    phi: 'write',
    writes: true,
  }),
  'waitlist.matches': channel({
    description: 'Waitlist entries that fit the slot a cancelled appointment opened, best first.',
    input: z.object({ appointmentId: uuid }).strict(),
    output: returns<WaitlistEntry[]>(),
    permission: 'schedule.read',
    phi: 'read',
    writes: false,
  }),
} as const;
