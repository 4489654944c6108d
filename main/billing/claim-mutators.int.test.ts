import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, type Role, type Subject } from '../../shared/auth/permissions';
import type { Database } from '../../shared/db/tables';
import { newId } from '../../shared/ids';
import { DomainError } from '../../shared/ipc/result';
import { validate837P } from '../../shared/billing/x12/x12-validate';
import { mutators, type MutatorName } from '../../shared/sync/mutators';
import { mutationIdFactory, type MutationContext } from '../../shared/sync/mutator';
import { facilityInput } from '../../test/support/facility-input';
import { createTestDatabase, type TestDatabase } from '../../test/support/postgres';
import { closeDatabase, openDatabase, type Replica } from '../db/connection';
import { migrateToLatest } from '../db/migrate';
import { billingDocumentRepository } from './documents/billing-documents.repository';
import { write837P } from './documents/x12-file';

/**
 * The claim mutators and the set-up writes they depend on, run the same way on a real SQLite replica
 * and on the real Postgres (the server runs the same mutator): a payer's date checked in the facility's
 * zone, the claim going to the secondary once the primary has paid, the clinic's claim file settings,
 * and a facility's place of service. On SQLite the secondary claim's document and 837P are read back.
 */

type Outcome = { ok: true; value: unknown } | { ok: false; code: string; fields: readonly { path: string; message: string }[] };

interface Clinic {
  readonly db: Kysely<Database>;
  /** The device runs mutators on SQLite, the server on Postgres (row locks there). */
  readonly side: MutationContext['side'];
  readonly clinicId: string;
  readonly facilityId: string;
  readonly invoiceId: string;
  readonly lineIds: readonly [string, string];
  readonly policies: { readonly primary: string; readonly secondary: string };
  readonly subject: (role: Role) => Subject;
}

let mutationCounter = 0;

/** Runs a named mutator as the server and the device do: permission, zod input, then `run` in one transaction. */
async function mutate(clinic: Clinic, role: Role, name: MutatorName, args: unknown, now: number): Promise<Outcome> {
  const subject = clinic.subject(role);
  const def = mutators[name];
  if (!can(subject, def.permission)) return { ok: false, code: 'forbidden', fields: [] };
  const parsed = def.input.safeParse(args);
  if (!parsed.success) return { ok: false, code: 'invalid_input', fields: parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })) };
  const ctx: MutationContext = { subject, now, side: clinic.side, newId: mutationIdFactory('claim-test', (mutationCounter += 1), now) };
  try {
    const value = await clinic.db.transaction().execute((tx) => (def.run as (t: Kysely<Database>, a: unknown, c: MutationContext) => Promise<unknown>)(tx, parsed.data, ctx));
    return { ok: true, value };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, code: error.code, fields: error.fields ?? [] };
    throw error;
  }
}

const created = Date.parse('2026-11-01T12:00:00Z');

