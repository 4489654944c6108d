import type { Kysely } from 'kysely';
import { can, type Subject } from '../../shared/auth/permissions';
import { appointmentScope, caseScope, invoiceScope, scopesOf } from '../../shared/auth/row-scopes';
import { isPersonalInjury, type AttorneyCase, type CaseSummary } from '../../shared/cases/case.contract';
import { treatmentGap } from '../../shared/cases/treatment-gap';
import type { Database } from '../../shared/db/tables';
import { DomainError } from '../../shared/ipc/result';

/** Cases as the subject may see them (row scope `caseScope`, the same the server's shapes use). */
export function caseRepository(db: Kysely<Database>, subject: Subject, now: () => number = Date.now) {
  async function summaries(where: { patientId?: string; caseIds?: string[] }): Promise<CaseSummary[]> {
    if (scopesOf(subject, 'case').length === 0) return [];
    if (where.caseIds && where.caseIds.length === 0) return [];
    const rows = await db
      .selectFrom('cases')
      .leftJoin('attorneys', 'attorneys.id', 'cases.attorney_id')
      .selectAll('cases')
      .select(['attorneys.name as attorney_name', 'attorneys.firm_name'])
      .where('cases.deleted_at', 'is', null)
      .where(caseScope(subject))
      .$if(where.patientId !== undefined, (q) => q.where('cases.patient_id', '=', where.patientId as string))
      .$if(where.caseIds !== undefined, (q) => q.where('cases.id', 'in', where.caseIds as string[]))
      .orderBy('cases.created_at', 'desc')
      .execute();
    if (rows.length === 0) return [];
    const caseIds = rows.map((row) => row.id);
    const physicians = await db.selectFrom('case_physicians').select(['case_id', 'physician_id'])
      .where('case_id', 'in', caseIds).where('deleted_at', 'is', null).execute();
    const clinic = await db.selectFrom('clinics').select('treatment_gap_days').where('id', '=', subject.clinicId).executeTakeFirst();
    const gapDays = clinic?.treatment_gap_days ?? 14;
    const seesAppointments = scopesOf(subject, 'appointment').length > 0;
    const at = now();
    const result: CaseSummary[] = [];
    for (const row of rows) {
      let gap = null;
      if (seesAppointments && isPersonalInjury(row.case_type) && (row.status === 'open' || row.status === 'treating')) {
        const visits = db.selectFrom('appointments').where(appointmentScope(subject)).where('appointments.patient_id', '=', row.patient_id)
          .where('appointments.deleted_at', 'is', null).where('appointments.status', 'not in', ['cancelled', 'no_show'])
          .where((eb) => eb.or([eb('appointments.case_id', '=', row.id), eb('appointments.case_id', 'is', null)]));
        const last = await visits.select((eb) => eb.fn.max('appointments.starts_at').as('at')).where('appointments.starts_at', '<', at).executeTakeFirst();
        const next = await visits.select((eb) => eb.fn.min('appointments.starts_at').as('at')).where('appointments.starts_at', '>=', at).executeTakeFirst();
        gap = treatmentGap(at, gapDays, last?.at ?? null, next?.at ?? null);
      }
      result.push({
        id: row.id, patientId: row.patient_id, caseNumber: row.case_number, caseType: row.case_type, status: row.status, dateOfInjury: row.date_of_injury,
        accidentState: row.accident_state, description: row.description, attorneyId: row.attorney_id, attorneyName: row.attorney_name ?? null,
        firmName: row.firm_name ?? null, lopStatus: row.lop_status, lopDocumentId: row.lop_document_id, policyLimitCents: row.policy_limit_cents,
        referralSource: row.referral_source, physicianIds: physicians.filter((p) => p.case_id === row.id).map((p) => p.physician_id),
        billingSuspended: row.billing_suspended === 1, treatmentGap: gap, updatedAt: row.updated_at,
      });
    }
    return result;
  }

  return {
    forPatient: (patientId: string) => summaries({ patientId }),

    async get(caseId: string): Promise<CaseSummary> {
      const [found] = await summaries({ caseIds: [caseId] });
      if (!found) throw new DomainError('not_found', 'That case was not found.');
      return found;
    },

    /** The attorney's own cases with billing status and documents; never clinical notes or appointments. */
    async attorneyCases(): Promise<AttorneyCase[]> {
      if (!subject.attorneyId) return [];
      const cases = await db.selectFrom('cases').select('id').where('attorney_id', '=', subject.attorneyId).where('deleted_at', 'is', null).where(caseScope(subject)).execute();
      const list = await summaries({ caseIds: cases.map((c) => c.id) });
      const out: AttorneyCase[] = [];
      for (const entry of list) {
        const patient = await db.selectFrom('patients').select(['first_name', 'last_name', 'preferred_name', 'date_of_birth']).where('id', '=', entry.patientId).executeTakeFirst();
        const invoices = can(subject, 'invoice.read')
          ? await db.selectFrom('invoices').select(['id', 'invoice_number', 'provisional_number', 'invoice_date', 'status'])
              .where('case_id', '=', entry.id).where('deleted_at', 'is', null).where(invoiceScope(subject)).orderBy('invoice_date').execute()
          : [];
        const lines = invoices.length === 0 ? [] : await db.selectFrom('invoice_lines').select(['invoice_id', 'amount_cents'])
          .where('invoice_id', 'in', invoices.map((i) => i.id)).where('deleted_at', 'is', null).execute();
        const paid = invoices.length === 0 ? [] : await db.selectFrom('payment_allocations').select(['invoice_id', 'amount_cents'])
          .where('invoice_id', 'in', invoices.map((i) => i.id)).where('deleted_at', 'is', null).execute();
        const adjusted = invoices.length === 0 ? [] : await db.selectFrom('adjustments').select(['invoice_id', 'amount_cents'])
          .where('invoice_id', 'in', invoices.map((i) => i.id)).where('deleted_at', 'is', null).execute();
        const sum = (rows: { invoice_id: string; amount_cents: number }[], id: string) => rows.filter((r) => r.invoice_id === id).reduce((t, r) => t + r.amount_cents, 0);
        const invoiceViews = invoices.map((invoice) => ({
          id: invoice.id, number: invoice.invoice_number ?? invoice.provisional_number, date: invoice.invoice_date, status: invoice.status,
          totalCents: invoice.status === 'void' ? 0 : sum(lines, invoice.id), paidCents: sum(paid, invoice.id), adjustedCents: sum(adjusted, invoice.id),
        }));
        const documents = can(subject, 'document.read')
          ? await db.selectFrom('documents').select(['id', 'title', 'document_kind', 'updated_at'])
              .where((eb) => eb.or([eb('documents.case_id', '=', entry.id), eb.and([eb('documents.patient_id', '=', entry.patientId), eb('documents.case_id', 'is', null)])]))
              .where('deleted_at', 'is', null).orderBy('updated_at', 'desc').execute()
          : [];
        out.push({
          case: entry,
          patientName: patient ? `${patient.last_name}, ${patient.preferred_name ?? patient.first_name}` : 'Unknown patient',
          patientDateOfBirth: patient?.date_of_birth ?? '',
          invoices: invoiceViews,
          balanceCents: invoiceViews.reduce((t, i) => t + i.totalCents - i.paidCents - i.adjustedCents, 0),
          documents: documents.map((d) => ({ id: d.id, title: d.title, kind: d.document_kind, updatedAt: d.updated_at })),
        });
      }
      return out;
    },

    async attorneys() {
      const rows = await db.selectFrom('attorneys').select(['id', 'name', 'firm_name']).where('clinic_id', '=', subject.clinicId).where('deleted_at', 'is', null).orderBy('name').execute();
      return rows.map((row) => ({ id: row.id, name: row.name, firmName: row.firm_name }));
    },
  };
}
