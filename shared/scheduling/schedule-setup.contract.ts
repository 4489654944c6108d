import { z } from 'zod';
import { RESOURCE_KINDS, TIME_OFF_KINDS } from '../db/schema-v1';
import { channel, returns } from '../ipc/channel';
import { isoDate, optionalText, requiredText, timeOfDay, uuid } from '../validation/fields';

/*
 * Scheduling set-up: facility closures and resources, physician–facility assignments, weekly
 * availability templates, time off and blocks. Facility address, coordinates, zone, hours and the
 * full resource list are saved by `facility.save` (shared/admin/facility.contract.ts); the travel
 * buffer between facilities is the clinic setting `travelBufferMinutes` of `clinic.update`.
 */

export type ResourceKind = (typeof RESOURCE_KINDS)[number];
export type TimeOffKind = (typeof TIME_OFF_KINDS)[number];

/** A day a facility is closed (holiday, closure), in the facility's own calendar. */
export interface FacilityClosure {
  readonly id: string;
  readonly facilityId: string;
  readonly closedOn: string;
  readonly reason: string;
}

export interface FacilityResourceRow {
  readonly id: string;
  readonly facilityId: string;
  readonly name: string;
  readonly kind: ResourceKind;
  readonly isActive: boolean;
}

/** A physician as scheduling sees them: where they work. */
export interface SchedulePhysician {
  readonly id: string;
  readonly name: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly credentials: string | null;
  readonly specialty: string | null;
  readonly color: string;
  readonly isActive: boolean;
  readonly facilityIds: readonly string[];
}

/** One span of a weekly availability template, local to the facility's zone. */
export interface AvailabilitySpan {
  readonly id: string;
  readonly physicianId: string;
  readonly facilityId: string;
  /** 0 = Sunday … 6 = Saturday. */
  readonly weekday: number;
  /** `HH:MM` in the facility's zone. */
  readonly start: string;
  readonly end: string;
  /** First date the span applies (inclusive). */
  readonly effectiveFrom: string;
  /** First date it no longer applies (exclusive), or null for open-ended. */
  readonly effectiveTo: string | null;
}

export interface TimeOffEntry {
  readonly id: string;
  readonly physicianId: string;
  /** Null: everywhere (vacation); otherwise a block at one facility. */
  readonly facilityId: string | null;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly kind: TimeOffKind;
  readonly reason: string | null;
}

export const closureInput = z
  .object({ id: uuid.optional(), facilityId: uuid, closedOn: isoDate, reason: requiredText('Reason', 200) })
  .strict();
export const removeByIdInput = z.object({ id: uuid }).strict();

export const resourceInput = z
  .object({ id: uuid.optional(), facilityId: uuid, name: requiredText('Resource name', 100), kind: z.enum(RESOURCE_KINDS), isActive: z.boolean() })
  .strict();

export const physicianFacilitiesInput = z.object({ physicianId: uuid, facilityIds: z.array(uuid).max(100) }).strict();

const span = z
  .object({ weekday: z.number().int().min(0).max(6), start: timeOfDay, end: timeOfDay })
  .strict()
  .refine((s) => s.start < s.end, { message: 'The end must be after the start', path: ['end'] });

/**
 * Replaces the weekly template of one physician at one facility from `effectiveFrom` on: spans in effect
 * before that date end there (history stays), the new spans start there.
 */
export const availabilityInput = z
  .object({
    physicianId: uuid,
    facilityId: uuid,
    effectiveFrom: isoDate,
    effectiveTo: isoDate.nullable(),
    spans: z.array(span).max(7 * 6),
  })
  .strict()
  .refine((a) => a.effectiveTo === null || a.effectiveTo > a.effectiveFrom, { message: 'The end date must be after the start date', path: ['effectiveTo'] });

export const timeOffInput = z
  .object({
    id: uuid.optional(),
    physicianId: uuid,
    facilityId: uuid.nullable(),
    startsAt: z.number().int().positive(),
    endsAt: z.number().int().positive(),
    kind: z.enum(TIME_OFF_KINDS),
    reason: optionalText(200),
  })
  .strict()
  .refine((t) => t.endsAt > t.startsAt, { message: 'The end must be after the start', path: ['endsAt'] });

export const scheduleSetupChannels = {
  'facility.closures': channel({
    description: 'Closure days (holidays) of a facility, optionally within a date range.',
    input: z.object({ facilityId: uuid, from: isoDate.optional(), to: isoDate.optional() }).strict(),
    output: returns<FacilityClosure[]>(),
    permission: 'facility.read',
    phi: 'none',
    writes: false,
  }),
  'facility.saveClosure': channel({
    description: 'Add a closure day to a facility, or change one when `id` is given.',
    input: closureInput,
    output: returns<FacilityClosure>(),
    permission: 'facility.manage',
    phi: 'none',
    writes: true,
  }),
  'facility.removeClosure': channel({
    description: 'Remove a closure day (tombstoned).',
    input: removeByIdInput,
    output: returns<{ id: string }>(),
    permission: 'facility.manage',
    phi: 'none',
    writes: true,
  }),
  'facility.saveResource': channel({
    description: 'Add a room or piece of equipment to a facility, or edit one (set isActive false to retire it).',
    input: resourceInput,
    output: returns<FacilityResourceRow>(),
    permission: 'facility.manage',
    phi: 'none',
    writes: true,
  }),
  'physician.scheduleList': channel({
    description: 'Physicians with the facilities they work at; optionally only those assigned to one facility.',
    input: z.object({ facilityId: uuid.optional(), includeInactive: z.boolean().optional() }).strict(),
    output: returns<SchedulePhysician[]>(),
    permission: 'physician.read',
    phi: 'none',
    writes: false,
  }),
  'physician.setFacilities': channel({
    description: 'Set the facilities a physician works at (assignments not listed are removed).',
    input: physicianFacilitiesInput,
    output: returns<SchedulePhysician>(),
    permission: 'physician.manage',
    phi: 'none',
    writes: true,
  }),
  'availability.list': channel({
    description: 'Weekly availability spans of a physician (all facilities, or one), including ended ones when asked.',
    input: z.object({ physicianId: uuid, facilityId: uuid.optional(), onDate: isoDate.optional() }).strict(),
    output: returns<AvailabilitySpan[]>(),
    permission: 'physician.read',
    phi: 'none',
    writes: false,
  }),
  'availability.save': channel({
    description: 'Replace the weekly availability template of a physician at a facility from a date on.',
    input: availabilityInput,
    output: returns<AvailabilitySpan[]>(),
    permission: 'schedule.configure',
    phi: 'none',
    writes: true,
  }),
  'timeOff.list': channel({
    description: 'Time off and blocks of one or all physicians overlapping a date range (UTC instants).',
    input: z.object({ physicianId: uuid.optional(), from: z.number().int(), to: z.number().int() }).strict(),
    output: returns<TimeOffEntry[]>(),
    permission: 'physician.read',
    phi: 'none',
    writes: false,
  }),
  'timeOff.save': channel({
    description: 'Add time off (everywhere) or a block (at one facility), or change one when `id` is given.',
    input: timeOffInput,
    output: returns<TimeOffEntry>(),
    permission: 'physician.manage',
    phi: 'none',
    writes: true,
  }),
  'timeOff.remove': channel({
    description: 'Remove a time-off entry or block (tombstoned).',
    input: removeByIdInput,
    output: returns<{ id: string }>(),
    permission: 'physician.manage',
    phi: 'none',
    writes: true,
  }),
} as const;