/** A clinic in Chicago: one patient with a primary (Aetna) and a secondary (Blue Cross) policy, and a finalized two-line invoice. */
async function seedClinic(db: Kysely<Database>, side: MutationContext['side']): Promise<Clinic> {
  const clinicId = newId();
  const userId = newId();
  const stamp = (id = newId()) => ({ id, clinic_id: clinicId, created_at: created, created_by: userId, updated_at: created, updated_by: userId, deleted_at: null });
  await db.insertInto('clinics').values({
    ...stamp(clinicId), name: 'Lakeside Spine', legal_name: 'Lakeside Spine Medical Group, S.C.', tax_id: '36-1234567', npi: '2992748568', phone: '(312) 555-0100', email: null,
    idle_timeout_minutes: 15, offline_lease_hours: 72, travel_buffer_minutes: 30, treatment_gap_days: 14, default_time_zone: 'America/Chicago',
  }).execute();
  const facility = {
    ...stamp(), name: 'Lakeside Loop', code: 'LOOP', address_line1: '200 W Madison St', address_line2: null, city: 'Chicago', state: 'IL', postal_code: '606063401',
    phone: null, latitude: null, longitude: null, time_zone: 'America/Chicago', hours_json: '{}', is_active: 1 as const,
  };
  await db.insertInto('facilities').values(facility).execute();
  const physician = { ...stamp(), first_name: 'Asha', last_name: 'Patel', credentials: 'MD', npi: '1234567893', specialty: null, color: '#2563eb', is_active: 1 as const };
  await db.insertInto('physicians').values(physician).execute();
  const patient = {
    ...stamp(), mrn: 'LS-0001', first_name: 'Maria', middle_name: null, last_name: 'Lopez', preferred_name: null, date_of_birth: '1975-04-12',
    sex: 'female' as const, phone: null, email: null, address_line1: '9 Elm St', address_line2: null, city: 'Chicago', state: 'IL', postal_code: '60601',
    preferred_language: null, sms_consent: 0 as const, email_consent: 0 as const, phone_consent: 1 as const, emergency_contact_name: null,
    emergency_contact_phone: null, home_facility_id: facility.id, referring_doctor_id: null, merged_into_id: null, notes: null,
  };
  await db.insertInto('patients').values(patient).execute();
  const policy = (priority: number, payerName: string, payerId: string, memberId: string) => ({
    ...stamp(), patient_id: patient.id, priority, payer_name: payerName, payer_id: payerId, member_id: memberId, group_number: null, subscriber_name: 'Maria Lopez',
    subscriber_relationship: 'self' as const, subscriber_date_of_birth: '1975-04-12', effective_from: null, effective_to: null, card_front_document_id: null, card_back_document_id: null,
  });
  const primary = policy(1, 'Aetna', '60054', 'W555');
  const secondary = policy(2, 'Blue Cross Blue Shield of Illinois', '00621', 'XOF7788');
  await db.insertInto('insurance_policies').values([primary, secondary]).execute();
  const invoice = {
    ...stamp(), patient_id: patient.id, case_id: null, facility_id: facility.id, payer_type: 'insurance' as const, insurance_policy_id: primary.id,
    provisional_number: 'P-00000001', invoice_number: 'INV-0000001', status: 'finalized' as const, invoice_date: '2026-11-02', due_date: null,
    finalized_at: created, sent_at: null, voided_at: null, void_reason: null,
  };
  await db.insertInto('invoices').values(invoice).execute();
  const line = (code: string, cents: number) => ({
    ...stamp(), invoice_id: invoice.id, appointment_id: null, procedure_code: code, modifiers_json: '[]', diagnosis_codes_json: '["M54.50"]', units: 1,
    unit_fee_cents: cents, amount_cents: cents, service_date: '2026-11-02', facility_id: facility.id, rendering_physician_id: physician.id, capture_key: null,
  });
  const lines = [line('99204', 25_000), line('72148', 120_000)] as const;
  await db.insertInto('invoice_lines').values([...lines]).execute();
  return {
    db, side, clinicId, facilityId: facility.id, invoiceId: invoice.id, lineIds: [lines[0].id, lines[1].id], policies: { primary: primary.id, secondary: secondary.id },
    subject: (role) => ({ userId, clinicId, roles: [role], facilityIds: role === 'front_desk' ? [facility.id] : [], physicianId: null, attorneyId: null, referringDoctorId: null }),
  };
}

