import type { NewRow } from '../db/tables';
import { DEMO_TABLES, type DemoRow, type DemoScale, type DemoTableName, type DemoUser } from './demo-model';
import { buildMaster, DEMO_PASSWORD } from './master-data';
import { buildPatientProfiles, patientRows, type PatientProfile } from './patients';
import { scheduleRows } from './schedule';

export { DEMO_PASSWORD, DEMO_TABLES };
export type { DemoRow, DemoScale, DemoTableName, DemoUser };

/**
 * Named sizes. `default` is one realistic clinic (three sites, ~15 physicians, six months of
 * appointments); `large` is the stress size the benchmarks and scale tests use.
 */
export const DEMO_SCALES = {
  default: { patients: 5_000, appointments: 25_000 },
  large: { patients: 100_000, appointments: 1_000_000 },
} as const satisfies Record<string, DemoScale>;
export type DemoScaleName = keyof typeof DEMO_SCALES;

/** The demo's fixed "today": output depends only on options, never on the clock. */
export const DEMO_REFERENCE_DATE = '2026-11-28';
export const DEMO_SEED = 20_261_128;

export interface DemoClinicOptions {
  readonly seed?: number;
  readonly scale?: DemoScale | DemoScaleName;
  /** `YYYY-MM-DD`; appointments run from about five months before to one month after it. */
  readonly referenceDate?: string;
}

/**
 * A generated clinic. Every table is a re-iterable stream of rows; iterating twice yields identical
 * rows. `rows()` yields all tables in one pass (parents before children), which is what a seeder
 * should use: the per-table streams re-run the pass that produces their table.
 */
export interface DemoClinic {
  readonly seed: number;
  readonly scale: DemoScale;
  readonly referenceDate: string;
  /** The demo's "now": the moment the reference date has begun at every facility (epoch ms). */
  readonly now: number;
  readonly clinicId: string;
  /** Author (`created_by`/`updated_by`) of every demo row; an inactive user that cannot sign in. */
  readonly systemUserId: string;
  /** One sign-in per role, all with `DEMO_PASSWORD`. */
  readonly users: readonly DemoUser[];
  readonly tables: { readonly [T in DemoTableName]: Iterable<NewRow<T>> };
  rows(): Iterable<DemoRow>;
}

const PATIENT_PASS = new Set<DemoTableName>([
  'patients', 'patient_physicians', 'documents', 'document_versions', 'insurance_policies', 'cases', 'case_physicians', 'referrals',
]);
const SCHEDULE_PASS = new Set<DemoTableName>([
  'appointments', 'invoices', 'invoice_lines', 'claims', 'payments', 'payment_allocations', 'adjustments', 'documents', 'document_versions',
]);

function resolveScale(scale: DemoClinicOptions['scale']): DemoScale {
  const resolved = typeof scale === 'string' ? DEMO_SCALES[scale] : (scale ?? DEMO_SCALES.default);
  if (!resolved) throw new Error(`Unknown demo scale: ${String(scale)}`);
  for (const [name, value] of Object.entries(resolved)) {
    if (!Number.isSafeInteger(value) || value < 1) throw new Error(`Demo scale ${name} must be a positive integer, got ${value}`);
  }
  return { patients: resolved.patients, appointments: resolved.appointments };
}

function* only<T extends DemoTableName>(source: Iterable<DemoRow>, table: T): Generator<NewRow<T>> {
  for (const entry of source) {
    // The tag says which table the row belongs to; TypeScript cannot narrow a union by a generic key.
    if (entry.table === table) yield entry.row as NewRow<T>;
  }
}

function reiterable<T>(produce: () => Iterator<T>): Iterable<T> {
  return { [Symbol.iterator]: produce };
}

/**
 * Generates the demo clinic deterministically: the same seed, scale and reference date give
 * byte-identical rows (ids included) on any machine and in any time zone. Platform-free, so the
 * desktop seeder, the server and tests share it.
 */
export function generateDemoClinic(options: DemoClinicOptions = {}): DemoClinic {
  const seed = options.seed ?? DEMO_SEED;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`The demo seed must be a non-negative integer, got ${seed}`);
  const referenceDate = options.referenceDate ?? DEMO_REFERENCE_DATE;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(referenceDate) || Number.isNaN(Date.parse(`${referenceDate}T00:00:00Z`))) {
    throw new Error(`The reference date must be YYYY-MM-DD, got ${referenceDate}`);
  }
  const scale = resolveScale(options.scale);
  const master = buildMaster({ seed, scale, referenceDate });
  let profiles: PatientProfile[] | null = null;
  const patientProfiles = () => (profiles ??= buildPatientProfiles(master));

  function* allRows(): Generator<DemoRow> {
    yield* master.rows;
    yield* patientRows(master, patientProfiles());
    yield* scheduleRows(master, patientProfiles());
  }

  function* tableRows<T extends DemoTableName>(table: T): Generator<NewRow<T>> {
    yield* only(master.rows, table);
    if (PATIENT_PASS.has(table)) yield* only(patientRows(master, patientProfiles()), table);
    if (SCHEDULE_PASS.has(table)) yield* only(scheduleRows(master, patientProfiles()), table);
  }

  const tables = Object.fromEntries(
    DEMO_TABLES.map((table) => [table, reiterable(() => tableRows(table))]),
  ) as unknown as DemoClinic['tables'];

  return {
    seed,
    scale,
    referenceDate,
    now: master.now,
    clinicId: master.context.clinicId,
    systemUserId: master.context.systemUserId,
    users: master.users,
    tables,
    rows: () => reiterable(() => allRows()),
  };
}
