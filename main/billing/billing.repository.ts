import { sql, type Kysely } from 'kysely';
import type { Subject } from '../../shared/auth/permissions';
import { caseScope, invoiceScope, patientScope, scopesOf } from '../../shared/auth/row-scopes';
import type { AgingBasis, AgingBucketId, AgingGrouping } from '../../shared/billing/aging';
import { averageDays, collectionRate, daysBetween } from '../../shared/billing/aging';
import type {
  AccountLedger, BillingCycle, ClaimReadyInvoice, ClaimSettings, ClaimView, CodeRow, FeeRow, InvoiceDetail, InvoiceStatus, InvoiceSummary, LedgerRow, LineRef, LopCaseCard, NegotiationEntry, WorkQueue,
} from '../../shared/billing/billing.contract';
import { lineBalances } from '../../shared/billing/ledger.guards';
import { WORK_QUEUE_LIMIT } from '../../shared/billing/billing.contract';
import { ACTIVE_CLAIM_STATUSES } from '../../shared/billing/claim.mutators';
import { nextClaimPolicy, responsibilityLabel } from '../../shared/billing/coordination';
import { chunks } from '../../shared/db/chunks';
import type { Database, Row } from '../../shared/db/tables';
import { DomainError } from '../../shared/ipc/result';
import { localDate } from '../../shared/time/facility-time';
import { agingDrill, agingReport } from './aging.repository';

type Db = Kysely<Database>;

/** The clinic's 837P envelope from its row (`clinics.claim_*`), with the fallbacks of empty fields. */
export function claimSettingsOf(row: Row<'clinics'>): ClaimSettings {
  return {
    submitterId: row.claim_submitter_id, submitterName: row.claim_submitter_name, contactName: row.claim_contact_name, contactPhone: row.claim_contact_phone,
    receiverId: row.claim_receiver_id, receiverName: row.claim_receiver_name, usage: row.claim_file_usage,
    fallback: {
      submitterId: (row.tax_id ?? '').replace(/[^0-9]/g, ''), submitterName: row.legal_name ?? row.name, contactName: 'Billing office',
      contactPhone: (row.phone ?? '').replace(/[^0-9]/g, ''),
    },
    updatedAt: row.updated_at,
  };
}

const cents = (value: unknown) => Number(value ?? 0);

/** Invoices that take payments: issued and not yet paid (a paid one with a balance again is `partially_paid`). */
const OPEN_STATUSES: readonly InvoiceStatus[] = ['finalized', 'sent', 'partially_paid'];

/** Invoices whose case (if any) does not have its billing suspended (an LOP case waits for settlement). */
const notSuspended = sql<boolean>`(invoices.case_id IS NULL OR NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = invoices.case_id AND c.billing_suspended = 1))`;

