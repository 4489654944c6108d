import { sql, type Kysely } from 'kysely';
import type { Subject } from '../auth/permissions';
import { patientScope, scopesOf } from '../auth/row-scopes';
import { newRowStamp, toBit, tombstoneStamp, updateStamp } from '../db/stamps';
import type { Database } from '../db/tables';
import { DomainError } from '../ipc/result';
import { mutator, type MutationContext } from '../sync/mutator';
import { patientInput } from './patient.contract';

/** Marks an MRN made on a workstation; the server replaces it with the clinic's next number. */
export const PROVISIONAL_MRN_PREFIX = 'P-';

export function isProvisionalMrn(mrn: string): boolean {
  return mrn.startsWith(PROVISIONAL_MRN_PREFIX);
}

/**
 * The MRN of a new patient (docs/patients.md, "MRN"). On the device: provisional, derived from the
 * patient's deterministic id, so it is unique and identical on every rebase. On the server: the
 * clinic's next number, under a lock of the clinic row so two workstations never get the same one.
 */
export async function issueMrn(tx: Kysely<Database>, ctx: MutationContext, patientId: string): Promise<string> {
  if (ctx.side === 'device') return `${PROVISIONAL_MRN_PREFIX}${patientId.replaceAll('-', '').slice(-10).toUpperCase()}`;
  await tx.selectFrom('clinics').select('id').where('id', '=', ctx.subject.clinicId).forUpdate().execute();
  const row = await sql<{ last: string | null }>`SELECT max(CAST(mrn AS bigint))::text AS last FROM patients
    WHERE clinic_id = ${ctx.subject.clinicId} AND mrn ~ '^[0-9]{1,15}$'`.execute(tx);
  const last = Number(row.rows[0]?.last ?? 100_000);
  return String(last + 1);
}

/** Whether the subject may see (and so edit) this patient: the same row scope as every read. */
export async function assertPatientInScope(tx: Kysely<Database>, subject: Subject, patientId: string): Promise<void> {
  const row = await tx.selectFrom('patients').select('id').where('id', '=', patientId).where('deleted_at', 'is', null).where(patientScope(subject)).executeTakeFirst();
  if (!row) throw new DomainError('not_found', 'That patient was not found.');
}

async function assertDocument(tx: Kysely<Database>, subject: Subject, documentId: string, kind: 'insurance_card' | 'lop', path: string, owners: { patientId: string; caseId?: string }) {
  const document = await tx.selectFrom('documents').select(['document_kind', 'patient_id', 'case_id']).where('id', '=', documentId)
    .where('clinic_id', '=', subject.clinicId).where('deleted_at', 'is', null).executeTakeFirst();
  if (!document) throw new DomainError('not_found', 'That document was not found.', [{ path, message: 'No such document' }]);
  if (document.document_kind !== kind) throw new DomainError('invalid_input', 'That document is of another kind.', [{ path, message: `Choose a document of kind ${kind}` }]);
  const belongs = document.patient_id === owners.patientId || (owners.caseId !== undefined && document.case_id === owners.caseId);
  if (!belongs) throw new DomainError('invalid_input', 'That document belongs to another patient.', [{ path, message: 'Choose a document of this patient' }]);
}

/** A live referring doctor of the caller's clinic (else `not_found` on `referringDoctorId`). */
export async function assertReferringDoctor(tx: Kysely<Database>, subject: Subject, referringDoctorId: string): Promise<void> {
  const doctor = await tx.selectFrom('referring_doctors').select('id').where('id', '=', referringDoctorId).where('clinic_id', '=', subject.clinicId).where('deleted_at', 'is', null).executeTakeFirst();
  if (!doctor) throw new DomainError('not_found', 'That referring doctor was not found.', [{ path: 'referringDoctorId', message: 'No such referring doctor' }]);
}

/** The distinct physician ids, each a live physician of the caller's clinic (else `not_found` on `physicianIds`). */
export async function assertPhysicians(tx: Kysely<Database>, subject: Subject, ids: readonly string[]): Promise<string[]> {
  const physicianIds = [...new Set(ids)];
  if (physicianIds.length > 0) {
    const found = await tx.selectFrom('physicians').select('id').where('id', 'in', physicianIds).where('clinic_id', '=', subject.clinicId).where('deleted_at', 'is', null).execute();
    if (found.length !== physicianIds.length) throw new DomainError('not_found', 'A physician was not found.', [{ path: 'physicianIds', message: 'No such physician' }]);
  }
  return physicianIds;
}

/** Physicians assigned to a patient or to a case: the link table and the column naming the owner. */
type PhysicianLinks = { readonly table: 'patient_physicians'; readonly owner: 'patient_id' } | { readonly table: 'case_physicians'; readonly owner: 'case_id' };

/** Tombstones the assignments no longer wanted and inserts the new ones. */
export async function reconcilePhysicians(tx: Kysely<Database>, ctx: MutationContext, links: PhysicianLinks, ownerId: string, physicianIds: readonly string[]): Promise<void> {
  const { subject, now } = ctx;
  const assigned = await tx.selectFrom(links.table).select(['id', 'physician_id']).where(links.owner, '=', ownerId).where('deleted_at', 'is', null).execute();
  for (const row of assigned) {
    if (!physicianIds.includes(row.physician_id)) await tx.updateTable(links.table).set(tombstoneStamp(subject, now)).where('id', '=', row.id).execute();
  }
  for (const physicianId of physicianIds) {
    if (!assigned.some((row) => row.physician_id === physicianId)) {
      await tx.insertInto(links.table).values({ ...newRowStamp(subject, now, ctx.newId()), [links.owner]: ownerId, physician_id: physicianId }).execute();
    }
  }
}

