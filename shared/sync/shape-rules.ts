import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { can, type Subject } from '../auth/permissions';
import { appointmentScope, auditScope, caseScope, invoiceScope, patientScope, scopesOf, userScope } from '../auth/row-scopes';
import type { Database, SyncedTableName } from '../db/tables';

/**
 * Which rows of each synced table a device receives for its user: the server's shapes. The filters
 * are the row scopes of shared/auth/row-scopes.ts, so a device never holds a row its user may not see
 * (DESIGN.md: scopes enforced three times by the same rules). `null` means the table is not synced
 * to this user at all.
 */
export type ShapeFilter<T extends keyof Database> = (eb: ExpressionBuilder<Database, T>) => Expression<SqlBool>;

export interface ShapeRule<T extends keyof Database> {
  readonly filter: ShapeFilter<T>;
  /** Columns replaced by null (nullable) or a neutral value (not null) before leaving the server. */
  readonly redact?: Readonly<Record<string, string | null>>;
}

type Rules = { [T in SyncedTableName]: (subject: Subject, clientId: string) => ShapeRule<T> | null };

const STAFF_ROLES = new Set(['clinic_admin', 'executive', 'physician', 'front_desk', 'billing']);
const isStaff = (subject: Subject) => subject.roles.some((role) => STAFF_ROLES.has(role));
const isExternal = (subject: Subject) => subject.roles.some((role) => role === 'attorney' || role === 'referring_doctor');
const yes = sql<SqlBool>`1 = 1`;

function clinicWide<T extends keyof Database>(table: T, subject: Subject): ShapeRule<T> {
  return { filter: (eb) => eb(sql.ref(`${table}.clinic_id`), '=', subject.clinicId) };
}

/** A builder without outer tables, for subqueries inside the generic helpers below. */
function plain<T extends keyof Database>(eb: ExpressionBuilder<Database, T>): ExpressionBuilder<Database, never> {
  return eb as unknown as ExpressionBuilder<Database, never>;
}

/** Rows whose `patient_id` is a patient the subject may see. */
function byPatient<T extends keyof Database>(table: T, subject: Subject): ShapeRule<T> | null {
  if (scopesOf(subject, 'patient').length === 0) return null;
  return {
    filter: (eb) =>
      eb.and([
        eb(sql.ref(`${table}.clinic_id`), '=', subject.clinicId),
        eb(sql.ref(`${table}.patient_id`), 'in', plain(eb).selectFrom('patients').select('patients.id').where(patientScope(subject))),
      ]),
  };
}

/** Rows whose `invoice_id` is an invoice the subject may see. */
function byInvoice<T extends keyof Database>(table: T, subject: Subject): ShapeRule<T> | null {
  if (scopesOf(subject, 'invoice').length === 0) return null;
  return {
    filter: (eb) =>
      eb.and([
        eb(sql.ref(`${table}.clinic_id`), '=', subject.clinicId),
        eb(sql.ref(`${table}.invoice_id`), 'in', plain(eb).selectFrom('invoices').select('invoices.id').where(invoiceScope(subject))),
      ]),
  };
}

/**
 * The PHI-free billing summary goes to users who may read billing aggregates but do not hold the whole
 * clinic's invoices (executives): whoever holds them computes the same figures from the invoices.
 */
function receivesBillingSummary(subject: Subject): boolean {
  return can(subject, 'billing.summary') && !scopesOf(subject, 'invoice').includes('clinic');
}

/** Fields a referring doctor may not read: contact details, consents, notes. */
const REFERRER_REDACTIONS = {
  phone: null, email: null, address_line1: null, address_line2: null, city: null, state: null, postal_code: null,
  emergency_contact_name: null, emergency_contact_phone: null, notes: null, preferred_language: null,
  sms_consent: '0', email_consent: '0', phone_consent: '0',
} as const;

/** Fields an attorney may not read: the clinic's notes about the patient (clinical or internal). */
const ATTORNEY_REDACTIONS = { notes: null } as const;

