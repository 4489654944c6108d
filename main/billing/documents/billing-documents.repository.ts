import { sql, type Kysely } from 'kysely';
import type { Subject } from '../../../shared/auth/permissions';
import { caseScope, invoiceScope, patientScope } from '../../../shared/auth/row-scopes';
import type {
  BillToDateDocument, ClaimDocument, DocumentCase, DocumentClinic, DocumentFacility, DocumentInvoice, DocumentPatient, DocumentPhysician,
  DocumentPolicy, InvoiceDocument, StatementDocument,
} from '../../../shared/billing/documents/document-model';
import type { Database, Row } from '../../../shared/db/tables';
import { PLACE_OF_SERVICE_OFFICE } from '../../../shared/billing/documents/cms1500';
import { adjudicationOf, attributeEntries, type PayerAdjudication, type PriorPayer } from '../../../shared/billing/coordination';
import { DomainError } from '../../../shared/ipc/result';
import { localDate } from '../../../shared/time/facility-time';
import type { WriteTransaction } from '../../db/connection';

/**
 * Reads for billing documents, bound to the caller's subject: every invoice passes the invoice row
 * scope, every patient the patient scope, every case the case scope (an attorney sees only their own
 * cases), so a document can never show a row its reader could not list.
 *
 * Balances come from the ledger rows — line charges, payment allocations and adjustments — through
 * `shared/billing/documents/ledger-math.ts`; the statement-run selection reads the replica's per-invoice
 * totals (`invoice_ledger`, kept by triggers on the same rows) instead of summing every entry again.
 */

/** Invoices that count on statements and bills: issued and not voided. */
const OPEN_STATUSES = ['finalized', 'sent', 'partially_paid', 'paid'] as const;
const CHUNK = 400;

function parseCodes(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
  } catch {
    return [];
  }
}

function chunks<T>(values: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let index = 0; index < values.length; index += size) out.push(values.slice(index, index + size));
  return out;
}

function toFacility(row: Row<'facilities'>): DocumentFacility {
  return {
    id: row.id, name: row.name, addressLine1: row.address_line1, addressLine2: row.address_line2, city: row.city, state: row.state,
    postalCode: row.postal_code, phone: row.phone, timeZone: row.time_zone, placeOfService: row.place_of_service ?? PLACE_OF_SERVICE_OFFICE,
  };
}

function toPatient(row: Row<'patients'>): DocumentPatient {
  return {
    id: row.id, mrn: row.mrn, firstName: row.first_name, middleName: row.middle_name, lastName: row.last_name, dateOfBirth: row.date_of_birth,
    sex: row.sex, phone: row.phone, addressLine1: row.address_line1, addressLine2: row.address_line2, city: row.city, state: row.state,
    postalCode: row.postal_code,
  };
}

function toPolicy(row: Row<'insurance_policies'>): DocumentPolicy {
  return {
    id: row.id, priority: row.priority, payerName: row.payer_name, payerId: row.payer_id, memberId: row.member_id, groupNumber: row.group_number,
    subscriberName: row.subscriber_name, subscriberRelationship: row.subscriber_relationship, subscriberDateOfBirth: row.subscriber_date_of_birth,
  };
}

export interface StatementSelection {
  /** Only patients registered at this facility (home facility). */
  readonly facilityId?: string | undefined;
  /** Only balances at or above this amount. */
  readonly minBalanceCents: number;
  readonly limit: number;
}

