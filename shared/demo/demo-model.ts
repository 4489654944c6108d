import type { Role } from '../auth/permissions';
import type { NewRow } from '../db/tables';
import type { FacilityClock } from './calendar';
import type { ExamTypeKey, FacilitySite, SpecialtyKey } from './reference-data';

/**
 * The in-memory model the demo passes share. Rows are written out as they are generated; only what a
 * later pass must look up (ids, time zones, rosters, one compact profile per patient) is kept here.
 */

/** Tables the demo clinic fills, in the order the seeder writes them (parents before children). */
export const DEMO_TABLES = [
  'clinics', 'users', 'user_roles', 'facilities', 'user_facilities', 'facility_resources', 'facility_closures',
  'physicians', 'physician_facilities', 'exam_types', 'exam_type_offerings', 'availability_templates', 'time_off',
  'attorneys', 'referring_doctors', 'patients', 'patient_physicians', 'documents', 'document_versions',
  'insurance_policies', 'cases', 'case_physicians', 'referrals', 'appointments', 'invoices', 'invoice_lines', 'claims',
  'payments', 'payment_allocations', 'adjustments', 'procedure_codes', 'fee_schedule_entries',
] as const;
export type DemoTableName = (typeof DEMO_TABLES)[number];

/** Every column present (nullable ones as `null`), so multi-row inserts share one column list. */
export type FullRow<T extends DemoTableName> = Required<NewRow<T>>;

/** One generated row tagged with its table. */
export type DemoRow = { [T in DemoTableName]: { readonly table: T; readonly row: NewRow<T> } }[DemoTableName];

/** How much to generate. Physicians (and, past 45 of them, facilities) grow with `appointments`. */
export interface DemoScale {
  readonly patients: number;
  readonly appointments: number;
}

export interface DemoContext {
  readonly seed: number;
  readonly scale: DemoScale;
  /** The demo's "today"; appointments before it are history, from it on they are upcoming. */
  readonly referenceDate: string;
  /** First date with appointments (about five months before the reference date). */
  readonly windowStart: string;
  /** First date after the last appointment date (about one month after the reference date). */
  readonly windowEnd: string;
  readonly clinicId: string;
  /** Author of every demo row (`created_by`, `updated_by`): an inactive system user. */
  readonly systemUserId: string;
  readonly clinicCreatedAt: number;
}

export interface ResourceModel {
  readonly id: string;
  /** What the resource can host: an exam room, or one kind of imaging machine. */
  readonly capability: 'room' | 'mri' | 'x_ray';
}

export interface FacilityModel {
  readonly index: number;
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly site: FacilitySite;
  readonly clock: FacilityClock;
  /** Opening hours per weekday (0 = Sunday) as `[openMinute, closeMinute]`, or null when closed. */
  readonly hours: readonly (readonly [number, number] | null)[];
  readonly closures: ReadonlySet<string>;
  readonly hasMri: boolean;
  readonly resources: readonly ResourceModel[];
}

export interface ExamTypeModel {
  readonly index: number;
  readonly id: string;
  readonly key: ExamTypeKey;
  readonly name: string;
  readonly durationMinutes: number;
  readonly capability: ResourceModel['capability'];
  readonly isBillable: boolean;
  readonly codes: readonly (readonly [string, readonly string[]])[];
}

export interface TemplateModel {
  readonly physician: number;
  readonly facility: number;
  readonly weekday: number;
  readonly startMinute: number;
  readonly endMinute: number;
  readonly effectiveFrom: string;
  /** Inclusive last date, or null while in force. */
  readonly effectiveTo: string | null;
}

export interface ExamChoice {
  readonly exam: ExamTypeModel;
  readonly weight: number;
}

export interface PhysicianModel {
  readonly index: number;
  readonly id: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly specialty: SpecialtyKey;
  readonly homeFacility: number;
  readonly facilities: readonly number[];
  readonly templates: readonly TemplateModel[];
  /** Vacations and blocks as instant ranges `[startsAt, endsAt)`. */
  readonly unavailable: readonly (readonly [number, number])[];
  /** Exam types this physician books at each facility (the specialty's list, limited to what the site offers). */
  readonly choices: ReadonlyMap<number, readonly ExamChoice[]>;
}

export interface DemoUser {
  readonly username: string;
  readonly password: string;
  readonly userId: string;
  readonly role: Role;
  readonly displayName: string;
}

/** Everything small: the clinic's set-up, ready to be written and to drive the patient and schedule passes. */
export interface DemoMaster {
  readonly context: DemoContext;
  /** The moment the reference date has begun at every facility: the demo's "now". */
  readonly now: number;
  readonly facilities: readonly FacilityModel[];
  readonly physicians: readonly PhysicianModel[];
  readonly examTypes: readonly ExamTypeModel[];
  readonly attorneys: readonly { readonly id: string; readonly name: string; readonly firmName: string }[];
  readonly referringDoctorIds: readonly string[];
  readonly users: readonly DemoUser[];
  /** Probability that a free slot is booked; tuned so the schedule lands near `scale.appointments`. */
  readonly fillRate: number;
  /** Appointments the fill rate is expected to have booked before each date of the window. */
  readonly expectedBefore: ReadonlyMap<string, number>;
  /** Rows of the small tables, in `DEMO_TABLES` order. */
  readonly rows: readonly DemoRow[];
}

/**
 * The columns every synced row carries; the system user authors all demo rows.
 * Spread it as the last member of a row literal: V8 (Node 20) builds `{ ...base, a, b, … }` through a
 * slow path, about 40 µs per row with twenty columns, while `{ a, b, …, ...base }` takes well under 1 µs.
 */
export function syncedColumns(context: DemoContext, id: string, createdAt: number, updatedAt: number = createdAt) {
  return {
    id,
    clinic_id: context.clinicId,
    created_at: createdAt,
    created_by: context.systemUserId,
    updated_at: updatedAt,
    updated_by: context.systemUserId,
    deleted_at: null,
  };
}