/** Aetna's EOB posted line by line on 2026-11-23: paid, contractual CO-45, and a deductible on the second line. */
async function postPrimaryRemittance(clinic: Clinic): Promise<void> {
  const stamp = (id = newId()) => ({ id, clinic_id: clinic.clinicId, created_at: created, created_by: newId(), updated_at: created, updated_by: newId(), deleted_at: null });
  const payment = {
    ...stamp(), payer_type: 'insurance' as const, payer_name: 'Aetna', method: 'eft' as const, external_reference: `EFT${newId().slice(-8).toUpperCase()}`,
    amount_cents: 88_150, received_on: '2026-11-23', patient_id: null, case_id: null, facility_id: clinic.facilityId, memo: null, refund_of_payment_id: null,
  };
  await clinic.db.insertInto('payments').values(payment).execute();
  await clinic.db.insertInto('payment_allocations').values([
    { ...stamp(), payment_id: payment.id, invoice_id: clinic.invoiceId, invoice_line_id: clinic.lineIds[0], amount_cents: 15_000, applied_on: '2026-11-23' },
    { ...stamp(), payment_id: payment.id, invoice_id: clinic.invoiceId, invoice_line_id: clinic.lineIds[1], amount_cents: 73_150, applied_on: '2026-11-23' },
  ]).execute();
  const adjustment = (lineId: string, reasonCode: string, cents: number) => ({
    ...stamp(), invoice_id: clinic.invoiceId, invoice_line_id: lineId, adjustment_kind: 'contractual' as const, reason_code: reasonCode, amount_cents: cents, posted_on: '2026-11-23', memo: null,
  });
  await clinic.db.insertInto('adjustments').values([adjustment(clinic.lineIds[0], 'CO-45', 5_000), adjustment(clinic.lineIds[1], 'CO-45', 26_275), adjustment(clinic.lineIds[1], 'PR-1', 10_000)]).execute();
}

async function claimsOf(clinic: Clinic) {
  return clinic.db.selectFrom('claims').select(['id', 'insurance_policy_id', 'status', 'status_date', 'status_changed_at', 'submitted_at']).where('invoice_id', '=', clinic.invoiceId).orderBy('id').execute();
}

// 03:00 UTC on the 21st is still the evening of the 20th in Chicago.
const SUBMITTED = Date.parse('2026-11-20T16:00:00Z');
const ANSWERED = Date.parse('2026-11-21T03:00:00Z');
const LATER = Date.parse('2026-11-24T15:00:00Z');

let replica: Replica;
let dataDir: string;
let postgres: TestDatabase;
const clinics: Record<'SQLite' | 'Postgres', Clinic | null> = { SQLite: null, Postgres: null };

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'medora-claims-'));
  replica = openDatabase(join(dataDir, 'replica.db'));
  await migrateToLatest(replica.db as unknown as Kysely<unknown>);
  clinics.SQLite = await seedClinic(replica.db, 'device');
  postgres = await createTestDatabase();
  clinics.Postgres = await seedClinic(postgres.db as unknown as Kysely<Database>, 'server');
}, 180_000);

afterAll(async () => {
  await closeDatabase(replica);
  rmSync(dataDir, { recursive: true, force: true });
  await postgres.drop();
}, 60_000);

