import { c, nullable, syncedColumns as base, type TableDef } from './columns';

/**
 * Schema v1 for the whole product (foundation). Frozen once released: later versions are additive
 * (new tables, new nullable columns) in their own `schema-vN.ts`, and `tables.ts` composes them.
 *
 * Facts per DESIGN.md: ids UUIDv7 text, instants epoch ms, money integer cents, dates `YYYY-MM-DD`,
 * booleans 0/1, enums text with a check, tombstones (`deleted_at`) instead of deletes.
 */

export const ROLE_VALUES = [
  'super_admin', 'clinic_admin', 'executive', 'physician', 'front_desk', 'billing', 'attorney', 'referring_doctor',
] as const;
export const APPOINTMENT_STATUSES = [
  'scheduled', 'confirmed', 'checked_in', 'in_room', 'completed', 'no_show', 'cancelled',
] as const;
export const CASE_TYPES = ['pi_auto', 'pi_other', 'workers_comp', 'general_health'] as const;
export const CASE_STATUSES = ['open', 'treating', 'settled', 'closed'] as const;
export const LOP_STATUSES = ['none', 'requested', 'received', 'on_file'] as const;
export const REFERRAL_STATUSES = ['received', 'scheduled', 'seen', 'report_sent'] as const;
export const INVOICE_STATUSES = ['draft', 'finalized', 'sent', 'partially_paid', 'paid', 'void'] as const;
/**
 * CMS place-of-service codes a specialty clinic's site can be: telehealth (02 elsewhere, 10 in the home),
 * office, home, outpatient hospital off (19) and on (22) campus, ambulatory surgical center, independent
 * clinic, state or local public health clinic, rural health clinic, independent laboratory.
 */
export const PLACE_OF_SERVICE_CODES = ['02', '10', '11', '12', '19', '22', '24', '49', '71', '72', '81'] as const;
export const PAYER_TYPES = ['patient', 'insurance', 'attorney', 'medpay', 'pip', 'workers_comp', 'other'] as const;
export const PAYMENT_METHODS = ['cash', 'check', 'card', 'eft', 'era', 'other'] as const;
export const ADJUSTMENT_KINDS = ['write_off', 'contractual', 'reduction', 'refund', 'correction'] as const;
export const CLAIM_STATUSES = ['draft', 'submitted', 'accepted', 'rejected', 'paid', 'denied'] as const;
export const PROCEDURE_CODE_SYSTEMS = ['cpt', 'hcpcs'] as const;
export const NEGOTIATION_ENTRY_KINDS = ['offer', 'counter_offer', 'accepted', 'rejected'] as const;
export const NEGOTIATION_PARTIES = ['clinic', 'attorney'] as const;
export const DOCUMENT_KINDS = [
  'patient_record', 'lop', 'invoice', 'referral', 'imaging_report', 'insurance_card', 'hipaa_authorization', 'correspondence',
] as const;
export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export const RESOURCE_KINDS = ['room', 'equipment'] as const;
export const TIME_OFF_KINDS = ['time_off', 'block'] as const;
export const SUBSCRIBER_RELATIONSHIPS = ['self', 'spouse', 'child', 'other'] as const;
export const MESSAGE_CHANNELS = ['in_app', 'sms', 'email'] as const;
export const MESSAGE_STATUSES = ['queued', 'sent', 'delivered', 'failed', 'read'] as const;
export const APPOINTMENT_EVENT_KINDS = ['created', 'rescheduled', 'cancelled', 'status_changed', 'reminder_due'] as const;
/** What the server's audit verification can find (shared/audit/audit-chain.ts). */
export const AUDIT_FINDING_PROBLEMS = ['gap', 'altered', 'broken_link', 'conflict', 'truncated'] as const;
/** When the server checked: on receipt of a device's entries, or a check an admin asked for. */
export const AUDIT_CHECK_KINDS = ['receipt', 'check'] as const;

/** The aggregate key columns of the PHI-free billing summaries (`ar_summary`, `billing_cycle_summary`). */
const billingSummaryKey = {
  /** facility|physician|payer type|attorney[|service basis]|invoice date: the aggregate key, as text. */
  summary_key: c.text(),
  facility_id: c.id(),
  /** The rendering physician of the invoice's first live line; null when it has no live line. */
  physician_id: nullable(c.id()),
  payer_type: c.enum(PAYER_TYPES),
  /** The attorney of the invoice's case; null when there is none. */
  attorney_id: nullable(c.id()),
};

