import { c, nullable, type RowOf, type TableDef } from '../../shared/db/columns';
import type { Database } from '../../shared/db/tables';

/**
 * Tables that exist only in the central Postgres: credentials, devices, tokens, and the sync
 * machinery (global version and change log). Never synced to a device.
 */
export const serverSchemaV1 = {
  /** Argon2id verifiers; the server is the source of truth for passwords. */
  server_credentials: {
    kind: 'server',
    primaryKey: ['user_id'],
    columns: {
      user_id: c.id('users'),
      password_hash: c.text(),
      password_changed_at: c.instant(),
      /** Set by someone else (an admin's reset, the operator's temporary password): the user must choose their own at the next sign-in. */
      must_change_password: c.bool(),
    },
  },
  /** An enrolled workstation. Revoking it ends its tokens and makes it wipe its replica at next contact. */
  devices: {
    kind: 'server',
    columns: {
      id: c.id(),
      clinic_id: c.id('clinics'),
      name: c.text(),
      enrolled_by: c.id('users'),
      enrolled_at: c.instant(),
      last_seen_at: nullable(c.instant()),
      revoked_at: nullable(c.instant()),
      revoked_by: nullable(c.id('users')),
    },
  },
  /** Refresh tokens, stored as SHA-256 of the token, bound to one device and one user. */
  refresh_tokens: {
    kind: 'server',
    primaryKey: ['token_hash'],
    columns: {
      token_hash: c.text(),
      user_id: c.id('users'),
      device_id: c.id('devices'),
      clinic_id: c.id('clinics'),
      issued_at: c.instant(),
      expires_at: c.instant(),
      revoked_at: nullable(c.instant()),
    },
    indexes: [{ name: 'refresh_tokens_device', columns: ['device_id'] }],
  },
  /** Failed logins per username and per address, for rate limiting shared by every server instance. */
  login_attempts: {
    kind: 'server',
    primaryKey: ['id'],
    columns: { id: c.id(), username: c.text(), address: c.text(), at: c.instant(), succeeded: c.bool() },
    indexes: [{ name: 'login_attempts_username_at', columns: ['username', 'at'] }, { name: 'login_attempts_address_at', columns: ['address', 'at'] }],
  },
  /** Server-wide settings shared by every instance (the token signing key lives here, not in memory). */
  server_settings: {
    kind: 'server',
    primaryKey: ['key'],
    columns: { key: c.text(), value: c.text() },
  },
  /**
   * Per device, the last audit entry the server verified and its hash. Verification on receipt resumes
   * here; a full check compares against it, so entries removed after they were verified (the chain's
   * tail included) and a chain rewritten from some point on are still found.
   */
  audit_chain_heads: {
    kind: 'server',
    primaryKey: ['device_id'],
    columns: { device_id: c.text(), clinic_id: c.id('clinics'), verified_seq: c.int(), verified_hash: c.text(), verified_at: c.instant() },
  },
  /** The last final invoice number issued per clinic; the row lock serializes numbering across devices. */
  invoice_number_counters: {
    kind: 'server',
    primaryKey: ['clinic_id'],
    columns: { clinic_id: c.id('clinics'), last_value: c.int() },
  },
  /**
   * The last X12 interchange control number (ISA13) issued per clinic: workstations ask the server for
   * the next one, so two workstations never send a clearinghouse the same number.
   */
  interchange_control_counters: {
    kind: 'server',
    primaryKey: ['clinic_id'],
    columns: { clinic_id: c.id('clinics'), last_value: c.int() },
  },
  /** One row: the global, commit-ordered version. Every synced write transaction takes the next value once. */
  sync_version: {
    kind: 'server',
    primaryKey: ['singleton'],
    columns: { singleton: c.int(), v: c.instant() },
  },
  /**
   * The change log the shape endpoint reads: one entry per row change (or scope "touch"), in
   * (version, op) order. Row images are text-valued JSON as Postgres prints them under pinned settings.
   */
  change_log: {
    kind: 'server',
    primaryKey: ['version', 'op'],
    columns: {
      version: c.instant(),
      op: c.int(),
      table_name: c.text(),
      row_id: c.text(),
      clinic_id: c.text(),
      operation: c.enum(['insert', 'update', 'delete', 'touch'] as const),
      new_row: nullable(c.json()),
      old_row: nullable(c.json()),
      changed_columns: nullable(c.json()),
      logged_at: c.instant(),
    },
    indexes: [{ name: 'change_log_shape', columns: ['clinic_id', 'table_name', 'version', 'op'] }],
  },
  /**
   * Per receivable invoice, what it contributes to `ar_summary` and `billing_cycle_summary`: its aggregate
   * keys and attributes and its cycle facts. Server-only (it names invoices); kept by the billing-summary
   * refresh so a change to one invoice recomputes only the keys it leaves and enters.
   */
  billing_summary_invoices: {
    kind: 'server',
    primaryKey: ['invoice_id'],
    columns: {
      invoice_id: c.text(),
      clinic_id: c.text(),
      summary_key: c.text(),
      cycle_key: c.text(),
      facility_id: c.text(),
      physician_id: nullable(c.text()),
      payer_type: c.text(),
      attorney_id: nullable(c.text()),
      service_on: c.date(),
      invoice_date: c.date(),
      billed_cents: c.cents(),
      collected_cents: c.cents(),
      exam_to_invoice_days: nullable(c.int()),
      invoice_to_sent_days: nullable(c.int()),
      sent_to_payment_days: nullable(c.int()),
      invoice_to_paid_days: nullable(c.int()),
    },
    indexes: [
      // Looked up by key alone: a key names its facility, so it belongs to one clinic.
      { name: 'billing_summary_invoices_key', columns: ['summary_key'] },
      { name: 'billing_summary_invoices_cycle_key', columns: ['cycle_key'] },
    ],
  },
  /** Per receivable invoice and day its balance changed: the change and whether it opened (+1) or closed (−1) then. */
  billing_summary_steps: {
    kind: 'server',
    primaryKey: ['invoice_id', 'effective_on'],
    columns: { invoice_id: c.text(), effective_on: c.date(), amount_cents: c.cents(), open_change: c.int() },
  },
  /** Invoices whose summary contribution must be recomputed before the transaction commits (filled by triggers). */
  billing_summary_dirty: {
    kind: 'server',
    primaryKey: ['invoice_id'],
    columns: { invoice_id: c.text() },
  },
} as const satisfies Record<string, TableDef>;

type ServerTables = typeof serverSchemaV1;

/** The server's kysely interface: every synced table plus the server-only ones. */
export type ServerDatabase = Database & { [K in keyof ServerTables]: RowOf<ServerTables[K]['columns']> };