describe.each(['SQLite', 'Postgres'] as const)('claim mutators on %s', (database) => {
  const clinic = () => clinics[database] as Clinic;

  it('records the payer\'s date apart from the recorded time, refusing a future date (in the facility\'s zone) or one before submission, writing nothing', async () => {
    const submitted = await mutate(clinic(), 'billing', 'claim.submit', { invoiceIds: [clinic().invoiceId] }, SUBMITTED);
    expect(submitted.ok).toBe(true);
    const [claim] = await claimsOf(clinic());
    if (!claim) throw new Error('no claim');
    expect(claim).toMatchObject({ insurance_policy_id: clinic().policies.primary, status: 'submitted', status_date: null });

    const future = await mutate(clinic(), 'billing', 'claim.setStatus', { claimId: claim.id, status: 'paid', statusDate: '2026-11-21' }, ANSWERED);
    expect(future).toEqual({ ok: false, code: 'invalid_input', fields: [{ path: 'statusDate', message: 'Use 2026-11-20 or earlier' }] });
    const early = await mutate(clinic(), 'billing', 'claim.setStatus', { claimId: claim.id, status: 'paid', statusDate: '2026-11-19' }, ANSWERED);
    expect(early).toEqual({ ok: false, code: 'invalid_input', fields: [{ path: 'statusDate', message: 'Use 2026-11-20 or later' }] });
    const malformed = await mutate(clinic(), 'billing', 'claim.setStatus', { claimId: claim.id, status: 'paid', statusDate: '2026-02-30' }, ANSWERED);
    expect(malformed.ok ? 'ok' : [malformed.code, malformed.fields[0]?.path]).toEqual(['invalid_input', 'statusDate']);
    expect((await claimsOf(clinic()))[0]).toMatchObject({ status: 'submitted', status_date: null });

    expect((await mutate(clinic(), 'billing', 'claim.setStatus', { claimId: claim.id, status: 'paid', statusDate: '2026-11-20' }, ANSWERED)).ok).toBe(true);
    expect((await claimsOf(clinic()))[0]).toMatchObject({ status: 'paid', status_date: '2026-11-20', status_changed_at: ANSWERED });
  });

  it('claims the balance from the secondary once the primary has paid, once; and no further when no policy is left', async () => {
    await postPrimaryRemittance(clinic());
    const secondary = await mutate(clinic(), 'billing', 'claim.submit', { invoiceIds: [clinic().invoiceId] }, LATER);
    expect(secondary.ok).toBe(true);
    const claims = await claimsOf(clinic());
    expect(claims.map((claim) => [claim.insurance_policy_id, claim.status])).toEqual([[clinic().policies.primary, 'paid'], [clinic().policies.secondary, 'submitted']]);
    const again = await mutate(clinic(), 'billing', 'claim.submit', { invoiceIds: [clinic().invoiceId] }, LATER);
    expect(again.ok ? 'ok' : again.code).toBe('conflict');

    const secondaryClaim = claims[1] as (typeof claims)[number];
    expect((await mutate(clinic(), 'billing', 'claim.setStatus', { claimId: secondaryClaim.id, status: 'paid', statusDate: '2026-11-24' }, LATER)).ok).toBe(true);
    const none = await mutate(clinic(), 'billing', 'claim.submit', { invoiceIds: [clinic().invoiceId] }, LATER);
    expect(none.ok ? 'ok' : [none.code, none.fields]).toEqual(['conflict', [{ path: 'invoiceIds', message: clinic().invoiceId }]]);
  });

  it('keeps the clinic\'s claim file settings, validated to X12 lengths, for billing and clinic admins only', async () => {
    const bad = await mutate(clinic(), 'billing', 'claimSettings.save', { receiverId: 'AVAILITY-0123456789', receiverName: 'Availity*', contactPhone: '555-01', usage: 'T' }, LATER);
    expect(bad.ok ? [] : bad.fields.map((field) => field.path).sort()).toEqual(['contactPhone', 'receiverId', 'receiverName']);
    const frontDesk = await mutate(clinic(), 'front_desk', 'claimSettings.save', { receiverId: 'AVAILITY01', receiverName: 'Availity', usage: 'T' }, LATER);
    expect(frontDesk.ok ? 'ok' : frontDesk.code).toBe('forbidden');
    expect((await mutate(clinic(), 'billing', 'claimSettings.save', { receiverId: 'availity01', receiverName: 'Availity', submitterId: 'LAKESIDE01', contactPhone: '(312) 555-0142', usage: 'T' }, LATER)).ok).toBe(true);
    expect((await mutate(clinic(), 'clinic_admin', 'claimSettings.save', { receiverId: 'AVAILITY01', receiverName: 'Availity', submitterId: 'LAKESIDE01', contactName: 'Rita Moreno', contactPhone: '(312) 555-0142', usage: 'P' }, LATER)).ok).toBe(true);
    const row = await clinic().db.selectFrom('clinics').selectAll().where('id', '=', clinic().clinicId).executeTakeFirstOrThrow();
    expect([row.claim_receiver_id, row.claim_receiver_name, row.claim_submitter_id, row.claim_submitter_name, row.claim_contact_name, row.claim_contact_phone, row.claim_file_usage])
      .toEqual(['AVAILITY01', 'Availity', 'LAKESIDE01', null, 'Rita Moreno', '3125550142', 'P']);
  });

  it('saves a facility\'s place of service, keeps it when an update leaves it out, and refuses a code that is not two digits Medora bills', async () => {
    const createdFacility = await mutate(clinic(), 'clinic_admin', 'facility.save', { ...facilityInput('ASC'), placeOfService: '24' }, LATER);
    if (!createdFacility.ok) throw new Error(createdFacility.code);
    const id = createdFacility.value as string;
    const placeOf = async () => (await clinic().db.selectFrom('facilities').select('place_of_service').where('id', '=', id).executeTakeFirstOrThrow()).place_of_service;
    expect(await placeOf()).toBe('24');
    expect((await mutate(clinic(), 'clinic_admin', 'facility.save', { ...facilityInput('ASC', 'Lakeside Surgery Center'), id }, LATER)).ok).toBe(true);
    expect(await placeOf()).toBe('24');
    for (const code of ['99', '2', '24a']) {
      const refused = await mutate(clinic(), 'clinic_admin', 'facility.save', { ...facilityInput('ASC'), id, placeOfService: code }, LATER);
      expect(refused.ok ? 'ok' : [refused.code, refused.fields.map((field) => field.path)]).toEqual(['invalid_input', ['placeOfService']]);
    }
    expect((await mutate(clinic(), 'clinic_admin', 'facility.save', { ...facilityInput('ASC'), id, placeOfService: '22' }, LATER)).ok).toBe(true);
    expect(await placeOf()).toBe('22');
    expect((await mutate(clinic(), 'clinic_admin', 'facility.save', { ...facilityInput('ASC'), id, placeOfService: null }, LATER)).ok).toBe(true);
    expect(await placeOf()).toBeNull();
  });
});