export const schemaV1 = {
  clinics: {
    kind: 'synced',
    columns: {
      ...base,
      name: c.text(),
      legal_name: nullable(c.text()),
      tax_id: nullable(c.text()),
      /** Organisation (type 2) NPI: the billing provider on CMS-1500 item 33a and 837P loop 2010AA. */
      npi: nullable(c.text()),
      phone: nullable(c.text()),
      email: nullable(c.text()),
      /** Idle minutes before a workstation locks (HIPAA automatic logoff). */
      idle_timeout_minutes: c.int(),
      /** Hours an offline login stays valid since the last online contact. */
      offline_lease_hours: c.int(),
      travel_buffer_minutes: c.int(),
      treatment_gap_days: c.int(),
      default_time_zone: c.text(),
      /**
       * The 837P envelope every workstation writes, set under Claims by billing or a clinic admin
       * (`claimSettings.save`): ISA06/GS02 submitter id (null: the tax ID's digits), 1000A submitter name
       * (null: the legal name), PER contact name and phone (null: "Billing office", the clinic's phone),
       * ISA08/GS03 and 1000B clearinghouse id and name, ISA15 usage P or T (null: P).
       */
      claim_submitter_id: nullable(c.text()),
      claim_submitter_name: nullable(c.text()),
      claim_contact_name: nullable(c.text()),
      claim_contact_phone: nullable(c.text()),
      claim_receiver_id: nullable(c.text()),
      claim_receiver_name: nullable(c.text()),
      claim_file_usage: nullable(c.enum(['P', 'T'] as const)),
    },
  },
  facilities: {
    kind: 'synced',
    columns: {
      ...base,
      name: c.text(),
      code: c.text(),
      address_line1: c.text(),
      address_line2: nullable(c.text()),
      city: c.text(),
      state: c.text(),
      postal_code: c.text(),
      phone: nullable(c.text()),
      latitude: nullable(c.real()),
      longitude: nullable(c.real()),
      time_zone: c.text(),
      /** JSON: `{"mon":[{"open":"08:00","close":"17:00"}], ...}` in the facility's zone. */
      hours_json: c.json(),
      is_active: c.bool(),
      /** CMS place of service of claims for services here (837P CLM05-1, CMS-1500 24B); null is 11, office. */
      place_of_service: nullable(c.enum(PLACE_OF_SERVICE_CODES)),
    },
    indexes: [{ name: 'facilities_code_unique', columns: ['clinic_id', 'code'], unique: true, where: 'deleted_at IS NULL' }],
  },
  facility_resources: {
    kind: 'synced',
    columns: { ...base, facility_id: c.id('facilities'), name: c.text(), resource_kind: c.enum(RESOURCE_KINDS), is_active: c.bool() },
    indexes: [{ name: 'facility_resources_facility', columns: ['facility_id'] }],
  },
  facility_closures: {
    kind: 'synced',
    columns: { ...base, facility_id: c.id('facilities'), closed_on: c.date(), reason: c.text() },
    indexes: [{ name: 'facility_closures_facility_date', columns: ['facility_id', 'closed_on'] }],
  },
  users: {
    kind: 'synced',
    columns: {
      ...base,
      username: c.text(),
      display_name: c.text(),
      email: nullable(c.text()),
      is_active: c.bool(),
      /** Links to the person this login acts as, where the role needs one. */
      physician_id: nullable(c.id('physicians')),
      attorney_id: nullable(c.id('attorneys')),
      referring_doctor_id: nullable(c.id('referring_doctors')),
    },
    indexes: [{ name: 'users_username_unique', columns: ['clinic_id', 'username'], unique: true }],
  },
  user_roles: {
    kind: 'synced',
    columns: { ...base, user_id: c.id('users'), role: c.enum(ROLE_VALUES) },
    indexes: [{ name: 'user_roles_user', columns: ['user_id'] }],
  },
  user_facilities: {
    kind: 'synced',
    columns: { ...base, user_id: c.id('users'), facility_id: c.id('facilities') },
    indexes: [{ name: 'user_facilities_user', columns: ['user_id'] }, { name: 'user_facilities_facility', columns: ['facility_id'] }],
  },
  physicians: {
    kind: 'synced',
    columns: {
      ...base,
      first_name: c.text(),
      last_name: c.text(),
      credentials: nullable(c.text()),
      npi: c.text(),
      specialty: nullable(c.text()),
      color: c.text(),
      is_active: c.bool(),
    },
    indexes: [{ name: 'physicians_npi_unique', columns: ['clinic_id', 'npi'], unique: true, where: 'deleted_at IS NULL' }],
  },
  physician_facilities: {
    kind: 'synced',
    columns: { ...base, physician_id: c.id('physicians'), facility_id: c.id('facilities') },
    indexes: [{ name: 'physician_facilities_physician', columns: ['physician_id'] }],
  },
  exam_types: {
    kind: 'synced',
    columns: {
      ...base,
      name: c.text(),
      duration_minutes: c.int(),
      color: c.text(),
      resource_kind: nullable(c.enum(RESOURCE_KINDS)),
      is_billable: c.bool(),
      /** JSON array of default procedure codes, e.g. `[{"code":"72148","modifiers":[]}]`. */
      default_codes_json: c.json(),
      is_active: c.bool(),
    },
  },
  exam_type_offerings: {
    kind: 'synced',
    columns: { ...base, exam_type_id: c.id('exam_types'), facility_id: nullable(c.id('facilities')), physician_id: nullable(c.id('physicians')) },
    indexes: [{ name: 'exam_type_offerings_type', columns: ['exam_type_id'] }],
  },
  availability_templates: {
    kind: 'synced',
    columns: {
      ...base,
      physician_id: c.id('physicians'),
      facility_id: c.id('facilities'),
      /** 0 = Sunday … 6 = Saturday, in the facility's time zone. */
      weekday: c.int(),
      start_minute: c.int(),
      end_minute: c.int(),
      effective_from: c.date(),
      effective_to: nullable(c.date()),
    },
    indexes: [{ name: 'availability_templates_physician', columns: ['physician_id'] }],
  },
  time_off: {
    kind: 'synced',
    columns: {
      ...base,
      physician_id: c.id('physicians'),
      facility_id: nullable(c.id('facilities')),
      starts_at: c.instant(),
      ends_at: c.instant(),
      time_off_kind: c.enum(TIME_OFF_KINDS),
      reason: nullable(c.text()),
    },
    indexes: [{ name: 'time_off_physician_start', columns: ['physician_id', 'starts_at'] }],
  },
  appointment_series: {
    kind: 'synced',
    columns: {
      ...base,
      /** JSON recurrence rule: `{"weekdays":[1,3,5],"weeks":4,"startTime":"09:00"}` in the facility's zone. */
      rule_json: c.json(),
      patient_id: c.id('patients'),
      physician_id: c.id('physicians'),
      facility_id: c.id('facilities'),
      exam_type_id: c.id('exam_types'),
    },
  },
  appointments: {
    kind: 'synced',
    columns: {
      ...base,
      facility_id: c.id('facilities'),
      physician_id: c.id('physicians'),
      patient_id: c.id('patients'),
      exam_type_id: c.id('exam_types'),
      resource_id: nullable(c.id('facility_resources')),
      case_id: nullable(c.id('cases')),
      series_id: nullable(c.id('appointment_series')),
      rescheduled_from_id: nullable(c.id('appointments')),
      starts_at: c.instant(),
      ends_at: c.instant(),
      status: c.enum(APPOINTMENT_STATUSES),
      cancel_reason: nullable(c.text()),
      override_reason: nullable(c.text()),
      /** Comma-separated conflict kinds a `schedule.override` holder accepted (conflict-types.ts); null = none. */
      overridden_conflicts: nullable(c.text()),
      notes: nullable(c.text()),
      checked_in_at: nullable(c.instant()),
      completed_at: nullable(c.instant()),
    },
    indexes: [
      { name: 'appointments_facility_start', columns: ['facility_id', 'starts_at'] },
      /*
       * Bookings of a physician, patient or room by time (conflict checks, slot search, series previews).
       * A booking overlaps [from, to) when it starts before `to` and ends after `from`; the look-up reads
       * starts from a day before `from` (long appointments), and `ends_at` in the index discards those that
       * ended before `from` without reading their rows. `facility_id` lets the calendar's "busy elsewhere"
       * read (its physicians' bookings at other facilities) pass over the facility's own bookings in the index.
       * `physician_id` does the same for a room look-up that leaves out the bookings of physicians already
       * read (a slot search reads the physicians' bookings, then the rooms' bookings of anyone else).
       */
      { name: 'appointments_physician_start', columns: ['physician_id', 'starts_at', 'ends_at', 'facility_id'] },
      { name: 'appointments_patient_start', columns: ['patient_id', 'starts_at', 'ends_at'] },
      { name: 'appointments_resource_start', columns: ['resource_id', 'starts_at', 'ends_at', 'physician_id'] },
    ],
  },
  /**
   * Append-only history of appointment changes for communication (reminders, messages), written by
   * the same mutation as the change. `reminder_due` rows carry `due_at`; a later change of the
   * appointment supersedes earlier reminders (the newest one per appointment counts).
   */
  appointment_events: {
    kind: 'synced',
    columns: {
      ...base,
      appointment_id: c.id('appointments'),
      patient_id: c.id('patients'),
      facility_id: c.id('facilities'),
      event_kind: c.enum(APPOINTMENT_EVENT_KINDS),
      occurred_at: c.instant(),
      due_at: nullable(c.instant()),
      detail_json: c.json(),
    },
    indexes: [
      { name: 'appointment_events_appointment', columns: ['appointment_id', 'occurred_at'] },
      { name: 'appointment_events_due', columns: ['event_kind', 'due_at'] },
    ],
  },
  waitlist_entries: {
    kind: 'synced',
    columns: {
      ...base,
      patient_id: c.id('patients'),
      exam_type_id: c.id('exam_types'),
      facility_id: nullable(c.id('facilities')),
      physician_id: nullable(c.id('physicians')),
      earliest_on: nullable(c.date()),
      notes: nullable(c.text()),
      resolved_at: nullable(c.instant()),
    },
  },
  patients: {
    kind: 'synced',
    columns: {
      ...base,
      mrn: c.text(),
      first_name: c.text(),
      middle_name: nullable(c.text()),
      last_name: c.text(),
      preferred_name: nullable(c.text()),
      date_of_birth: c.date(),
      sex: c.enum(SEXES),
      phone: nullable(c.text()),
      email: nullable(c.text()),
      address_line1: nullable(c.text()),
      address_line2: nullable(c.text()),
      city: nullable(c.text()),
      state: nullable(c.text()),
      postal_code: nullable(c.text()),
      preferred_language: nullable(c.text()),
      sms_consent: c.bool(),
      email_consent: c.bool(),
      phone_consent: c.bool(),
      emergency_contact_name: nullable(c.text()),
      emergency_contact_phone: nullable(c.text()),
      /** Facility where the patient was registered; scopes front-desk visibility with appointments. */
      home_facility_id: c.id('facilities'),
      referring_doctor_id: nullable(c.id('referring_doctors')),
      merged_into_id: nullable(c.id('patients')),
      notes: nullable(c.text()),
    },
    indexes: [
      { name: 'patients_mrn_unique', columns: ['clinic_id', 'mrn'], unique: true },
      { name: 'patients_name', columns: ['last_name', 'first_name'] },
      { name: 'patients_dob', columns: ['date_of_birth'] },
      { name: 'patients_phone', columns: ['phone'] },
    ],
  },
  /**
   * A merge of two patient records: which rows moved from the merged record to the survivor, so the
   * merge can be reversed until it settles (docs/patients.md). `moved_json` maps table → row ids.
   */
  patient_merges: {
    kind: 'synced',
    columns: {
      ...base,
      survivor_id: c.id('patients'),
      merged_id: c.id('patients'),
      moved_json: c.json(),
      reason: nullable(c.text()),
      reversed_at: nullable(c.instant()),
    },
    indexes: [{ name: 'patient_merges_survivor', columns: ['survivor_id'] }, { name: 'patient_merges_merged', columns: ['merged_id'] }],
  },
  patient_physicians: {
    kind: 'synced',
    columns: { ...base, patient_id: c.id('patients'), physician_id: c.id('physicians') },
    indexes: [{ name: 'patient_physicians_physician', columns: ['physician_id'] }, { name: 'patient_physicians_patient', columns: ['patient_id'] }],
  },
  insurance_policies: {
    kind: 'synced',
    columns: {
      ...base,
      patient_id: c.id('patients'),
      /** 1 primary, 2 secondary, 3 tertiary. */
      priority: c.int(),
      payer_name: c.text(),
      payer_id: nullable(c.text()),
      member_id: c.text(),
      group_number: nullable(c.text()),
      subscriber_name: c.text(),
      subscriber_relationship: c.enum(SUBSCRIBER_RELATIONSHIPS),
      subscriber_date_of_birth: nullable(c.date()),
      effective_from: nullable(c.date()),
      effective_to: nullable(c.date()),
      card_front_document_id: nullable(c.id('documents')),
      card_back_document_id: nullable(c.id('documents')),
    },
    indexes: [{ name: 'insurance_policies_patient', columns: ['patient_id', 'priority'] }],
  },
  attorneys: {
    kind: 'synced',
    columns: { ...base, name: c.text(), firm_name: c.text(), phone: nullable(c.text()), email: nullable(c.text()), address: nullable(c.text()) },
  },
  referring_doctors: {
    kind: 'synced',
    columns: { ...base, name: c.text(), npi: nullable(c.text()), practice_name: nullable(c.text()), phone: nullable(c.text()), email: nullable(c.text()) },
  },
  cases: {
    kind: 'synced',
    columns: {
      ...base,
      patient_id: c.id('patients'),
      case_number: c.text(),
      case_type: c.enum(CASE_TYPES),
      status: c.enum(CASE_STATUSES),
      date_of_injury: nullable(c.date()),
      accident_state: nullable(c.text()),
      description: nullable(c.text()),
      attorney_id: nullable(c.id('attorneys')),
      lop_status: c.enum(LOP_STATUSES),
      lop_document_id: nullable(c.id('documents')),
      policy_limit_cents: nullable(c.cents()),
      referral_source: nullable(c.text()),
      /** 1 while billing waits for settlement (LOP cases). */
      billing_suspended: c.bool(),
      last_attorney_contact_at: nullable(c.instant()),
    },
    indexes: [
      { name: 'cases_patient', columns: ['patient_id'] },
      { name: 'cases_attorney', columns: ['attorney_id'] },
      { name: 'cases_number_unique', columns: ['clinic_id', 'case_number'], unique: true },
    ],
  },
  case_physicians: {
    kind: 'synced',
    columns: { ...base, case_id: c.id('cases'), physician_id: c.id('physicians') },
    indexes: [{ name: 'case_physicians_case', columns: ['case_id'] }],
  },
  referrals: {
    kind: 'synced',
    columns: {
      ...base,
      patient_id: c.id('patients'),
      referring_doctor_id: c.id('referring_doctors'),
      case_id: nullable(c.id('cases')),
      referred_on: c.date(),
      reason: nullable(c.text()),
      status: c.enum(REFERRAL_STATUSES),
      report_sent_at: nullable(c.instant()),
    },
    indexes: [{ name: 'referrals_doctor', columns: ['referring_doctor_id'] }, { name: 'referrals_patient', columns: ['patient_id'] }],
  },
  invoices: {
    kind: 'synced',
    columns: {
      ...base,
      patient_id: c.id('patients'),
      case_id: nullable(c.id('cases')),
      facility_id: c.id('facilities'),
      payer_type: c.enum(PAYER_TYPES),
      insurance_policy_id: nullable(c.id('insurance_policies')),
      /** Device-issued number shown until the server assigns the final one. */
      provisional_number: c.text(),
      invoice_number: nullable(c.text()),
      status: c.enum(INVOICE_STATUSES),
      invoice_date: c.date(),
      due_date: nullable(c.date()),
      finalized_at: nullable(c.instant()),
      sent_at: nullable(c.instant()),
      voided_at: nullable(c.instant()),
      void_reason: nullable(c.text()),
    },
    indexes: [
      { name: 'invoices_patient', columns: ['patient_id'] },
      { name: 'invoices_case', columns: ['case_id'] },
      { name: 'invoices_facility_date', columns: ['facility_id', 'invoice_date'] },
      { name: 'invoices_number_unique', columns: ['clinic_id', 'invoice_number'], unique: true, where: 'invoice_number IS NOT NULL' },
    ],
  },
  invoice_lines: {
    kind: 'synced',
    columns: {
      ...base,
      invoice_id: c.id('invoices'),
      appointment_id: nullable(c.id('appointments')),
      procedure_code: c.text(),
      /** JSON array of up to four modifiers. */
      modifiers_json: c.json(),
      /** JSON array of ICD-10-CM codes (pointers A–L in claim order). */
      diagnosis_codes_json: c.json(),
      units: c.int(),
      unit_fee_cents: c.cents(),
      amount_cents: c.cents(),
      service_date: c.date(),
      facility_id: c.id('facilities'),
      rendering_physician_id: c.id('physicians'),
      /**
       * `<appointment id>:<procedure code>` on charges captured from a completed exam: unique, so two
       * billing workstations capturing the same exam offline cannot both bill it.
       */
      capture_key: nullable(c.text()),
    },
    indexes: [
      { name: 'invoice_lines_invoice', columns: ['invoice_id'] },
      { name: 'invoice_lines_appointment', columns: ['appointment_id'], where: 'appointment_id IS NOT NULL' },
      { name: 'invoice_lines_capture_unique', columns: ['clinic_id', 'capture_key'], unique: true, where: 'capture_key IS NOT NULL' },
    ],
  },
  payments: {
    kind: 'synced',
    columns: {
      ...base,
      payer_type: c.enum(PAYER_TYPES),
      payer_name: nullable(c.text()),
      method: c.enum(PAYMENT_METHODS),
      /** Check or EFT number; unique per payer type and payer, so a check is never posted twice. */
      external_reference: nullable(c.text()),
      amount_cents: c.cents(),
      received_on: c.date(),
      patient_id: nullable(c.id('patients')),
      case_id: nullable(c.id('cases')),
      facility_id: nullable(c.id('facilities')),
      memo: nullable(c.text()),
      /** A refund is a payment with a negative amount that points at the payment whose credit it returns. */
      refund_of_payment_id: nullable(c.id('payments')),
    },
    indexes: [
      { name: 'payments_patient', columns: ['patient_id'] },
      { name: 'payments_case', columns: ['case_id'] },
      { name: 'payments_refund_of', columns: ['refund_of_payment_id'], where: 'refund_of_payment_id IS NOT NULL' },
      { name: 'payments_reference_unique', columns: ['clinic_id', 'payer_type', 'external_reference'], unique: true, where: 'external_reference IS NOT NULL' },
    ],
  },
  payment_allocations: {
    kind: 'synced',
    columns: {
      ...base,
      payment_id: c.id('payments'),
      invoice_id: c.id('invoices'),
      invoice_line_id: nullable(c.id('invoice_lines')),
      amount_cents: c.cents(),
      /** The ledger date of this entry (a credit applied later is dated when it was applied). */
      applied_on: c.date(),
    },
    indexes: [{ name: 'payment_allocations_payment', columns: ['payment_id'] }, { name: 'payment_allocations_invoice', columns: ['invoice_id'] }],
  },
  adjustments: {
    kind: 'synced',
    columns: {
      ...base,
      invoice_id: c.id('invoices'),
      invoice_line_id: nullable(c.id('invoice_lines')),
      adjustment_kind: c.enum(ADJUSTMENT_KINDS),
      reason_code: c.text(),
      amount_cents: c.cents(),
      posted_on: c.date(),
      memo: nullable(c.text()),
    },
    indexes: [{ name: 'adjustments_invoice', columns: ['invoice_id'] }],
  },
  claims: {
    kind: 'synced',
    columns: {
      ...base,
      invoice_id: c.id('invoices'),
      insurance_policy_id: c.id('insurance_policies'),
      batch_id: nullable(c.text()),
      status: c.enum(CLAIM_STATUSES),
      control_number: c.text(),
      replaces_claim_id: nullable(c.id('claims')),
      submitted_at: nullable(c.instant()),
      /** When the current status was recorded (the workstation's clock; the audit trail's time). */
      status_changed_at: nullable(c.instant()),
      /**
       * The date the payer gave for the current status (adjudication or response date), as the clerk
       * entered it: never after the day it was recorded, in the invoice facility's zone. Null while submitted.
       */
      status_date: nullable(c.date()),
      status_reason: nullable(c.text()),
    },
    indexes: [
      { name: 'claims_invoice', columns: ['invoice_id'] },
      { name: 'claims_control_number', columns: ['control_number'] },
      { name: 'claims_replaces', columns: ['replaces_claim_id'], where: 'replaces_claim_id IS NOT NULL' },
    ],
  },
  /** Procedure codes (CPT/HCPCS) the clinic entered or imported; descriptions are the clinic's own (no AMA text ships). */
  procedure_codes: {
    kind: 'synced',
    columns: {
      ...base,
      code: c.text(),
      code_system: c.enum(PROCEDURE_CODE_SYSTEMS),
      description: nullable(c.text()),
      is_active: c.bool(),
    },
    indexes: [{ name: 'procedure_codes_code_unique', columns: ['clinic_id', 'code'], unique: true, where: 'deleted_at IS NULL' }],
  },
  /** ICD-10-CM diagnosis codes the clinic entered or imported. */
  diagnosis_codes: {
    kind: 'synced',
    columns: { ...base, code: c.text(), description: nullable(c.text()), is_active: c.bool() },
    indexes: [{ name: 'diagnosis_codes_code_unique', columns: ['clinic_id', 'code'], unique: true, where: 'deleted_at IS NULL' }],
  },
  /**
   * One fee of the clinic's fee schedule: a procedure code (with an optional modifier), optionally only
   * for a payer type and/or a facility. The most specific entry in effect on the date of service wins.
   */
  fee_schedule_entries: {
    kind: 'synced',
    columns: {
      ...base,
      procedure_code: c.text(),
      modifier: nullable(c.text()),
      payer_type: nullable(c.enum(PAYER_TYPES)),
      facility_id: nullable(c.id('facilities')),
      fee_cents: c.cents(),
      effective_from: c.date(),
    },
    indexes: [{ name: 'fee_schedule_entries_code', columns: ['clinic_id', 'procedure_code'] }],
  },
  /** A closed financial month: entries dated in it are refused (`period` is `YYYY-MM`). */
  financial_periods: {
    kind: 'synced',
    columns: { ...base, period: c.text(), closed_at: c.instant(), closed_by: c.id('users'), note: nullable(c.text()) },
    indexes: [{ name: 'financial_periods_period_unique', columns: ['clinic_id', 'period'], unique: true, where: 'deleted_at IS NULL' }],
  },
  /** The reduction negotiation of an LOP case: each offer, counter-offer or acceptance is its own immutable row. */
  lop_negotiations: {
    kind: 'synced',
    columns: {
      ...base,
      case_id: c.id('cases'),
      entry_kind: c.enum(NEGOTIATION_ENTRY_KINDS),
      party: c.enum(NEGOTIATION_PARTIES),
      /** What the clinic would accept in full payment of the case balance under this entry. */
      payoff_cents: c.cents(),
      /** The case balance when the entry was recorded, so the reduction is known later. */
      balance_cents: c.cents(),
      note: nullable(c.text()),
    },
    indexes: [{ name: 'lop_negotiations_case', columns: ['case_id'] }],
  },
  /**
   * The clinic's A/R as a PHI-free aggregate, written only by the server (Postgres triggers, see
   * `migrations/postgres/…schema_v1.ts`) and synced to roles that may read billing summaries but not
   * invoices (executives). One row per aggregate key — facility × rendering physician × payer type ×
   * attorney × date of service basis × invoice date — and interval of days: `balance_cents` is the sum of
   * the open balances of the key's invoices during `effective_on <= D < until_on`, `open_invoices` how
   * many of them are open (balance ≠ 0) then. No patient, case or invoice identifier. Aging as of D is one
   * read of the intervals covering D, bucketed by the same pure rules as the invoice-level report.
   */
  ar_summary: {
    kind: 'synced',
    columns: {
      ...base,
      ...billingSummaryKey,
      /** Earliest live line's date of service, else the invoice date (the aging basis "date of service"). */
      service_on: c.date(),
      invoice_date: c.date(),
      effective_on: c.date(),
      until_on: c.date(),
      balance_cents: c.cents(),
      open_invoices: c.int(),
    },
    indexes: [
      // The server's refresh finds a key's rows by the key alone (it names a facility, so one clinic).
      { name: 'ar_summary_key', columns: ['summary_key', 'effective_on'] },
      {
        name: 'ar_summary_open',
        columns: ['until_on', 'effective_on', 'clinic_id', 'payer_type', 'facility_id', 'physician_id', 'attorney_id', 'service_on', 'invoice_date', 'balance_cents', 'open_invoices'],
        where: 'deleted_at IS NULL AND (balance_cents <> 0 OR open_invoices <> 0)',
      },
    ],
  },
  /**
   * Billing-cycle facts per aggregate key and invoice date (facility × rendering physician × payer type ×
   * attorney × invoice date), written only by the server beside `ar_summary`: billed charges and collected
   * allocations of the key's receivable invoices, and for each step of the cycle (exam completed →
   * invoiced → sent → first payment → paid) the sum of days and how many invoices reached it, so any
   * range of invoice dates gives the same averages and collection rate as the invoice-level `billing.cycle`.
   */
  billing_cycle_summary: {
    kind: 'synced',
    columns: {
      ...base,
      ...billingSummaryKey,
      invoice_date: c.date(),
      invoices: c.int(),
      billed_cents: c.cents(),
      collected_cents: c.cents(),
      exam_to_invoice_days: c.int(),
      exam_to_invoice_count: c.int(),
      invoice_to_sent_days: c.int(),
      invoice_to_sent_count: c.int(),
      sent_to_payment_days: c.int(),
      sent_to_payment_count: c.int(),
      invoice_to_paid_days: c.int(),
      invoice_to_paid_count: c.int(),
    },
    indexes: [
      { name: 'billing_cycle_summary_key', columns: ['summary_key', 'clinic_id'], unique: true },
      { name: 'billing_cycle_summary_date', columns: ['clinic_id', 'invoice_date'] },
    ],
  },
  documents: {
    kind: 'synced',
    columns: {
      ...base,
      document_kind: c.enum(DOCUMENT_KINDS),
      title: c.text(),
      patient_id: nullable(c.id('patients')),
      case_id: nullable(c.id('cases')),
      facility_id: nullable(c.id('facilities')),
      current_version: c.int(),
    },
    indexes: [{ name: 'documents_patient', columns: ['patient_id'] }, { name: 'documents_case', columns: ['case_id'] }],
  },
  document_versions: {
    kind: 'synced',
    columns: {
      ...base,
      document_id: c.id('documents'),
      version: c.int(),
      file_name: c.text(),
      mime_type: c.text(),
      size_bytes: c.int(),
      sha256: c.text(),
      /** Key in the document store; never a user-supplied path. */
      storage_key: c.text(),
      note: nullable(c.text()),
    },
    indexes: [{ name: 'document_versions_document', columns: ['document_id', 'version'], unique: true }],
  },
  messages: {
    kind: 'synced',
    columns: {
      ...base,
      channel: c.enum(MESSAGE_CHANNELS),
      status: c.enum(MESSAGE_STATUSES),
      recipient_user_id: nullable(c.id('users')),
      patient_id: nullable(c.id('patients')),
      appointment_id: nullable(c.id('appointments')),
      subject: c.text(),
      body: c.text(),
      scheduled_for: nullable(c.instant()),
      sent_at: nullable(c.instant()),
      read_at: nullable(c.instant()),
    },
    indexes: [{ name: 'messages_recipient', columns: ['recipient_user_id'] }],
  },
  /**
   * Append-only, hash-chained per device. Not tombstoned: update and delete are refused by triggers.
   * `seq` increases by one per device; `hash = sha256(prev_hash || canonical(entry))`.
   */
  audit_log: {
    kind: 'synced',
    primaryKey: ['id'],
    columns: {
      id: c.id(),
      clinic_id: c.id('clinics'),
      device_id: c.text(),
      seq: c.int(),
      at: c.instant(),
      user_id: nullable(c.id()),
      facility_id: nullable(c.id()),
      action: c.text(),
      entity_type: nullable(c.text()),
      entity_id: nullable(c.text()),
      patient_id: nullable(c.id()),
      detail_json: c.json(),
      prev_hash: c.text(),
      hash: c.text(),
    },
    indexes: [
      { name: 'audit_log_device_seq', columns: ['device_id', 'seq'], unique: true },
      { name: 'audit_log_at', columns: ['at'] },
      { name: 'audit_log_user', columns: ['user_id', 'at'] },
      { name: 'audit_log_patient', columns: ['patient_id', 'at'] },
    ],
  },
  /**
   * What the server's verification of the audit trail found: a missing, altered or re-linked entry of a
   * device's chain. Written by the server only (on receipt of entries and on demand), never by a device;
   * append-only like the trail. One row per (device, seq, problem): a repeated check finds it again and
   * adds nothing.
   */
  audit_findings: {
    kind: 'synced',
    primaryKey: ['id'],
    columns: {
      id: c.id(),
      clinic_id: c.id('clinics'),
      device_id: c.text(),
      seq: c.int(),
      problem: c.enum(AUDIT_FINDING_PROBLEMS),
      detected_at: c.instant(),
      detected_by: c.enum(AUDIT_CHECK_KINDS),
      detail_json: c.json(),
    },
    indexes: [
      { name: 'audit_findings_position', columns: ['device_id', 'seq', 'problem'], unique: true },
      { name: 'audit_findings_detected', columns: ['detected_at'] },
    ],
  },
  /**
   * Per sync client (device replica), the last mutation the server has processed. Synced to that
   * client alone, so it learns "applied up to n" in the same version as the effects (SYNC.md).
   * `id` is the client id.
   */
  client_mutations: {
    kind: 'synced',
    columns: { ...base, user_id: c.id('users'), device_id: c.text(), last_mutation_id: c.int() },
  },
  /** The server's answer to a mutation it refused: kept so the device can show it in its sync-issues inbox. */
  mutation_results: {
    kind: 'synced',
    columns: {
      ...base,
      client_id: c.id('client_mutations'),
      mutation_id: c.int(),
      mutation_name: c.text(),
      code: c.text(),
      message: c.text(),
      details_json: c.json(),
    },
    indexes: [{ name: 'mutation_results_client', columns: ['client_id', 'mutation_id'], unique: true }],
  },
} as const satisfies Record<string, TableDef>;