/** Invoice summaries with balances from the replica's ledger totals, in the subject's scope. */
function summaryQuery(db: Db, subject: Subject) {
  return db.selectFrom('invoices')
    .innerJoin('patients', 'patients.id', 'invoices.patient_id')
    .leftJoin('cases', 'cases.id', 'invoices.case_id')
    .leftJoin('invoice_ledger as l', 'l.invoice_id', 'invoices.id')
    .select([
      'invoices.id', 'invoices.provisional_number', 'invoices.invoice_number', 'invoices.status', 'invoices.invoice_date', 'invoices.patient_id',
      'patients.first_name', 'patients.last_name', 'invoices.case_id', 'cases.case_number', 'invoices.facility_id', 'invoices.payer_type',
      'l.charges_cents', 'l.credits_cents',
    ])
    .where(invoiceScope(subject))
    .where('invoices.deleted_at', 'is', null);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['execute']>>[number];

function toSummary(row: SummaryRow): InvoiceSummary {
  const charges = cents(row.charges_cents);
  return {
    id: row.id, provisionalNumber: row.provisional_number, invoiceNumber: row.invoice_number, status: row.status, invoiceDate: row.invoice_date,
    patientId: row.patient_id, patientName: `${row.last_name}, ${row.first_name}`, caseId: row.case_id, caseNumber: row.case_number,
    facilityId: row.facility_id, payerType: row.payer_type, chargesCents: charges, balanceCents: charges - cents(row.credits_cents),
  };
}

/** The ledger rows of a set of invoices (and, for an account, its payments' unapplied parts and refunds), oldest first with a running balance. */
async function ledgerRows(db: Db, invoiceIds: readonly string[], paymentFilter: ((q: ReturnType<typeof paymentsQuery>) => ReturnType<typeof paymentsQuery>) | null): Promise<LedgerRow[]> {
  const rows: Omit<LedgerRow, 'balanceCents'>[] = [];
  if (invoiceIds.length > 0) {
    const [lines, allocations, adjustments] = await Promise.all([
      db.selectFrom('invoice_lines').innerJoin('invoices', 'invoices.id', 'invoice_lines.invoice_id')
        .select(['invoice_lines.id', 'invoice_lines.invoice_id', 'invoice_lines.procedure_code', 'invoice_lines.modifiers_json', 'invoice_lines.units', 'invoice_lines.amount_cents', 'invoice_lines.service_date', 'invoice_lines.created_at', 'invoices.status'])
        .where('invoice_lines.invoice_id', 'in', invoiceIds).where('invoice_lines.deleted_at', 'is', null).execute(),
      db.selectFrom('payment_allocations').innerJoin('payments', 'payments.id', 'payment_allocations.payment_id')
        .select(['payment_allocations.id', 'payment_allocations.invoice_id', 'payment_allocations.invoice_line_id', 'payment_allocations.amount_cents', 'payment_allocations.applied_on', 'payment_allocations.created_at', 'payments.payer_type', 'payments.method', 'payments.external_reference'])
        .where('payment_allocations.invoice_id', 'in', invoiceIds).where('payment_allocations.deleted_at', 'is', null).execute(),
      db.selectFrom('adjustments').select(['id', 'invoice_id', 'invoice_line_id', 'adjustment_kind', 'reason_code', 'amount_cents', 'posted_on', 'created_at'])
        .where('invoice_id', 'in', invoiceIds).where('deleted_at', 'is', null).execute(),
    ]);
    const lineRefs = new Map<string, LineRef>(lines.map((line) => [line.id, { lineId: line.id, procedureCode: line.procedure_code, modifiers: JSON.parse(line.modifiers_json) as string[], serviceDate: line.service_date }]));
    const lineOf = (id: string | null) => (id === null ? null : lineRefs.get(id) ?? null);
    for (const line of lines) rows.push({ id: line.id, date: line.service_date, kind: 'charge', invoiceId: line.invoice_id, description: `${line.procedure_code} × ${line.units}${line.status === 'draft' ? ' (draft)' : ''}`, amountCents: cents(line.amount_cents), postedAt: line.created_at, line: lineOf(line.id) });
    for (const entry of allocations) rows.push({ id: entry.id, date: entry.applied_on, kind: 'payment', invoiceId: entry.invoice_id, description: `Payment, ${entry.payer_type.replace('_', ' ')} ${entry.method}${entry.external_reference ? ` #${entry.external_reference}` : ''}`, amountCents: -cents(entry.amount_cents), postedAt: entry.created_at, line: lineOf(entry.invoice_line_id) });
    for (const entry of adjustments) rows.push({ id: entry.id, date: entry.posted_on, kind: 'adjustment', invoiceId: entry.invoice_id, description: `${entry.adjustment_kind.replace('_', '-')} ${entry.reason_code}`, amountCents: -cents(entry.amount_cents), postedAt: entry.created_at, line: lineOf(entry.invoice_line_id) });
  }
  if (paymentFilter) {
    const payments = await paymentFilter(paymentsQuery(db)).execute();
    for (const payment of payments) {
      const amount = cents(payment.amount_cents);
      if (amount < 0) {
        rows.push({ id: `${payment.id}:refund`, date: payment.received_on, kind: 'refund', invoiceId: null, description: `Refund ${payment.method}${payment.external_reference ? ` #${payment.external_reference}` : ''}`, amountCents: -amount, postedAt: payment.created_at });
        continue;
      }
      const unapplied = amount - cents(payment.allocated);
      if (unapplied !== 0) rows.push({ id: `${payment.id}:credit`, date: payment.received_on, kind: 'credit', invoiceId: null, description: `Unapplied credit, ${payment.payer_type.replace('_', ' ')} ${payment.method}${payment.external_reference ? ` #${payment.external_reference}` : ''}`, amountCents: -unapplied, postedAt: payment.created_at });
    }
  }
  rows.sort((a, b) => (a.date === b.date ? a.postedAt - b.postedAt || a.id.localeCompare(b.id) : a.date < b.date ? -1 : 1));
  let balance = 0;
  return rows.map((row) => ({ ...row, balanceCents: (balance += row.amountCents) }));
}

function paymentsQuery(db: Db) {
  return db.selectFrom('payments')
    .select(['payments.id', 'payments.amount_cents', 'payments.received_on', 'payments.method', 'payments.payer_type', 'payments.payer_name', 'payments.external_reference', 'payments.created_at', 'payments.patient_id',
      sql<number>`coalesce((SELECT sum(a.amount_cents) FROM payment_allocations a WHERE a.payment_id = payments.id AND a.deleted_at IS NULL), 0)`.as('allocated'),
      sql<number>`coalesce((SELECT sum(r.amount_cents) FROM payments r WHERE r.refund_of_payment_id = payments.id AND r.deleted_at IS NULL), 0)`.as('refunded')])
    .where('payments.deleted_at', 'is', null);
}

function claimQuery(db: Db, subject: Subject) {
  return db.selectFrom('claims').innerJoin('invoices', 'invoices.id', 'claims.invoice_id').innerJoin('patients', 'patients.id', 'invoices.patient_id')
    .innerJoin('insurance_policies', 'insurance_policies.id', 'claims.insurance_policy_id')
    .innerJoin('facilities', 'facilities.id', 'invoices.facility_id')
    .select(['claims.id', 'facilities.time_zone', 'claims.invoice_id', 'invoices.invoice_number', 'invoices.provisional_number', 'patients.first_name', 'patients.last_name', 'insurance_policies.payer_name', 'claims.batch_id', 'claims.control_number',
      'claims.status', 'claims.submitted_at', 'claims.status_changed_at', 'claims.status_date', 'claims.status_reason', 'claims.replaces_claim_id'])
    .where(invoiceScope(subject)).where('claims.deleted_at', 'is', null);
}

function toClaim(row: Awaited<ReturnType<ReturnType<typeof claimQuery>['execute']>>[number]): ClaimView {
  return {
    id: row.id, invoiceId: row.invoice_id, invoiceNumber: row.invoice_number ?? row.provisional_number, patientName: `${row.last_name}, ${row.first_name}`,
    payerName: row.payer_name, batchId: row.batch_id, controlNumber: row.control_number, status: row.status, submittedAt: row.submitted_at, statusChangedAt: row.status_changed_at,
    statusDate: row.status_date, timeZone: row.time_zone, statusReason: row.status_reason, replacesClaimId: row.replaces_claim_id,
  };
}

/** Whether a change to these invoice or line rows is still in this device's outbox (the server's copy has no undo log). */
async function invoiceSyncState(db: Db, rowIds: readonly string[]): Promise<'pending' | 'synced'> {
  const row = await db.selectFrom('undo_log').select('seq').where('table_name', 'in', ['invoices', 'invoice_lines']).where('row_id', 'in', rowIds).limit(1).executeTakeFirst();
  return row ? 'pending' : 'synced';
}

/** Billing reads as the subject may see them (invoice row scope: clinic, assigned facilities, or the attorney's cases). */
export function billingRepository(db: Db, subject: Subject) {
  return {
    /** The work queue of the billing office. */
    async workQueue(facilityId?: string): Promise<WorkQueue> {
      let exams = db.selectFrom('appointments')
        .innerJoin('exam_types', 'exam_types.id', 'appointments.exam_type_id').innerJoin('patients', 'patients.id', 'appointments.patient_id')
        .innerJoin('physicians', 'physicians.id', 'appointments.physician_id').innerJoin('facilities', 'facilities.id', 'appointments.facility_id')
        .leftJoin('cases', 'cases.id', 'appointments.case_id')
        .select(['appointments.id', 'appointments.starts_at', 'appointments.facility_id', 'facilities.time_zone', 'patients.first_name', 'patients.last_name',
          'exam_types.name as exam_name', 'physicians.first_name as physician_first', 'physicians.last_name as physician_last', 'cases.case_number'])
        .where('appointments.clinic_id', '=', subject.clinicId).where('appointments.status', '=', 'completed').where('appointments.deleted_at', 'is', null)
        .where('exam_types.is_billable', '=', 1)
        .where((eb) => eb.not(eb.exists(eb.selectFrom('invoice_lines').innerJoin('invoices', 'invoices.id', 'invoice_lines.invoice_id').select('invoice_lines.id')
          .whereRef('invoice_lines.appointment_id', '=', 'appointments.id').where('invoice_lines.deleted_at', 'is', null).where('invoices.status', '<>', 'void'))))
        .orderBy('appointments.starts_at').limit(WORK_QUEUE_LIMIT);
      if (facilityId) exams = exams.where('appointments.facility_id', '=', facilityId);
      if (!invoiceScopeIsClinic(subject)) exams = exams.where('appointments.facility_id', 'in', subject.facilityIds.length > 0 ? subject.facilityIds : ['']);
      const [examRows, drafts, claimable, denials, payments] = await Promise.all([
        exams.execute(),
        summaryQuery(db, subject).where('invoices.status', '=', 'draft').$if(facilityId !== undefined, (q) => q.where('invoices.facility_id', '=', facilityId as string)).orderBy('invoices.invoice_date').limit(WORK_QUEUE_LIMIT).execute(),
        summaryQuery(db, subject).where('invoices.status', 'in', OPEN_STATUSES).where('invoices.payer_type', '=', 'insurance').where('invoices.insurance_policy_id', 'is not', null)
          .where((eb) => eb.not(eb.exists(eb.selectFrom('claims').select('claims.id').whereRef('claims.invoice_id', '=', 'invoices.id').where('claims.deleted_at', 'is', null))))
          .where(notSuspended)
          .$if(facilityId !== undefined, (q) => q.where('invoices.facility_id', '=', facilityId as string)).orderBy('invoices.invoice_date').limit(WORK_QUEUE_LIMIT).execute(),
        claimQuery(db, subject).where('claims.status', 'in', ['rejected', 'denied'])
          .where((eb) => eb.not(eb.exists(eb.selectFrom('claims as r').select('r.id').whereRef('r.replaces_claim_id', '=', 'claims.id').where('r.deleted_at', 'is', null))))
          .orderBy('claims.status_changed_at', 'desc').limit(WORK_QUEUE_LIMIT).execute(),
        paymentsQuery(db).leftJoin('patients', 'patients.id', 'payments.patient_id').select(['patients.first_name', 'patients.last_name'])
          .where('payments.clinic_id', '=', subject.clinicId).where('payments.amount_cents', '>', 0)
          .where(sql<boolean>`payments.amount_cents + coalesce((SELECT sum(r.amount_cents) FROM payments r WHERE r.refund_of_payment_id = payments.id AND r.deleted_at IS NULL), 0) > coalesce((SELECT sum(a.amount_cents) FROM payment_allocations a WHERE a.payment_id = payments.id AND a.deleted_at IS NULL), 0)`)
          .$if(!invoiceScopeIsClinic(subject), (q) => q.where('payments.facility_id', 'in', subject.facilityIds.length > 0 ? subject.facilityIds : ['']))
          .orderBy('payments.received_on').limit(WORK_QUEUE_LIMIT).execute(),
      ]);
      return {
        unbilledExams: examRows.map((row) => ({
          appointmentId: row.id, startsAt: row.starts_at, facilityId: row.facility_id, timeZone: row.time_zone, patientName: `${row.last_name}, ${row.first_name}`,
          examTypeName: row.exam_name, physicianName: `Dr. ${row.physician_first} ${row.physician_last}`, caseNumber: row.case_number,
        })),
        drafts: drafts.map(toSummary),
        claimsToSend: claimable.map(toSummary),
        denials: denials.map(toClaim),
        unappliedPayments: payments.map((row) => ({
          paymentId: row.id, receivedOn: row.received_on, payerType: row.payer_type, payerName: row.payer_name, patientId: row.patient_id,
          patientName: row.last_name ? `${row.last_name}, ${row.first_name}` : null, reference: row.external_reference,
          unappliedCents: cents(row.amount_cents) - cents(row.allocated) + cents(row.refunded),
        })),
      };
    },

    async listInvoices(filter: { patientId?: string; caseId?: string; status?: InvoiceStatus; openOnly?: boolean; search?: string; limit: number }): Promise<InvoiceSummary[]> {
      let query = summaryQuery(db, subject);
      if (filter.patientId) query = query.where('invoices.patient_id', '=', filter.patientId);
      if (filter.caseId) query = query.where('invoices.case_id', '=', filter.caseId);
      if (filter.status) query = query.where('invoices.status', '=', filter.status);
      if (filter.openOnly) query = query.where('invoices.status', 'in', OPEN_STATUSES).where(sql<boolean>`l.charges_cents > l.credits_cents`);
      if (filter.search) {
        const term = `%${filter.search.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
        query = query.where((eb) => eb.or([
          eb('invoices.invoice_number', 'like', term), eb('invoices.provisional_number', 'like', term), eb('patients.last_name', 'like', term),
        ]));
      }
      return (await query.orderBy('invoices.invoice_date', filter.openOnly ? 'asc' : 'desc').orderBy('invoices.id').limit(filter.limit).execute()).map(toSummary);
    },

    async getInvoice(id: string): Promise<InvoiceDetail> {
      const row = await summaryQuery(db, subject).where('invoices.id', '=', id).executeTakeFirst();
      if (!row) throw new DomainError('not_found', 'That invoice was not found.');
      const [header, lines, claims, ledger] = await Promise.all([
        db.selectFrom('invoices').leftJoin('cases', 'cases.id', 'invoices.case_id')
          .select(['invoices.insurance_policy_id', 'invoices.due_date', 'invoices.finalized_at', 'invoices.sent_at', 'invoices.voided_at', 'invoices.void_reason', 'cases.billing_suspended'])
          .where('invoices.id', '=', id).executeTakeFirstOrThrow(),
        db.selectFrom('invoice_lines').innerJoin('physicians', 'physicians.id', 'invoice_lines.rendering_physician_id')
          .select(['invoice_lines.id', 'invoice_lines.procedure_code', 'invoice_lines.modifiers_json', 'invoice_lines.diagnosis_codes_json', 'invoice_lines.units', 'invoice_lines.unit_fee_cents',
            'invoice_lines.amount_cents', 'invoice_lines.service_date', 'invoice_lines.facility_id', 'invoice_lines.rendering_physician_id', 'invoice_lines.appointment_id',
            'physicians.first_name', 'physicians.last_name'])
          .where('invoice_lines.invoice_id', '=', id).where('invoice_lines.deleted_at', 'is', null).orderBy('invoice_lines.service_date').orderBy('invoice_lines.id').execute(),
        claimQuery(db, subject).where('claims.invoice_id', '=', id).orderBy('claims.submitted_at').execute(),
        ledgerRows(db, [id], null),
      ]);
      return {
        ...toSummary(row), insurancePolicyId: header.insurance_policy_id, dueDate: header.due_date, finalizedAt: header.finalized_at, sentAt: header.sent_at,
        voidedAt: header.voided_at, voidReason: header.void_reason, billingSuspended: header.billing_suspended === 1,
        lines: lines.map((line) => ({
          id: line.id, procedureCode: line.procedure_code, modifiers: JSON.parse(line.modifiers_json) as string[], diagnosisCodes: JSON.parse(line.diagnosis_codes_json) as string[],
          units: line.units, unitFeeCents: cents(line.unit_fee_cents), amountCents: cents(line.amount_cents), serviceDate: line.service_date, facilityId: line.facility_id,
          renderingPhysicianId: line.rendering_physician_id, renderingPhysicianName: `Dr. ${line.first_name} ${line.last_name}`, appointmentId: line.appointment_id,
        })),
        ledger, claims: claims.map(toClaim), syncState: await invoiceSyncState(db, [id, ...lines.map((line) => line.id)]),
      };
    },

    /** A patient's ledger (or one case's): invoices in scope, their entries, and the account's payments. */
    async account(patientId: string, caseId?: string): Promise<AccountLedger> {
      const patient = await db.selectFrom('patients').select(['id', 'first_name', 'last_name']).where(patientScope(subject)).where('patients.id', '=', patientId).executeTakeFirst();
      if (!patient) throw new DomainError('not_found', 'That patient was not found.');
      let invoicesQuery = summaryQuery(db, subject).where('invoices.patient_id', '=', patientId);
      if (caseId) invoicesQuery = invoicesQuery.where('invoices.case_id', '=', caseId);
      const invoices = (await invoicesQuery.orderBy('invoices.invoice_date').execute()).map(toSummary);
      const ids = invoices.map((invoice) => invoice.id);
      const accountPayments = (q: ReturnType<typeof paymentsQuery>) => {
        let scoped = q.where('payments.patient_id', '=', patientId).where('payments.clinic_id', '=', subject.clinicId);
        if (caseId) scoped = scoped.where('payments.case_id', '=', caseId);
        if (!invoiceScopeIsClinic(subject)) {
          // Outside the billing office, only payments that touch invoices in scope (an attorney sees their case's payments).
          scoped = scoped.where('payments.id', 'in', db.selectFrom('payment_allocations').select('payment_allocations.payment_id').where('payment_allocations.invoice_id', 'in', ids.length > 0 ? ids : ['']));
        }
        return scoped;
      };
      const openIds = invoices.filter((invoice) => OPEN_STATUSES.includes(invoice.status) && invoice.balanceCents > 0).map((invoice) => invoice.id);
      const [rows, payments, lines] = await Promise.all([ledgerRows(db, ids, accountPayments), accountPayments(paymentsQuery(db)).orderBy('payments.received_on').execute(), lineBalances(db, openIds)]);
      const unapplied = payments.reduce((sum, payment) => sum + (cents(payment.amount_cents) > 0 ? cents(payment.amount_cents) - cents(payment.allocated) + cents(payment.refunded) : 0), 0);
      return {
        patientId, patientName: `${patient.last_name}, ${patient.first_name}`, caseId: caseId ?? null, rows,
        invoicesBalanceCents: invoices.filter((invoice) => invoice.status !== 'draft').reduce((sum, invoice) => sum + invoice.balanceCents, 0),
        unappliedCreditCents: unapplied, invoices,
        openLines: lines.map((line) => ({
          invoiceId: line.invoiceId, lineId: line.lineId, procedureCode: line.procedureCode, modifiers: JSON.parse(line.modifiersJson) as string[], serviceDate: line.serviceDate,
          chargeCents: line.chargeCents, lineCreditsCents: line.lineCreditsCents, spreadCents: line.spreadCents, openCents: line.openCents,
        })),
        payments: payments.filter((payment) => cents(payment.amount_cents) > 0).map((payment) => ({
          id: payment.id, receivedOn: payment.received_on, payerType: payment.payer_type, method: payment.method, reference: payment.external_reference,
          amountCents: cents(payment.amount_cents), unappliedCents: cents(payment.amount_cents) - cents(payment.allocated) + cents(payment.refunded),
        })),
      };
    },

    /** Patients with invoices in scope, by name or MRN, with open balances. */
    async accounts(query: string, limit: number) {
      const term = `${query.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
      const rows = await db.selectFrom('patients')
        .innerJoin('invoices', 'invoices.patient_id', 'patients.id').leftJoin('invoice_ledger as l', 'l.invoice_id', 'invoices.id')
        .select(['patients.id', 'patients.first_name', 'patients.last_name', 'patients.mrn',
          sql<number>`coalesce(sum(CASE WHEN invoices.status IN ('finalized', 'sent', 'partially_paid') THEN l.charges_cents - l.credits_cents ELSE 0 END), 0)`.as('balance'),
          sql<number>`sum(CASE WHEN invoices.status IN ('finalized', 'sent', 'partially_paid') AND l.charges_cents > l.credits_cents THEN 1 ELSE 0 END)`.as('open_count')])
        .where(invoiceScope(subject)).where('invoices.deleted_at', 'is', null)
        .$if(query !== '', (q) => q.where((eb) => eb.or([eb('patients.last_name', 'like', term), eb('patients.first_name', 'like', term), eb('patients.mrn', 'like', term)])))
        .groupBy(['patients.id', 'patients.first_name', 'patients.last_name', 'patients.mrn'])
        .orderBy(sql`open_count`, 'desc').orderBy('patients.last_name').limit(limit).execute();
      return rows.map((row) => ({ patientId: row.id, name: `${row.last_name}, ${row.first_name}`, mrn: row.mrn, balanceCents: cents(row.balance), openInvoices: cents(row.open_count) }));
    },

    aging: (asOf: string, basis: AgingBasis, groupBy: AgingGrouping) => agingReport(db, subject, asOf, basis, groupBy),
    agingDrill: (input: { asOf: string; basis: AgingBasis; groupBy: AgingGrouping; groupKey: string; bucket?: AgingBucketId; limit: number }) => agingDrill(db, subject, input),

    /** Cycle times from the records themselves (exam completed, invoice created, sent, first credit, paid). */
    async cycle(from: string, to: string): Promise<BillingCycle> {
      const rows = await db.selectFrom('invoices').innerJoin('invoice_ledger as l', 'l.invoice_id', 'invoices.id').innerJoin('facilities', 'facilities.id', 'invoices.facility_id')
        .select(['invoices.id', 'invoices.invoice_date', 'invoices.sent_at', 'invoices.created_at', 'facilities.time_zone', 'l.charges_cents', 'l.credits_cents', 'l.first_credit_on', 'l.last_credit_on',
          sql<number | null>`(SELECT min(a.completed_at) FROM invoice_lines x JOIN appointments a ON a.id = x.appointment_id WHERE x.invoice_id = invoices.id)`.as('completed_at'),
          sql<number>`coalesce((SELECT sum(p.amount_cents) FROM payment_allocations p WHERE p.invoice_id = invoices.id AND p.deleted_at IS NULL), 0)`.as('collected')])
        .where(invoiceScope(subject)).where('invoices.deleted_at', 'is', null).where('invoices.status', 'not in', ['draft', 'void'])
        .where('invoices.invoice_date', '>=', from).where('invoices.invoice_date', '<=', to).execute();
      const average = (values: number[]) => averageDays(values.reduce((a, b) => a + b, 0), values.length);
      const examToInvoice: number[] = [];
      const toSent: number[] = [];
      const sentToPayment: number[] = [];
      const toPaid: number[] = [];
      let billed = 0;
      let collected = 0;
      for (const row of rows) {
        billed += cents(row.charges_cents);
        collected += cents(row.collected);
        if (row.completed_at) examToInvoice.push(Math.max(0, daysBetween(localDate(row.completed_at, row.time_zone), row.invoice_date)));
        const sentOn = row.sent_at ? localDate(row.sent_at, row.time_zone) : null;
        if (sentOn) toSent.push(Math.max(0, daysBetween(row.invoice_date, sentOn)));
        if (sentOn && row.first_credit_on) sentToPayment.push(Math.max(0, daysBetween(sentOn, row.first_credit_on)));
        if (cents(row.charges_cents) > 0 && cents(row.credits_cents) >= cents(row.charges_cents) && row.last_credit_on) toPaid.push(Math.max(0, daysBetween(row.invoice_date, row.last_credit_on)));
      }
      return {
        from, to, invoices: rows.length, billedCents: billed, collectedCents: collected, collectionRate: collectionRate(collected, billed),
        examToInvoiceDays: average(examToInvoice), invoiceToSentDays: average(toSent), sentToFirstPaymentDays: average(sentToPayment), invoiceToPaidDays: average(toPaid),
      };
    },

    /** LOP cases in scope, each with its balance and the latest negotiation entry. */
    async lopBoard(): Promise<LopCaseCard[]> {
      const cases = await db.selectFrom('cases').innerJoin('patients', 'patients.id', 'cases.patient_id').leftJoin('attorneys', 'attorneys.id', 'cases.attorney_id')
        .select(['cases.id', 'cases.case_number', 'cases.lop_status', 'cases.status', 'cases.billing_suspended', 'patients.first_name', 'patients.last_name', 'attorneys.name as attorney_name',
          sql<number>`coalesce((SELECT sum(l.charges_cents - l.credits_cents) FROM invoices i JOIN invoice_ledger l ON l.invoice_id = i.id WHERE i.case_id = cases.id AND i.deleted_at IS NULL AND i.status NOT IN ('draft', 'void')), 0)`.as('balance')])
        .where(caseScope(subject)).where('cases.deleted_at', 'is', null).where('cases.lop_status', '<>', 'none').orderBy('cases.case_number').execute();
      const entries = cases.length === 0 ? [] : await db.selectFrom('lop_negotiations').select(['case_id', 'entry_kind', 'payoff_cents', 'created_at'])
        .where('deleted_at', 'is', null).where('case_id', 'in', cases.map((row) => row.id)).orderBy('created_at').execute();
      const latest = new Map<string, (typeof entries)[number]>();
      for (const entry of entries) latest.set(entry.case_id, entry);
      return cases.map((row) => {
        const last = latest.get(row.id);
        // An accepted reduction with nothing left open is settled (the settlement was posted), even while the case itself stays open.
        const stage: LopCaseCard['stage'] = row.status === 'settled' || row.status === 'closed' || (last?.entry_kind === 'accepted' && cents(row.balance) <= 0) ? 'settled'
          : last?.entry_kind === 'accepted' ? 'accepted' : last ? 'negotiating' : 'treating';
        return {
          caseId: row.id, caseNumber: row.case_number, patientName: `${row.last_name}, ${row.first_name}`, attorneyName: row.attorney_name, lopStatus: row.lop_status,
          caseStatus: row.status, billingSuspended: row.billing_suspended === 1, balanceCents: cents(row.balance),
          lastEntry: last ? { kind: last.entry_kind, payoffCents: cents(last.payoff_cents), at: last.created_at } : null, stage,
        };
      });
    },

    async lopHistory(caseId: string): Promise<NegotiationEntry[]> {
      const visible = await db.selectFrom('cases').select('id').where(caseScope(subject)).where('cases.id', '=', caseId).executeTakeFirst();
      if (!visible) throw new DomainError('not_found', 'That case was not found.');
      const rows = await db.selectFrom('lop_negotiations').leftJoin('users', 'users.id', 'lop_negotiations.created_by')
        .select(['lop_negotiations.id', 'entry_kind', 'party', 'payoff_cents', 'balance_cents', 'note', 'lop_negotiations.created_at', 'users.display_name'])
        .where('case_id', '=', caseId).where('lop_negotiations.deleted_at', 'is', null).orderBy('lop_negotiations.created_at').execute();
      return rows.map((row) => ({
        id: row.id, kind: row.entry_kind, party: row.party, payoffCents: cents(row.payoff_cents), balanceCents: cents(row.balance_cents),
        reductionCents: cents(row.balance_cents) - cents(row.payoff_cents), note: row.note, recordedAt: row.created_at, recordedBy: row.display_name ?? 'Unknown user',
      }));
    },

    async claims(status: ClaimView['status'] | undefined, limit: number, payerName?: string): Promise<ClaimView[]> {
      return (await claimQuery(db, subject).$if(status !== undefined, (q) => q.where('claims.status', '=', status as ClaimView['status']))
        .$if(payerName !== undefined, (q) => q.where('insurance_policies.payer_name', '=', payerName as string))
        .orderBy('claims.submitted_at', 'desc').orderBy('claims.id', 'desc').limit(limit).execute()).map(toClaim);
    },

    /** Finalized insurance invoices with a policy and no claim, outside suspended cases: what `claim.submit` accepts. */
    /** The clinic's claim file envelope (not PHI; read by those who write claim files). */
    async claimSettings(): Promise<ClaimSettings> {
      const row = await db.selectFrom('clinics').selectAll().where('id', '=', subject.clinicId).executeTakeFirst();
      if (!row) throw new DomainError('not_found', 'The clinic was not found on this workstation.');
      return claimSettingsOf(row);
    },

    async claimReady(limit: number, payerName?: string): Promise<ClaimReadyInvoice[]> {
      const rows = await summaryQuery(db, subject).innerJoin('insurance_policies', 'insurance_policies.id', 'invoices.insurance_policy_id')
        .select(['insurance_policies.payer_name', 'insurance_policies.payer_id', 'insurance_policies.priority'])
        .where('invoices.status', 'in', OPEN_STATUSES).where('invoices.payer_type', '=', 'insurance')
        .where((eb) => eb.not(eb.exists(eb.selectFrom('claims').select('claims.id').whereRef('claims.invoice_id', '=', 'invoices.id').where('claims.deleted_at', 'is', null))))
        .where(notSuspended)
        .$if(payerName !== undefined, (q) => q.where('insurance_policies.payer_name', '=', payerName as string))
        .orderBy('invoices.invoice_date').orderBy('invoices.id').limit(limit).execute();
      const ready = (row: SummaryRow, policy: { payer_name: string; payer_id: string | null; priority: number }): ClaimReadyInvoice => {
        const summary = toSummary(row);
        return {
          invoiceId: summary.id, invoiceNumber: summary.invoiceNumber ?? summary.provisionalNumber, invoiceDate: summary.invoiceDate, patientName: summary.patientName,
          facilityId: summary.facilityId, payerName: policy.payer_name, payerId: policy.payer_id, responsibility: responsibilityLabel(policy.priority),
          chargesCents: summary.chargesCents, balanceCents: summary.balanceCents,
        };
      };
      const first = rows.map((row) => ready(row, row));
      // Next payers: a payer has paid, nothing is in progress, a balance is left, and the patient has another policy.
      const paidThen = await summaryQuery(db, subject).select('invoices.insurance_policy_id')
        .where('invoices.status', 'in', ['sent', 'partially_paid']).where('invoices.payer_type', '=', 'insurance').where('invoices.insurance_policy_id', 'is not', null)
        .where((eb) => eb.exists(eb.selectFrom('claims').select('claims.id').whereRef('claims.invoice_id', '=', 'invoices.id').where('claims.status', '=', 'paid').where('claims.deleted_at', 'is', null)))
        .where((eb) => eb.not(eb.exists(eb.selectFrom('claims').select('claims.id').whereRef('claims.invoice_id', '=', 'invoices.id').where('claims.status', 'in', [...ACTIVE_CLAIM_STATUSES]).where('claims.deleted_at', 'is', null))))
        .where(notSuspended)
        .orderBy('invoices.invoice_date').orderBy('invoices.id').limit(limit).execute();
      const open = paidThen.filter((row) => cents(row.charges_cents) - cents(row.credits_cents) > 0);
      const next: ClaimReadyInvoice[] = [];
      for (const part of chunks(open)) {
        const claims = await db.selectFrom('claims').select(['invoice_id', 'insurance_policy_id', 'status']).where('invoice_id', 'in', part.map((row) => row.id)).where('deleted_at', 'is', null).execute();
        const patientIds = [...new Set(part.map((row) => row.patient_id))];
        const policies = await db.selectFrom('insurance_policies').select(['id', 'patient_id', 'priority', 'payer_name', 'payer_id']).where('patient_id', 'in', patientIds).where('deleted_at', 'is', null).execute();
        for (const row of part) {
          const own = policies.filter((policy) => policy.patient_id === row.patient_id);
          const target = nextClaimPolicy(row.insurance_policy_id as string, own, claims.filter((claim) => claim.invoice_id === row.id).map((claim) => ({ policyId: claim.insurance_policy_id, status: claim.status })));
          const policy = target ? own.find((candidate) => candidate.id === target.policyId) : undefined;
          if (!policy || target?.priorPolicyIds.length === 0) continue;
          if (payerName !== undefined && policy.payer_name !== payerName) continue;
          next.push(ready(row, policy));
        }
      }
      return [...first, ...next].sort((a, b) => a.invoiceDate.localeCompare(b.invoiceDate) || a.invoiceId.localeCompare(b.invoiceId)).slice(0, limit);
    },

    async codes(kind: 'procedure' | 'diagnosis', search?: string): Promise<CodeRow[]> {
      const term = `${(search ?? '').toUpperCase()}%`;
      if (kind === 'procedure') {
        return (await db.selectFrom('procedure_codes').select(['id', 'code', 'description', 'code_system']).where('clinic_id', '=', subject.clinicId).where('deleted_at', 'is', null)
          .where('code', 'like', term).orderBy('code').limit(500).execute()).map((row) => ({ id: row.id, code: row.code, description: row.description, system: row.code_system }));
      }
      return (await db.selectFrom('diagnosis_codes').select(['id', 'code', 'description']).where('clinic_id', '=', subject.clinicId).where('deleted_at', 'is', null)
        .where('code', 'like', term).orderBy('code').limit(500).execute()).map((row) => ({ id: row.id, code: row.code, description: row.description, system: 'icd10' as const }));
    },

    async fees(procedureCode?: string): Promise<FeeRow[]> {
      return (await db.selectFrom('fee_schedule_entries').select(['id', 'procedure_code', 'modifier', 'payer_type', 'facility_id', 'fee_cents', 'effective_from'])
        .where('clinic_id', '=', subject.clinicId).where('deleted_at', 'is', null)
        .$if(procedureCode !== undefined, (q) => q.where('procedure_code', '=', (procedureCode as string).toUpperCase()))
        .orderBy('procedure_code').orderBy('effective_from', 'desc').limit(2000).execute()).map((row) => ({
        id: row.id, procedureCode: row.procedure_code, modifier: row.modifier, payerType: row.payer_type, facilityId: row.facility_id, feeCents: cents(row.fee_cents), effectiveFrom: row.effective_from,
      }));
    },

    async periods() {
      return (await db.selectFrom('financial_periods').leftJoin('users', 'users.id', 'financial_periods.closed_by')
        .select(['period', 'closed_at', 'users.display_name', 'note']).where('financial_periods.clinic_id', '=', subject.clinicId).where('financial_periods.deleted_at', 'is', null)
        .orderBy('period', 'desc').execute()).map((row) => ({ period: row.period, closedAt: row.closed_at, closedBy: row.display_name ?? 'Unknown user', note: row.note }));
    },
  };
}

function invoiceScopeIsClinic(subject: Subject): boolean {
  return scopesOf(subject, 'invoice').includes('clinic');
}
