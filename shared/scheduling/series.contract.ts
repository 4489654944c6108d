import { z } from 'zod';
import { channel, returns } from '../ipc/channel';
import { isoDate, optionalText, requiredText, timeOfDay, uuid } from '../validation/fields';
import { overrideInput, placementFields } from './booking.contract';
import type { SchedulingConflict } from './conflict-types';

/** A recurrence in the facility's zone: these weekdays, at this local time, for this many weeks from startDate. */
export const recurrenceRule = z
  .object({
    startDate: isoDate,
    /** 0 = Sunday … 6 = Saturday. */
    weekdays: z.array(z.number().int().min(0).max(6)).min(1).max(7),
    weeks: z.number().int().min(1).max(52),
    startTime: timeOfDay,
  })
  .strict();
export type RecurrenceRule = z.infer<typeof recurrenceRule>;

const seriesFields = {
  ...placementFields,
  caseId: uuid.nullable().optional(),
  rule: recurrenceRule,
};

export const seriesPreviewInput = z.object(seriesFields).strict();

export const seriesCreateInput = z
  .object({
    ...seriesFields,
    notes: optionalText(2000),
    /** Occurrence dates to leave out (e.g. ones the preview showed in conflict). */
    skipDates: z.array(isoDate).max(400).optional(),
    override: overrideInput.optional(),
  })
  .strict();

/** Which occurrences an edit or cancellation applies to. */
export const SERIES_SCOPES = ['this', 'following', 'all'] as const;
export type SeriesScope = (typeof SERIES_SCOPES)[number];

export const seriesUpdateInput = z
  .object({
    appointmentId: uuid,
    scope: z.enum(SERIES_SCOPES),
    /** New local start time (facility zone); occurrences keep their dates. */
    startTime: timeOfDay.optional(),
    physicianId: uuid.optional(),
    resourceId: uuid.nullable().optional(),
    override: overrideInput.optional(),
  })
  .strict()
  .refine((u) => u.startTime !== undefined || u.physicianId !== undefined || u.resourceId !== undefined, { message: 'Nothing to change', path: ['startTime'] });

export const seriesCancelInput = z.object({ appointmentId: uuid, scope: z.enum(SERIES_SCOPES), reason: requiredText('Cancellation reason', 500) }).strict();

export interface SeriesOccurrence {
  readonly index: number;
  readonly date: string;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly resourceId: string | null;
  readonly conflicts: readonly SchedulingConflict[];
}

export interface SeriesPreview {
  readonly timeZone: string;
  readonly occurrences: readonly SeriesOccurrence[];
  /** True when some occurrence has a conflict that can never be overridden. */
  readonly hasHardConflicts: boolean;
}

export interface SeriesResult {
  readonly seriesId: string;
  /** Appointments created, changed or cancelled, in time order. */
  readonly appointmentIds: readonly string[];
}

export const seriesChannels = {
  'series.preview': channel({
    description: 'Every occurrence of a recurring series with its conflicts, before saving.',
    input: seriesPreviewInput,
    output: returns<SeriesPreview>(),
    permission: 'schedule.read',
    phi: 'read',
    writes: false,
  }),
  'series.create': channel({
    description: 'Book a recurring series as one change; every occurrence is checked.',
    input: seriesCreateInput,
    output: returns<SeriesResult>(),
    permission: 'schedule.write',
    phi: 'write',
    writes: true,
  }),
  'series.update': channel({
    description: 'Change this occurrence, this and the following ones, or all open ones of a series.',
    input: seriesUpdateInput,
    output: returns<SeriesResult>(),
    permission: 'schedule.write',
    phi: 'write',
    writes: true,
  }),
  'series.cancel': channel({
    description: 'Cancel this occurrence, this and the following ones, or all open ones of a series, with a reason.',
    input: seriesCancelInput,
    output: returns<SeriesResult>(),
    permission: 'schedule.write',
    phi: 'write',
    writes: true,
  }),
} as const;