export const shapeRules: Rules = {
  clinics: (subject) => ({ filter: (eb) => eb('clinics.id', '=', subject.clinicId) }),
  facilities: (subject) => (isStaff(subject) || isExternal(subject) ? clinicWide('facilities', subject) : null),
  facility_resources: (subject) => (isStaff(subject) ? clinicWide('facility_resources', subject) : null),
  facility_closures: (subject) => (isStaff(subject) ? clinicWide('facility_closures', subject) : null),
  users: (subject) => ({ filter: userScope(subject) }),
  user_roles: (subject) =>
    can(subject, 'user.read') ? clinicWide('user_roles', subject) : { filter: (eb) => eb.and([eb('user_roles.clinic_id', '=', subject.clinicId), eb('user_roles.user_id', '=', subject.userId)]) },
  user_facilities: (subject) =>
    can(subject, 'user.read') ? clinicWide('user_facilities', subject) : { filter: (eb) => eb.and([eb('user_facilities.clinic_id', '=', subject.clinicId), eb('user_facilities.user_id', '=', subject.userId)]) },
  physicians: (subject) => (isStaff(subject) || isExternal(subject) ? clinicWide('physicians', subject) : null),
  physician_facilities: (subject) => (isStaff(subject) ? clinicWide('physician_facilities', subject) : null),
  exam_types: (subject) => (isStaff(subject) ? clinicWide('exam_types', subject) : null),
  exam_type_offerings: (subject) => (isStaff(subject) ? clinicWide('exam_type_offerings', subject) : null),
  availability_templates: (subject) => (isStaff(subject) ? clinicWide('availability_templates', subject) : null),
  time_off: (subject) => (isStaff(subject) ? clinicWide('time_off', subject) : null),
  appointment_series: (subject) => (can(subject, 'schedule.read') ? byPatient('appointment_series', subject) : null),
  appointments: (subject) => (scopesOf(subject, 'appointment').length > 0 ? { filter: appointmentScope(subject) } : null),
  waitlist_entries: (subject) => (can(subject, 'schedule.read') ? byPatient('waitlist_entries', subject) : null),
  appointment_events: (subject) => (can(subject, 'schedule.read') ? byPatient('appointment_events', subject) : null),
  patients: (subject) =>
    scopesOf(subject, 'patient').length === 0
      ? null
      : {
          filter: patientScope(subject),
          ...(subject.roles.every((r) => r === 'referring_doctor') ? { redact: REFERRER_REDACTIONS }
            : !isStaff(subject) ? { redact: ATTORNEY_REDACTIONS } : {}),
        },
  patient_merges: (subject) => (can(subject, 'patient.merge') ? clinicWide('patient_merges', subject) : null),
  patient_physicians: (subject) => (isStaff(subject) ? byPatient('patient_physicians', subject) : null),
  insurance_policies: (subject) => (isStaff(subject) ? byPatient('insurance_policies', subject) : null),
  attorneys: (subject) =>
    isStaff(subject) ? clinicWide('attorneys', subject)
    : subject.attorneyId ? { filter: (eb) => eb.and([eb('attorneys.clinic_id', '=', subject.clinicId), eb('attorneys.id', '=', subject.attorneyId as string)]) }
    : null,
  referring_doctors: (subject) =>
    isStaff(subject) ? clinicWide('referring_doctors', subject)
    : subject.referringDoctorId ? { filter: (eb) => eb.and([eb('referring_doctors.clinic_id', '=', subject.clinicId), eb('referring_doctors.id', '=', subject.referringDoctorId as string)]) }
    : null,
  cases: (subject) => (scopesOf(subject, 'case').length > 0 ? { filter: caseScope(subject) } : null),
  case_physicians: (subject) =>
    isStaff(subject) && scopesOf(subject, 'case').length > 0
      ? { filter: (eb) => eb('case_physicians.case_id', 'in', eb.selectFrom('cases').select('cases.id').where(caseScope(subject))) }
      : null,
  referrals: (subject) =>
    subject.roles.every((r) => r === 'referring_doctor') && subject.referringDoctorId
      ? { filter: (eb) => eb.and([eb('referrals.clinic_id', '=', subject.clinicId), eb('referrals.referring_doctor_id', '=', subject.referringDoctorId as string)]) }
      : can(subject, 'referral.read') ? byPatient('referrals', subject) : null,
  invoices: (subject) => (scopesOf(subject, 'invoice').length > 0 ? { filter: invoiceScope(subject) } : null),
  invoice_lines: (subject) => byInvoice('invoice_lines', subject),
  payments: (subject) =>
    scopesOf(subject, 'invoice').length === 0
      ? null
      : {
          filter: (eb) =>
            eb.and([
              eb('payments.clinic_id', '=', subject.clinicId),
              scopesOf(subject, 'invoice').includes('clinic')
                ? yes
                : eb('payments.id', 'in', eb.selectFrom('payment_allocations').select('payment_allocations.payment_id')
                    .where('payment_allocations.invoice_id', 'in', eb.selectFrom('invoices').select('invoices.id').where(invoiceScope(subject)))),
            ]),
        },
  payment_allocations: (subject) => byInvoice('payment_allocations', subject),
  adjustments: (subject) => byInvoice('adjustments', subject),
  claims: (subject) => (can(subject, 'claim.manage') || can(subject, 'invoice.read') ? byInvoice('claims', subject) : null),
  procedure_codes: (subject) => (isStaff(subject) ? clinicWide('procedure_codes', subject) : null),
  diagnosis_codes: (subject) => (isStaff(subject) ? clinicWide('diagnosis_codes', subject) : null),
  fee_schedule_entries: (subject) => (isStaff(subject) && can(subject, 'invoice.read') ? clinicWide('fee_schedule_entries', subject) : null),
  financial_periods: (subject) => (isStaff(subject) ? clinicWide('financial_periods', subject) : null),
  ar_summary: (subject) => (receivesBillingSummary(subject) ? clinicWide('ar_summary', subject) : null),
  billing_cycle_summary: (subject) => (receivesBillingSummary(subject) ? clinicWide('billing_cycle_summary', subject) : null),
  lop_negotiations: (subject) =>
    scopesOf(subject, 'invoice').length > 0 && scopesOf(subject, 'case').length > 0
      ? { filter: (eb) => eb.and([eb('lop_negotiations.clinic_id', '=', subject.clinicId), eb('lop_negotiations.case_id', 'in', eb.selectFrom('cases').select('cases.id').where(caseScope(subject)))]) }
      : null,
  documents: (subject) =>
    scopesOf(subject, 'document').length === 0
      ? null
      : {
          filter: (eb) =>
            eb.and([
              eb('documents.clinic_id', '=', subject.clinicId),
              scopesOf(subject, 'document').includes('clinic')
                ? yes
                : eb.or([
                    eb('documents.patient_id', 'in', eb.selectFrom('patients').select('patients.id').where(patientScope(subject))),
                    eb('documents.case_id', 'in', eb.selectFrom('cases').select('cases.id').where(caseScope(subject))),
                  ]),
            ]),
        },
  document_versions: (subject) =>
    scopesOf(subject, 'document').length === 0
      ? null
      : { filter: (eb) => eb('document_versions.document_id', 'in', eb.selectFrom('documents').select('documents.id').where((inner) => shapeRules.documents(subject, '')!.filter(inner as never))) },
  messages: (subject) => ({ filter: (eb) => eb.and([eb('messages.clinic_id', '=', subject.clinicId), eb('messages.recipient_user_id', '=', subject.userId)]) }),
  audit_log: (subject) => (can(subject, 'audit.read') ? { filter: auditScope(subject) } : null),
  audit_findings: (subject) => (can(subject, 'audit.read') ? { filter: (eb) => eb('audit_findings.clinic_id', '=', subject.clinicId) } : null),
  client_mutations: (subject, clientId) => ({ filter: (eb) => eb.and([eb('client_mutations.id', '=', clientId), eb('client_mutations.user_id', '=', subject.userId)]) }),
  mutation_results: (subject, clientId) => ({ filter: (eb) => eb.and([eb('mutation_results.client_id', '=', clientId), eb('mutation_results.clinic_id', '=', subject.clinicId)]) }),
};

