import { z } from 'zod';
import { RESOURCE_KINDS } from '../db/schema-v1';
import { channel, returns } from '../ipc/channel';
import { requiredText, uuid } from '../validation/fields';

export interface ProcedureCode {
  readonly code: string;
  readonly modifiers: readonly string[];
}

/** An exam (appointment) type: how long, what colour, where and by whom it is offered, what it needs. */
export interface ExamType {
  readonly id: string;
  readonly name: string;
  readonly durationMinutes: number;
  readonly color: string;
  /** The kind of room or equipment it occupies, or null when any room does. */
  readonly resourceKind: (typeof RESOURCE_KINDS)[number] | null;
  readonly isBillable: boolean;
  readonly defaultCodes: readonly ProcedureCode[];
  readonly isActive: boolean;
  /** Facilities that offer it; empty means every facility. */
  readonly facilityIds: readonly string[];
  /** Physicians who perform it; empty means every physician. */
  readonly physicianIds: readonly string[];
}

const procedureCode = z
  .object({
    code: z.string().trim().regex(/^[A-Z0-9]{5}$/, 'Use a 5-character procedure code (CPT or HCPCS)'),
    modifiers: z.array(z.string().trim().regex(/^[A-Z0-9]{2}$/, 'Use 2-character modifiers')).max(4),
  })
  .strict();

export const examTypeInput = z
  .object({
    id: uuid.optional(),
    name: requiredText('Name', 100),
    durationMinutes: z.number().int().min(5).max(8 * 60),
    color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Use a colour like #3366cc'),
    resourceKind: z.enum(RESOURCE_KINDS).nullable(),
    isBillable: z.boolean(),
    defaultCodes: z.array(procedureCode).max(10),
    isActive: z.boolean(),
    facilityIds: z.array(uuid).max(100),
    physicianIds: z.array(uuid).max(500),
  })
  .strict()
  .refine((e) => !e.isBillable || e.defaultCodes.length > 0, { message: 'A billable exam needs at least one procedure code', path: ['defaultCodes'] });
export type ExamTypeInput = z.infer<typeof examTypeInput>;

export const examTypeChannels = {
  'examType.list': channel({
    description: 'Exam types, optionally only those offered at a facility and/or by a physician.',
    input: z.object({ facilityId: uuid.optional(), physicianId: uuid.optional(), includeInactive: z.boolean().optional() }).strict(),
    output: returns<ExamType[]>(),
    permission: 'physician.read',
    phi: 'none',
    writes: false,
  }),
  'examType.save': channel({
    description: 'Create an exam type, or update one when `id` is given (offerings are replaced).',
    input: examTypeInput,
    output: returns<ExamType>(),
    permission: 'schedule.configure',
    phi: 'none',
    writes: true,
  }),
} as const;
