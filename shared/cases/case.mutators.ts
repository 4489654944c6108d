import { sql, type Kysely } from 'kysely';
import { caseScope } from '../auth/row-scopes';
import { newRowStamp, toBit, updateStamp } from '../db/stamps';
import type { Database } from '../db/tables';
import { DomainError } from '../ipc/result';
import { assertDocument, assertPatientInScope, assertPhysicians, PROVISIONAL_MRN_PREFIX, reconcilePhysicians } from '../patients/patient.mutators';
import { mutator, type MutationContext } from '../sync/mutator';
import { caseInput, isPersonalInjury } from './case.contract';

/**
 * A new case's number, by the same scheme as MRNs: provisional on the device (derived from the case's
 * deterministic id), `C<year>-<six digits>` from the server under a lock of the clinic row.
 */
async function issueCaseNumber(tx: Kysely<Database>, ctx: MutationContext, caseId: string): Promise<string> {
  if (ctx.side === 'device') return `${PROVISIONAL_MRN_PREFIX}C${caseId.replaceAll('-', '').slice(-10).toUpperCase()}`;
  await tx.selectFrom('clinics').select('id').where('id', '=', ctx.subject.clinicId).forUpdate().execute();
  const year = new Date(ctx.now).getUTCFullYear();
  const prefix = `C${year}-`;
  const row = await sql<{ last: string | null }>`SELECT max(CAST(substr(case_number, ${prefix.length + 1}) AS integer))::text AS last FROM cases
    WHERE clinic_id = ${ctx.subject.clinicId} AND case_number ~ ${`^C${year}-[0-9]{1,9}$`}`.execute(tx);
  return `${prefix}${String(Number(row.rows[0]?.last ?? 0) + 1).padStart(6, '0')}`;
}

/**
 * Opens or updates a case: type, injury, attorney, LOP status with its document, status, physicians.
 * Billing waits for settlement (`billing_suspended`) while a PI case with an attorney is open or treating.
 */
export const saveCase = mutator({
  name: 'case.save',
  description: 'Open a case for a patient, or update one when `id` is given.',
  input: caseInput,
  permission: 'case.write',
  async run(tx, input, ctx) {
    const { subject, now } = ctx;
    await assertPatientInScope(tx, subject, input.patientId);
    if (input.attorneyId) {
      const attorney = await tx.selectFrom('attorneys').select('id').where('id', '=', input.attorneyId).where('clinic_id', '=', subject.clinicId).where('deleted_at', 'is', null).executeTakeFirst();
      if (!attorney) throw new DomainError('not_found', 'That attorney was not found.', [{ path: 'attorneyId', message: 'No such attorney' }]);
    }
    const physicianIds = await assertPhysicians(tx, subject, input.physicianIds);
    let caseId = input.id;
    if (input.lopDocumentId) await assertDocument(tx, subject, input.lopDocumentId, 'lop', 'lopDocumentId', { patientId: input.patientId, ...(caseId ? { caseId } : {}) });
    const values = {
      case_type: input.caseType, status: input.status, date_of_injury: input.dateOfInjury, accident_state: input.accidentState, description: input.description,
      attorney_id: input.attorneyId, lop_status: input.lopStatus, lop_document_id: input.lopDocumentId, policy_limit_cents: input.policyLimitCents,
      referral_source: input.referralSource,
      billing_suspended: toBit(isPersonalInjury(input.caseType) && input.attorneyId !== null && (input.status === 'open' || input.status === 'treating')),
    };
    if (caseId) {
      const current = await tx.selectFrom('cases').select(['id', 'patient_id', 'attorney_id']).where('id', '=', caseId).where('deleted_at', 'is', null).where(caseScope(subject)).executeTakeFirst();
      if (!current) throw new DomainError('not_found', 'That case was not found.');
      if (current.patient_id !== input.patientId) throw new DomainError('invalid_input', 'A case stays with its patient.', [{ path: 'patientId', message: 'Cannot move a case to another patient' }]);
      const attorneyChanged = current.attorney_id !== input.attorneyId;
      await tx.updateTable('cases').set({ ...values, ...updateStamp(subject, now), ...(attorneyChanged ? { last_attorney_contact_at: null } : {}) }).where('id', '=', caseId).execute();
    } else {
      caseId = ctx.newId();
      const caseNumber = await issueCaseNumber(tx, ctx, caseId);
      await tx.insertInto('cases').values({ ...newRowStamp(subject, now, caseId), patient_id: input.patientId, case_number: caseNumber, last_attorney_contact_at: null, ...values }).execute();
    }
    await reconcilePhysicians(tx, ctx, { table: 'case_physicians', owner: 'case_id' }, caseId, physicianIds);
    return caseId;
  },
});