/**
 * Registers or updates a patient with contact preferences, physician assignments and insurance in
 * priority order (removed policies are tombstoned). Scope: a front desk registers at facilities it is
 * assigned to and edits only patients it may see.
 */
export const savePatient = mutator({
  name: 'patient.save',
  description: 'Register a patient, or update one when `id` is given, with insurance in priority order.',
  input: patientInput,
  permission: 'patient.write',
  async run(tx, input, ctx) {
    const { subject, now } = ctx;
    const scopes = scopesOf(subject, 'patient');
    if (!scopes.includes('clinic') && !(scopes.includes('assigned_facilities') && subject.facilityIds.includes(input.homeFacilityId))) {
      throw new DomainError('forbidden', 'You can register patients only at facilities you are assigned to.', [{ path: 'homeFacilityId', message: 'Not one of your facilities' }]);
    }
    const facility = await tx.selectFrom('facilities').select('id').where('id', '=', input.homeFacilityId).where('clinic_id', '=', subject.clinicId).where('deleted_at', 'is', null).executeTakeFirst();
    if (!facility) throw new DomainError('not_found', 'That facility was not found.', [{ path: 'homeFacilityId', message: 'No such facility' }]);
    if (input.referringDoctorId) await assertReferringDoctor(tx, subject, input.referringDoctorId);
    const physicianIds = await assertPhysicians(tx, subject, input.physicianIds);

    const values = {
      first_name: input.firstName, middle_name: input.middleName, last_name: input.lastName, preferred_name: input.preferredName,
      date_of_birth: input.dateOfBirth, sex: input.sex, phone: input.phone, email: input.email, address_line1: input.addressLine1,
      address_line2: input.addressLine2, city: input.city, state: input.state, postal_code: input.postalCode, preferred_language: input.preferredLanguage,
      sms_consent: toBit(input.smsConsent), email_consent: toBit(input.emailConsent), phone_consent: toBit(input.phoneConsent),
      emergency_contact_name: input.emergencyContactName, emergency_contact_phone: input.emergencyContactPhone,
      home_facility_id: input.homeFacilityId, referring_doctor_id: input.referringDoctorId, notes: input.notes,
    };
    let patientId = input.id;
    if (patientId) {
      await assertPatientInScope(tx, subject, patientId);
      const updated = await tx.updateTable('patients').set({ ...values, ...updateStamp(subject, now) })
        .where('id', '=', patientId).where('clinic_id', '=', subject.clinicId).where('deleted_at', 'is', null).where('merged_into_id', 'is', null).executeTakeFirst();
      if (updated.numUpdatedRows === 0n) throw new DomainError('not_found', 'That patient was not found or was merged into another record.');
    } else {
      patientId = ctx.newId();
      const mrn = await issueMrn(tx, ctx, patientId);
      await tx.insertInto('patients').values({ ...newRowStamp(subject, now, patientId), mrn, merged_into_id: null, ...values }).execute();
    }

    for (const [index, policy] of input.insurances.entries()) {
      for (const [field, documentId] of [['cardFrontDocumentId', policy.cardFrontDocumentId], ['cardBackDocumentId', policy.cardBackDocumentId]] as const) {
        if (documentId) await assertDocument(tx, subject, documentId, 'insurance_card', `insurances.${index}.${field}`, { patientId });
      }
    }
    const existingPolicies = await tx.selectFrom('insurance_policies').select('id').where('patient_id', '=', patientId).where('deleted_at', 'is', null).execute();
    const keep = new Set(input.insurances.map((policy) => policy.id).filter(Boolean));
    for (const row of existingPolicies) {
      if (!keep.has(row.id)) await tx.updateTable('insurance_policies').set(tombstoneStamp(subject, now)).where('id', '=', row.id).execute();
    }
    for (const policy of input.insurances) {
      const fields = {
        priority: policy.priority, payer_name: policy.payerName, payer_id: policy.payerId, member_id: policy.memberId, group_number: policy.groupNumber,
        subscriber_name: policy.subscriberName, subscriber_relationship: policy.subscriberRelationship, subscriber_date_of_birth: policy.subscriberDateOfBirth,
        effective_from: policy.effectiveFrom, effective_to: policy.effectiveTo, card_front_document_id: policy.cardFrontDocumentId, card_back_document_id: policy.cardBackDocumentId,
      };
      if (policy.id && existingPolicies.some((row) => row.id === policy.id)) {
        await tx.updateTable('insurance_policies').set({ ...fields, ...updateStamp(subject, now) }).where('id', '=', policy.id).execute();
      } else {
        await tx.insertInto('insurance_policies').values({ ...newRowStamp(subject, now, ctx.newId()), patient_id: patientId, ...fields }).execute();
      }
    }

    await reconcilePhysicians(tx, ctx, { table: 'patient_physicians', owner: 'patient_id' }, patientId, physicianIds);
    return patientId;
  },
});

export { assertDocument };