/**
 * Tables whose shape holds one sync client's rows only, and the column naming that client. A commit
 * to one of them can change nothing for any other client: the server wakes only that client's
 * long-poll (the NOTIFY payload names it) and leaves the table out of the `tables` hint it sends
 * other clients, so their transaction gates do not wait for it.
 */
export const PER_CLIENT_TABLES = { client_mutations: 'id', mutation_results: 'client_id' } as const satisfies Partial<Record<SyncedTableName, string>>;
export type PerClientTable = keyof typeof PER_CLIENT_TABLES;

export function isPerClientTable(table: string): table is PerClientTable {
  return Object.hasOwn(PER_CLIENT_TABLES, table);
}

/**
 * Postgres SQL for the sync client a change's row belongs to: for a PER_CLIENT_TABLES row (jsonb
 * `image`, the table in `table_name`) `prefix` followed by its client column, for any other table
 * `otherwise`. The capture trigger's NOTIFY payload and the shape route's `tables` hint both use it, so
 * they name the same client.
 */
export function clientOfRowSql(image: string, prefix: string, otherwise: string): string {
  const cases = Object.entries(PER_CLIENT_TABLES).map(([table, column]) => `WHEN '${table}' THEN ${prefix}coalesce(${image} ->> '${column}', '')`);
  return `(CASE table_name ${cases.join(' ')} ELSE ${otherwise} END)`;
}

/** PHI-free busy blocks: appointments outside the user's scope, reduced to physician, facility and time. */
export const BUSY_BLOCK_COLUMNS = ['id', 'clinic_id', 'facility_id', 'physician_id', 'starts_at', 'ends_at', 'status', 'deleted_at'] as const;

export function busyBlockRule(subject: Subject): ShapeRule<'appointments'> | null {
  if (!can(subject, 'schedule.busy_read')) return null;
  return {
    filter: (eb) => eb.and([eb('appointments.clinic_id', '=', subject.clinicId), eb.not(appointmentScope(subject)(eb))]),
  };
}
