import { z } from 'zod';
import { channel, returns } from '../ipc/channel';
import { PLACE_OF_SERVICE_CODES, RESOURCE_KINDS } from '../db/schema-v1';
import { optionalText, requiredText, timeOfDay, timeZone, uuid } from '../validation/fields';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const openingSpan = z
  .object({ open: timeOfDay, close: timeOfDay })
  .strict()
  .refine((span) => span.open < span.close, { message: 'Closing time must be after opening time', path: ['close'] });

/** Opening hours per weekday in the facility's own time zone; a missing or empty day is closed. */
export const weeklyHours = z.object(Object.fromEntries(WEEKDAYS.map((day) => [day, z.array(openingSpan).max(4).optional()]))).strict();
export type WeeklyHours = Partial<Record<Weekday, { open: string; close: string }[]>>;

export type PlaceOfService = (typeof PLACE_OF_SERVICE_CODES)[number];

/** What each place-of-service code means, as the facility editor offers it (CMS POS code set). */
export const PLACE_OF_SERVICE_LABELS = {
  '02': 'Telehealth, not in the patient\'s home',
  '10': 'Telehealth in the patient\'s home',
  '11': 'Office',
  '12': 'Home',
  '19': 'Off-campus outpatient hospital',
  '22': 'On-campus outpatient hospital',
  '24': 'Ambulatory surgical center',
  '49': 'Independent clinic',
  '71': 'Public health clinic',
  '72': 'Rural health clinic',
  '81': 'Independent laboratory',
} as const satisfies Record<PlaceOfService, string>;

/**
 * A facility's place of service: two digits from `PLACE_OF_SERVICE_CODES`. Left out on an update, the
 * facility keeps the one it has; null means unset (claims then say 11, office).
 */
export const placeOfServiceInput = z
  .string()
  .trim()
  .superRefine((code, check) => {
    if (!/^\d{2}$/.test(code)) check.addIssue({ code: 'custom', message: 'Use the two-digit place-of-service code' });
    else if (!(PLACE_OF_SERVICE_CODES as readonly string[]).includes(code)) check.addIssue({ code: 'custom', message: 'Choose one of the place-of-service codes Medora bills' });
  })
  .transform((code) => code as PlaceOfService);

export interface FacilityResource {
  readonly id: string;
  readonly name: string;
  readonly kind: (typeof RESOURCE_KINDS)[number];
  readonly isActive: boolean;
}

export interface Facility {
  readonly id: string;
  readonly name: string;
  readonly code: string;
  readonly addressLine1: string;
  readonly addressLine2: string | null;
  readonly city: string;
  readonly state: string;
  readonly postalCode: string;
  readonly phone: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly timeZone: string;
  /** CMS place of service of claims for services here (837P CLM05-1, CMS-1500 24B); null is 11, office. */
  readonly placeOfService: PlaceOfService | null;
  readonly hours: WeeklyHours;
  readonly isActive: boolean;
  readonly resources: readonly FacilityResource[];
  readonly updatedAt: number;
}

export const facilityInput = z
  .object({
    id: uuid.optional(),
    name: requiredText('Name'),
    code: z.string().trim().regex(/^[A-Z0-9-]{2,12}$/, 'Use 2–12 capital letters, digits or dashes'),
    addressLine1: requiredText('Address'),
    addressLine2: optionalText(),
    city: requiredText('City', 100),
    state: z.string().trim().regex(/^[A-Z]{2}$/, 'Use the two-letter state code'),
    postalCode: z.string().trim().regex(/^\d{5}(-\d{4})?$/, 'Use a 5 or 9 digit ZIP code'),
    phone: optionalText(30),
    latitude: z.number().min(-90).max(90).nullable(),
    longitude: z.number().min(-180).max(180).nullable(),
    timeZone,
    placeOfService: placeOfServiceInput.nullable().optional(),
    hours: weeklyHours,
    isActive: z.boolean(),
    resources: z
      .array(
        z.object({ id: uuid.optional(), name: requiredText('Resource name', 100), kind: z.enum(RESOURCE_KINDS), isActive: z.boolean() }).strict(),
      )
      .max(100),
  })
  .strict()
  .refine((f) => (f.latitude === null) === (f.longitude === null), {
    message: 'Give both latitude and longitude, or neither',
    path: ['longitude'],
  });
export type FacilityInput = z.infer<typeof facilityInput>;

export const facilityChannels = {
  'facility.list': channel({
    description: 'Facilities of the clinic with their rooms and hours.',
    input: z.object({ includeInactive: z.boolean().optional() }).strict(),
    output: returns<Facility[]>(),
    permission: 'facility.read',
    phi: 'none',
    writes: false,
  }),
  'facility.get': channel({
    description: 'One facility.',
    input: z.object({ id: uuid }).strict(),
    output: returns<Facility>(),
    permission: 'facility.read',
    phi: 'none',
    writes: false,
  }),
  'facility.save': channel({
    description: 'Create a facility, or update one when `id` is given.',
    input: facilityInput,
    output: returns<Facility>(),
    permission: 'facility.manage',
    phi: 'none',
    writes: true,
  }),
} as const;