export function billingDocumentRepository(db: Kysely<Database>, subject: Subject) {
  const facilities = new Map<string, DocumentFacility>();
  const physicians = new Map<string, DocumentPhysician>();
  let clinic: DocumentClinic | null = null;

  async function loadClinic(): Promise<DocumentClinic> {
    if (clinic) return clinic;
    const row = await db.selectFrom('clinics').selectAll().where('id', '=', subject.clinicId).executeTakeFirst();
    if (!row) throw new DomainError('not_found', 'The clinic was not found on this workstation.');
    clinic = { name: row.name, legalName: row.legal_name, taxId: row.tax_id, npi: row.npi, phone: row.phone, email: row.email };
    return clinic;
  }

  async function loadFacilities(ids: readonly string[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !facilities.has(id));
    if (missing.length === 0) return;
    const rows = await db.selectFrom('facilities').selectAll().where('clinic_id', '=', subject.clinicId).where('id', 'in', missing).execute();
    for (const row of rows) facilities.set(row.id, toFacility(row));
  }

  async function facility(id: string): Promise<DocumentFacility> {
    await loadFacilities([id]);
    const found = facilities.get(id);
    if (!found) throw new DomainError('not_found', 'The facility was not found.');
    return found;
  }

  async function loadPhysicians(ids: readonly string[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !physicians.has(id));
    for (const part of chunks(missing)) {
      const rows = await db.selectFrom('physicians').selectAll().where('clinic_id', '=', subject.clinicId).where('id', 'in', part).execute();
      for (const row of rows) physicians.set(row.id, { id: row.id, firstName: row.first_name, lastName: row.last_name, credentials: row.credentials, npi: row.npi });
    }
  }

  /** Invoices (already in scope) with their lines, allocated payments and adjustments, in invoice-date order. */
  async function assembleInvoices(rows: readonly Row<'invoices'>[]): Promise<DocumentInvoice[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id);
    const lines: Row<'invoice_lines'>[] = [];
    const allocations: { invoice_id: string; amount_cents: number; payment: Pick<Row<'payments'>, 'id' | 'received_on' | 'payer_type' | 'payer_name' | 'method' | 'external_reference'> }[] = [];
    const adjustments: Row<'adjustments'>[] = [];
    for (const part of chunks(ids)) {
      lines.push(...await db.selectFrom('invoice_lines').selectAll().where('invoice_id', 'in', part).where('deleted_at', 'is', null)
        .orderBy('service_date').orderBy('id').execute());
      const allocated = await db.selectFrom('payment_allocations')
        .innerJoin('payments', 'payments.id', 'payment_allocations.payment_id')
        .select([
          'payment_allocations.invoice_id', 'payment_allocations.amount_cents as allocated_cents', 'payments.id', 'payments.received_on',
          'payments.payer_type', 'payments.payer_name', 'payments.method', 'payments.external_reference',
        ])
        .where('payment_allocations.invoice_id', 'in', part)
        .where('payment_allocations.deleted_at', 'is', null)
        .orderBy('payments.received_on').orderBy('payments.id')
        .execute();
      for (const row of allocated) {
        allocations.push({
          invoice_id: row.invoice_id, amount_cents: row.allocated_cents,
          payment: { id: row.id, received_on: row.received_on, payer_type: row.payer_type, payer_name: row.payer_name, method: row.method, external_reference: row.external_reference },
        });
      }
      adjustments.push(...await db.selectFrom('adjustments').selectAll().where('invoice_id', 'in', part).where('deleted_at', 'is', null)
        .orderBy('posted_on').orderBy('id').execute());
    }
    await loadFacilities([...rows.map((row) => row.facility_id), ...lines.map((line) => line.facility_id)]);
    await loadPhysicians(lines.map((line) => line.rendering_physician_id));
    const policyIds = rows.map((row) => row.insurance_policy_id).filter((id): id is string => id !== null);
    const payerNames = new Map<string, string>();
    for (const part of chunks(policyIds)) {
      for (const policy of await db.selectFrom('insurance_policies').select(['id', 'payer_name']).where('id', 'in', part).execute()) payerNames.set(policy.id, policy.payer_name);
    }
    // Several allocations of one payment to one invoice (line-level remittance) show as one payment.
    const paymentsByInvoice = new Map<string, Map<string, DocumentInvoice['payments'][number]>>();
    for (const allocation of allocations) {
      const byPayment = paymentsByInvoice.get(allocation.invoice_id) ?? new Map<string, DocumentInvoice['payments'][number]>();
      const existing = byPayment.get(allocation.payment.id);
      byPayment.set(allocation.payment.id, {
        id: allocation.payment.id, receivedOn: allocation.payment.received_on, payerType: allocation.payment.payer_type,
        payerName: allocation.payment.payer_name, method: allocation.payment.method, reference: allocation.payment.external_reference,
        amountCents: (existing?.amountCents ?? 0) + allocation.amount_cents,
      });
      paymentsByInvoice.set(allocation.invoice_id, byPayment);
    }
    const unknownPhysician = (id: string): DocumentPhysician => ({ id, firstName: '', lastName: 'Unknown provider', credentials: null, npi: '' });
    return [...rows]
      .sort((left, right) => left.invoice_date.localeCompare(right.invoice_date) || left.id.localeCompare(right.id))
      .map((row) => ({
        id: row.id,
        number: row.invoice_number ?? row.provisional_number,
        isProvisional: row.invoice_number === null,
        status: row.status,
        invoiceDate: row.invoice_date,
        dueDate: row.due_date,
        payerType: row.payer_type,
        payerName: row.insurance_policy_id ? (payerNames.get(row.insurance_policy_id) ?? null) : null,
        facility: facilities.get(row.facility_id) as DocumentFacility,
        lines: lines.filter((line) => line.invoice_id === row.id).map((line) => ({
          id: line.id, serviceDate: line.service_date, procedureCode: line.procedure_code, modifiers: parseCodes(line.modifiers_json),
          diagnosisCodes: parseCodes(line.diagnosis_codes_json), units: line.units, unitFeeCents: line.unit_fee_cents, amountCents: line.amount_cents,
          renderingPhysician: physicians.get(line.rendering_physician_id) ?? unknownPhysician(line.rendering_physician_id), facilityId: line.facility_id,
        })),
        payments: [...(paymentsByInvoice.get(row.id)?.values() ?? [])],
        adjustments: adjustments.filter((adjustment) => adjustment.invoice_id === row.id).map((adjustment) => ({
          id: adjustment.id, postedOn: adjustment.posted_on, kind: adjustment.adjustment_kind, reasonCode: adjustment.reason_code,
          memo: adjustment.memo, amountCents: adjustment.amount_cents,
        })),
      }));
  }

  async function visiblePatient(id: string): Promise<DocumentPatient> {
    const row = await db.selectFrom('patients').selectAll().where(patientScope(subject)).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
    if (!row) throw new DomainError('not_found', 'That patient was not found.');
    return toPatient(row);
  }

  async function caseOf(id: string | null, scoped: boolean): Promise<DocumentCase | null> {
    if (!id) return null;
    const row = await db.selectFrom('cases').selectAll().where('id', '=', id).where('deleted_at', 'is', null)
      .$if(scoped, (query) => query.where(caseScope(subject)))
      .where('clinic_id', '=', subject.clinicId)
      .executeTakeFirst();
    if (!row) return null;
    const attorney = row.attorney_id
      ? await db.selectFrom('attorneys').selectAll().where('id', '=', row.attorney_id).executeTakeFirst()
      : undefined;
    return {
      id: row.id, caseNumber: row.case_number, caseType: row.case_type, dateOfInjury: row.date_of_injury, accidentState: row.accident_state,
      description: row.description, lopStatus: row.lop_status,
      attorney: attorney ? { name: attorney.name, firmName: attorney.firm_name, phone: attorney.phone, email: attorney.email, address: attorney.address } : null,
    };
  }

  /** Open invoices of several patients, in scope, grouped by patient. */
  async function openInvoicesOf(patientIds: readonly string[]): Promise<Map<string, DocumentInvoice[]>> {
    const rows: Row<'invoices'>[] = [];
    for (const part of chunks(patientIds)) {
      rows.push(...await db.selectFrom('invoices').selectAll().where(invoiceScope(subject)).where('patient_id', 'in', part)
        .where('status', 'in', OPEN_STATUSES).where('deleted_at', 'is', null).execute());
    }
    const invoices = await assembleInvoices(rows);
    const patientOf = new Map(rows.map((row) => [row.id, row.patient_id]));
    const grouped = new Map<string, DocumentInvoice[]>();
    for (const invoice of invoices) {
      const patientId = patientOf.get(invoice.id) as string;
      grouped.set(patientId, [...(grouped.get(patientId) ?? []), invoice]);
    }
    return grouped;
  }

  /**
   * What each earlier payer of this claim (a policy ranked before the claim's, with a paid claim on the
   * invoice) paid and adjusted, from the invoice's ledger entries (rules in `shared/billing/coordination.ts`).
   */
  async function priorAdjudications(claim: Row<'claims'>, invoice: DocumentInvoice, priority: number, others: readonly Row<'insurance_policies'>[]): Promise<Map<string, PayerAdjudication>> {
    const out = new Map<string, PayerAdjudication>();
    const claims = await db.selectFrom('claims').select(['insurance_policy_id', 'status', 'submitted_at', 'status_date'])
      .where('invoice_id', '=', claim.invoice_id).where('deleted_at', 'is', null).execute();
    const earlier = others.filter((row) => row.priority < priority && claims.some((entry) => entry.insurance_policy_id === row.id && entry.status === 'paid'));
    if (earlier.length === 0) return out;
    const zone = invoice.facility.timeZone;
    const firstSubmitted = (policyId: string) => {
      const instants = claims.filter((entry) => entry.insurance_policy_id === policyId && entry.submitted_at !== null).map((entry) => entry.submitted_at as number);
      return instants.length > 0 ? localDate(Math.min(...instants), zone) : '0001-01-01';
    };
    const thisSubmitted = localDate(claim.submitted_at ?? claim.created_at, zone);
    const payers: PriorPayer[] = earlier.map((row, index) => {
      const next = earlier[index + 1];
      return { policyId: row.id, payerName: row.payer_name, windowStart: firstSubmitted(row.id), windowEnd: next ? firstSubmitted(next.id) : thisSubmitted };
    });
    const [payments, adjustments] = await Promise.all([
      db.selectFrom('payment_allocations').innerJoin('payments', 'payments.id', 'payment_allocations.payment_id')
        .select(['payments.payer_type', 'payments.payer_name', 'payment_allocations.invoice_line_id', 'payment_allocations.amount_cents', 'payment_allocations.applied_on'])
        .where('payment_allocations.invoice_id', '=', claim.invoice_id).where('payment_allocations.deleted_at', 'is', null).where('payments.deleted_at', 'is', null)
        .orderBy('payment_allocations.applied_on').orderBy('payment_allocations.id').execute(),
      db.selectFrom('adjustments').select(['reason_code', 'invoice_line_id', 'amount_cents', 'posted_on'])
        .where('invoice_id', '=', claim.invoice_id).where('deleted_at', 'is', null).orderBy('posted_on').orderBy('id').execute(),
    ]);
    const attributed = attributeEntries(
      payers,
      payments.map((row) => ({ payerType: row.payer_type, payerName: row.payer_name, invoiceLineId: row.invoice_line_id, amountCents: Number(row.amount_cents), date: row.applied_on })),
      adjustments.map((row) => ({ reasonCode: row.reason_code, invoiceLineId: row.invoice_line_id, amountCents: Number(row.amount_cents), date: row.posted_on })),
    );
    for (const payer of payers) {
      const paidClaim = claims.filter((entry) => entry.insurance_policy_id === payer.policyId && entry.status === 'paid').sort((a, b) => (b.status_date ?? '').localeCompare(a.status_date ?? ''))[0];
      const entries = attributed.get(payer.policyId) ?? { payments: [], adjustments: [] };
      const adjudication = adjudicationOf(invoice.lines, entries, paidClaim?.status_date ?? null);
      out.set(payer.policyId, { ...adjudication, adjudicatedOn: adjudication.adjudicatedOn || payer.windowEnd });
    }
    return out;
  }

  return {
    /** One invoice as the subject may see it; asOf is today in the invoice's facility zone. */
    async invoice(invoiceId: string, now: number): Promise<InvoiceDocument> {
      const row = await db.selectFrom('invoices').selectAll().where(invoiceScope(subject)).where('id', '=', invoiceId).where('deleted_at', 'is', null).executeTakeFirst();
      if (!row) throw new DomainError('not_found', 'That invoice was not found.');
      const [invoice] = await assembleInvoices([row]);
      const patient = await db.selectFrom('patients').selectAll().where('id', '=', row.patient_id).executeTakeFirst();
      if (!invoice || !patient) throw new DomainError('not_found', 'That invoice was not found.');
      return { clinic: await loadClinic(), patient: toPatient(patient), case: await caseOf(row.case_id, false), invoice, asOf: localDate(now, invoice.facility.timeZone) };
    },

    /** The patient's statement: their open invoices in scope, aged on today's date at their home facility. */
    async statement(patientId: string, now: number, asOf?: string): Promise<StatementDocument> {
      const patient = await visiblePatient(patientId);
      const home = await db.selectFrom('patients').select('home_facility_id').where('id', '=', patientId).executeTakeFirstOrThrow();
      const facilityRow = await facility(home.home_facility_id);
      const invoices = (await openInvoicesOf([patientId])).get(patientId) ?? [];
      return { clinic: await loadClinic(), facility: facilityRow, patient, invoices, asOf: asOf ?? localDate(now, facilityRow.timeZone) };
    },

    /** Statements for many patients at once (the statement run), in the order given. */
    async statements(patientIds: readonly string[], now: number, asOf?: string): Promise<StatementDocument[]> {
      const clinicRow = await loadClinic();
      const patientRows: Row<'patients'>[] = [];
      for (const part of chunks(patientIds)) {
        patientRows.push(...await db.selectFrom('patients').selectAll().where(patientScope(subject)).where('id', 'in', part).where('deleted_at', 'is', null).execute());
      }
      await loadFacilities(patientRows.map((row) => row.home_facility_id));
      const invoices = await openInvoicesOf(patientRows.map((row) => row.id));
      const byId = new Map(patientRows.map((row) => [row.id, row]));
      return patientIds.flatMap((id) => {
        const row = byId.get(id);
        if (!row) return [];
        const home = facilities.get(row.home_facility_id) as DocumentFacility;
        return [{ clinic: clinicRow, facility: home, patient: toPatient(row), invoices: invoices.get(id) ?? [], asOf: asOf ?? localDate(now, home.timeZone) }];
      });
    },

    /**
     * Patients whose open balance (in the subject's invoice scope) is at least `minBalanceCents`,
     * by name: who gets a statement in a statement run.
     */
    async statementPatients(selection: StatementSelection): Promise<{ patientId: string; balanceCents: number }[]> {
      const balance = sql<number>`sum(l.charges_cents - l.credits_cents)`;
      const balances = await db.selectFrom('invoices')
        .innerJoin('invoice_ledger as l', 'l.invoice_id', 'invoices.id')
        .select(['invoices.patient_id', balance.as('balance')])
        .where(invoiceScope(subject))
        .where('invoices.status', 'in', OPEN_STATUSES)
        .where('invoices.deleted_at', 'is', null)
        .where('invoices.patient_id', 'in', (eb) => eb.selectFrom('patients').select('patients.id').where(patientScope(subject)).where('patients.deleted_at', 'is', null)
          .$if(selection.facilityId !== undefined, (query) => query.where('patients.home_facility_id', '=', selection.facilityId as string)))
        .groupBy('invoices.patient_id')
        .having(balance, '>=', Math.max(1, selection.minBalanceCents))
        .execute();
      const names = new Map<string, string>();
      for (const part of chunks(balances.map((row) => row.patient_id))) {
        for (const row of await db.selectFrom('patients').select(['id', 'last_name', 'first_name']).where('id', 'in', part).execute()) names.set(row.id, `${row.last_name}\u0000${row.first_name}\u0000${row.id}`);
      }
      return balances
        .map((row) => ({ patientId: row.patient_id, balanceCents: Number(row.balance) }))
        .sort((left, right) => (names.get(left.patientId) ?? '').localeCompare(names.get(right.patientId) ?? ''))
        .slice(0, selection.limit);
    },

    /** The bill-to-date of a case the subject may see (an attorney: only their own cases). */
    async billToDate(caseId: string, now: number): Promise<BillToDateDocument> {
      const theCase = await caseOf(caseId, true);
      if (!theCase) throw new DomainError('not_found', 'That case was not found.');
      const caseRow = await db.selectFrom('cases').select('patient_id').where('id', '=', caseId).executeTakeFirstOrThrow();
      const patient = await db.selectFrom('patients').selectAll().where('id', '=', caseRow.patient_id).executeTakeFirst();
      if (!patient) throw new DomainError('not_found', 'That case was not found.');
      const rows = await db.selectFrom('invoices').selectAll().where(invoiceScope(subject)).where('case_id', '=', caseId)
        .where('status', 'in', OPEN_STATUSES).where('deleted_at', 'is', null).execute();
      const invoices = await assembleInvoices(rows);
      const facilityRow = invoices[0]?.facility ?? await facility(patient.home_facility_id);
      return { clinic: await loadClinic(), facility: facilityRow, patient: toPatient(patient), case: theCase, invoices, asOf: localDate(now, facilityRow.timeZone) };
    },

    /** A claim with everything the CMS-1500 and the 837P need. */
    async claim(claimId: string, now: number): Promise<ClaimDocument> {
      const claim = await db.selectFrom('claims').selectAll().where('id', '=', claimId).where('clinic_id', '=', subject.clinicId).where('deleted_at', 'is', null).executeTakeFirst();
      if (!claim) throw new DomainError('not_found', 'That claim was not found.');
      const row = await db.selectFrom('invoices').selectAll().where(invoiceScope(subject)).where('id', '=', claim.invoice_id).executeTakeFirst();
      if (!row) throw new DomainError('not_found', 'That claim was not found.');
      const [invoice] = await assembleInvoices([row]);
      const patient = await db.selectFrom('patients').selectAll().where('id', '=', row.patient_id).executeTakeFirst();
      const policy = await db.selectFrom('insurance_policies').selectAll().where('id', '=', claim.insurance_policy_id).executeTakeFirst();
      if (!invoice || !patient || !policy) throw new DomainError('not_found', 'That claim is missing its invoice, patient or policy.');
      const others = await db.selectFrom('insurance_policies').selectAll().where('patient_id', '=', patient.id).where('id', '!=', policy.id)
        .where('deleted_at', 'is', null).orderBy('priority').orderBy('id').execute();
      const other = others[0];
      const adjudications = await priorAdjudications(claim, invoice, policy.priority, others);
      const referrer = patient.referring_doctor_id
        ? await db.selectFrom('referring_doctors').select(['name', 'npi']).where('id', '=', patient.referring_doctor_id).executeTakeFirst()
        : undefined;
      const replaced = claim.replaces_claim_id
        ? await db.selectFrom('claims').select('control_number').where('id', '=', claim.replaces_claim_id).executeTakeFirst()
        : undefined;
      return {
        claimId: claim.id, controlNumber: claim.control_number, clinic: await loadClinic(), billingFacility: invoice.facility, patient: toPatient(patient),
        case: await caseOf(row.case_id, false), policy: toPolicy(policy), otherPolicy: other ? toPolicy(other) : null, invoice,
        otherPayers: others.map((row) => ({ policy: toPolicy(row), adjudication: adjudications.get(row.id) ?? null })),
        referringProvider: referrer ? { name: referrer.name, npi: referrer.npi } : null,
        replacesControlNumber: replaced?.control_number ?? null,
        asOf: localDate(now, invoice.facility.timeZone),
      };
    },

    /** The patient of an invoice, case or claim, for the audit entry. */
    async patientIdOf(kind: 'invoice' | 'case' | 'claim', id: string): Promise<string | null> {
      if (kind === 'invoice') return (await db.selectFrom('invoices').select('patient_id').where('id', '=', id).executeTakeFirst())?.patient_id ?? null;
      if (kind === 'case') return (await db.selectFrom('cases').select('patient_id').where('id', '=', id).executeTakeFirst())?.patient_id ?? null;
      const claim = await db.selectFrom('claims').innerJoin('invoices', 'invoices.id', 'claims.invoice_id').select('invoices.patient_id').where('claims.id', '=', id).executeTakeFirst();
      return claim?.patient_id ?? null;
    },
  };
}

export type BillingDocumentRepository = ReturnType<typeof billingDocumentRepository>;

const CONTROL_KEY = 'x12.interchange_control_number';

/**
 * The next ISA13 interchange control number of a workstation that works without a clinic server
 * (1…999,999,999, then round again), taken in the caller's write transaction so two exports never share
 * one. With a server, the number comes from `POST /v1/billing/interchange-control-numbers` instead.
 */
export async function nextInterchangeControlNumber(tx: WriteTransaction): Promise<number> {
  const row = await tx.selectFrom('device_settings').select('value').where('key', '=', CONTROL_KEY).executeTakeFirst();
  const next = row ? (Number(row.value) % 999_999_999) + 1 : 1;
  await tx.insertInto('device_settings').values({ key: CONTROL_KEY, value: String(next) })
    .onConflict((conflict) => conflict.column('key').doUpdateSet({ value: String(next) })).execute();
  return next;
}