describe('the secondary claim read back from the replica', () => {
  it('carries Aetna\'s payments and adjustments per line, and its 837P balances and validates', async () => {
    const clinic = clinics.SQLite as Clinic;
    const claims = await claimsOf(clinic);
    const secondary = claims.find((claim) => claim.insurance_policy_id === clinic.policies.secondary);
    if (!secondary) throw new Error('no secondary claim');
    const document = await billingDocumentRepository(clinic.db, clinic.subject('billing')).claim(secondary.id, LATER);
    expect(document.policy.priority).toBe(2);
    expect(document.otherPolicy?.payerName).toBe('Aetna');
    const [aetna] = document.otherPayers;
    expect(aetna?.adjudication).toMatchObject({ paidCents: 88_150, adjudicatedOn: '2026-11-20', patientResponsibilityCents: 25_575, claimAdjustments: [] });
    expect(aetna?.adjudication?.lines?.map((line) => [line.paidCents, line.adjustments.map((adjustment) => `${adjustment.group}-${adjustment.reason}:${adjustment.amountCents}`)])).toEqual([
      [15_000, ['CO-45:5000', 'PR-2:5000']],
      [73_150, ['CO-45:26275', 'PR-1:10000', 'PR-2:10575']],
    ]);
    const file = write837P([document], {
      batchReference: 'TEST', submitter: { name: 'Lakeside Spine', id: '361234567', contactName: 'Billing office', phone: '3125550100' }, receiver: { name: 'Availity', id: 'AVAILITY01' },
    }, { senderId: '361234567', receiverId: 'AVAILITY01', controlNumber: 7, date: '2026-11-24', time: '09:00', usage: 'T' });
    expect(validate837P(file.text).errors).toEqual([]);
    expect(file.text).toContain('SVD*60054*731.5*HC:72148**1~');
    expect(file.text).toContain('AMT*D*881.5~');
  });
});