export const OUTBOX_STATUSES = ['pending', 'rejected'] as const;
export const SYNC_ISSUE_STATUSES = ['open', 'resolved', 'discarded'] as const;

/** Tables that exist only on a device (never synced). */
export const localSchemaV1 = {
  /** The device's identity and small settings, one row per key. */
  device_settings: {
    kind: 'local',
    primaryKey: ['key'],
    columns: { key: c.text(), value: c.text() },
  },
  /**
   * Cached password verifiers (Argon2id) for users who may log in on this device. Seeded in the
   * foundation; filled from the server's login answer once the sync server is the source of truth.
   */
  local_credentials: {
    kind: 'local',
    primaryKey: ['user_id'],
    columns: {
      user_id: c.id(),
      clinic_id: c.id(),
      username: c.text(),
      password_hash: c.text(),
      /** Offline login is refused after this instant (the server's offline lease). */
      offline_valid_until: nullable(c.instant()),
      /** The password was set by someone else: at sign-in, the user must choose their own before anything else. */
      must_change_password: c.bool(),
      updated_at: c.instant(),
    },
    indexes: [{ name: 'local_credentials_username', columns: ['username'], unique: true }],
  },
  /** Failed-login counters per username; survives restarts so lockout cannot be reset by relaunching. */
  login_throttle: {
    kind: 'local',
    primaryKey: ['username'],
    columns: { username: c.text(), failed_count: c.int(), locked_until: nullable(c.instant()), last_failed_at: c.instant() },
  },
  /** Where each shape stream stands; written in the same transaction as the batch it describes. */
  shape_positions: {
    kind: 'local',
    primaryKey: ['table_name'],
    columns: { table_name: c.text(), handle: nullable(c.text()), offset: c.text(), rows: c.int(), up_to_date_at: nullable(c.instant()) },
  },
  /**
   * A shape's new snapshot while it replaces the table's rows (after a must-refetch, or a first sync into
   * a table that already has rows): kept on disk rather than in memory, swapped in when the snapshot is
   * complete, then emptied. Rows left by a crash are discarded at the next start (the replacement restarts).
   */
  shape_staging: {
    kind: 'local',
    primaryKey: ['seq'],
    columns: { seq: c.int(), table_name: c.text(), operation: c.text(), row_json: c.json() },
    indexes: [{ name: 'shape_staging_table', columns: ['table_name', 'seq'] }],
  },
  /**
   * Secondary indexes of a table set aside while its first snapshot loads into the empty replica table
   * (a bulk load builds an index from sorted rows at the end, several times faster than keeping it up to
   * date row by row). Recreated when the snapshot is complete, and at the next start of sync after a
   * crash or a stop cut the load short (main/sync/replica-writer.ts, deferIndexes).
   */
  deferred_indexes: {
    kind: 'local',
    primaryKey: ['name'],
    columns: { name: c.text(), table_name: c.text(), sql: c.text() },
  },
  /**
   * Named mutations not yet confirmed by the server, in id order. Written in the same transaction as
   * the optimistic change; never renumbered.
   */
  outbox: {
    kind: 'local',
    primaryKey: ['client_id', 'mutation_id'],
    columns: {
      client_id: c.id(),
      mutation_id: c.int(),
      name: c.text(),
      args_json: c.json(),
      user_id: c.id(),
      created_at: c.instant(),
      attempts: c.int(),
      last_error: nullable(c.text()),
    },
  },
  /** Pre-images of rows a pending mutation changed, so it can be undone before rebasing. */
  undo_log: {
    kind: 'local',
    primaryKey: ['seq'],
    columns: { seq: c.int(), client_id: c.id(), mutation_id: c.int(), table_name: c.text(), row_id: c.text(), old_row_json: nullable(c.json()) },
    indexes: [
      { name: 'undo_log_mutation', columns: ['client_id', 'mutation_id'] },
      /** Whether a row has an unconfirmed change (the calendar's pending marks). */
      { name: 'undo_log_row', columns: ['table_name', 'row_id'] },
    ],
  },
  /**
   * Present (one row) only while a mutator runs on the device: triggers then record the pre-image of
   * every synced row it touches into `undo_log`. Empty during sync apply, so server rows are not captured.
   */
  mutation_capture: {
    kind: 'local',
    primaryKey: ['client_id'],
    columns: { client_id: c.id(), mutation_id: c.int() },
  },
  /**
   * Present (one row) only while the sync engine removes rows of an append-only synced table on the
   * device (`appointment_events`): a pending mutation's own rows undone before a rebase, rows the server
   * says left this device's scope, a shape fetched again whole, a revoke. The table's triggers refuse
   * every other update or delete (docs/scheduling.md, "Appointment events").
   */
  sync_engine_writes: {
    kind: 'local',
    primaryKey: ['holder'],
    columns: { holder: c.text() },
  },
  /** PHI-free busy blocks of physicians at facilities outside the user's scope (cross-facility scheduling). */
  busy_blocks: {
    kind: 'local',
    columns: {
      id: c.id(),
      clinic_id: c.id(),
      facility_id: c.id(),
      physician_id: c.id(),
      starts_at: c.instant(),
      ends_at: c.instant(),
      status: c.text(),
      deleted_at: nullable(c.instant()),
    },
    indexes: [{ name: 'busy_blocks_physician_start', columns: ['physician_id', 'starts_at'] }],
  },
  /**
   * Per invoice, ledger totals kept by SQLite triggers on the entry tables (charges, allocations,
   * adjustments): a derived index for A/R aging as of any date, never a source of truth. An invoice whose
   * last credit is on or before the as-of date has its current balance on that date; only the others
   * are summed from their entries.
   */
  invoice_ledger: {
    kind: 'local',
    primaryKey: ['invoice_id'],
    columns: {
      invoice_id: c.id(),
      charges_cents: c.cents(),
      credits_cents: c.cents(),
      first_service_on: nullable(c.date()),
      first_credit_on: nullable(c.date()),
      /** Upper bound of the latest credit's date (a removed entry never lowers it). */
      last_credit_on: nullable(c.date()),
    },
    indexes: [
      { name: 'invoice_ledger_last_credit', columns: ['last_credit_on'] },
      { name: 'invoice_ledger_open', columns: ['invoice_id'], where: 'charges_cents <> credits_cents' },
    ],
  },
  /**
   * Per invoice, its balance through time, kept by SQLite triggers on the entry tables and on `invoices`
   * (derived, never a source of truth): one row per distinct credit date plus one for the charges (which
   * count from the start, dated `0001-01-01`), each holding the balance after every entry dated on or
   * before `effective_on` and valid until the next row's date (`until_on`, exclusive; `9999-12-31` for
   * the latest). The balance on a day D is the row with `effective_on <= D < until_on`. The invoice's
   * aging attributes are copied onto its rows so A/R aging as of any date is one indexed read of the
   * open intervals, grouped and bucketed in SQL (docs/billing.md).
   */
  invoice_balance_history: {
    kind: 'local',
    primaryKey: ['invoice_id', 'effective_on'],
    columns: {
      invoice_id: c.id(),
      effective_on: c.date(),
      until_on: c.date(),
      balance_cents: c.cents(),
      /** The invoice's attributes (null until the invoice row is on the device). */
      clinic_id: nullable(c.id()),
      facility_id: nullable(c.id()),
      case_id: nullable(c.id()),
      payer_type: nullable(c.text()),
      /** The rendering physician of the invoice's first live line (by id): the aging breakdown by physician. */
      physician_id: nullable(c.id()),
      invoice_date: nullable(c.date()),
      /** Earliest live line's date of service, else the invoice date: the aging basis "date of service". */
      service_basis_on: nullable(c.date()),
      /** 1 when the invoice is live and neither a draft nor void (a receivable). */
      receivable: c.int(),
    },
    indexes: [
      {
        name: 'invoice_balance_history_open',
        columns: ['until_on', 'invoice_date', 'effective_on', 'receivable', 'clinic_id', 'payer_type', 'facility_id', 'case_id', 'physician_id', 'service_basis_on', 'balance_cents', 'invoice_id'],
        where: 'balance_cents <> 0',
      },
    ],
  },
  /** Mutations the server refused, kept with their input and reason until a person resolves them. */
  sync_issues: {
    kind: 'local',
    primaryKey: ['id'],
    columns: {
      id: c.id(),
      client_id: c.id(),
      mutation_id: c.int(),
      name: c.text(),
      args_json: c.json(),
      user_id: c.id(),
      code: c.text(),
      message: c.text(),
      details_json: c.json(),
      status: c.enum(SYNC_ISSUE_STATUSES),
      created_at: c.instant(),
      resolved_at: nullable(c.instant()),
    },
  },
} as const satisfies Record<string, TableDef>;
