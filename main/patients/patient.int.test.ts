import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/auth/permissions';
import type { CaseInput } from '../../shared/cases/case.contract';
import { newId } from '../../shared/ids';
import type { ChannelName, InputOf, OutputOf } from '../../shared/ipc/contract';
import { PATIENT_LINKED_TABLES } from '../../shared/patients/merge.mutators';
import type { PatientInput } from '../../shared/patients/patient.contract';
import { createClinicFixture, invoke, type ClinicFixture } from '../../test/support/clinic-fixture';
import type { Caller } from '../ipc/router';

let fixture: ClinicFixture;
const windows = new Map<Role, Caller>();
let attorneyId: string;
let otherAttorneyId: string;
let referrerId: string;

async function as<C extends ChannelName>(role: Role, channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
  const result = await call(role, channel, input);
  if (!result.ok) throw new Error(`${channel} as ${role}: ${result.error.code} ${result.error.message} ${JSON.stringify(result.error.fields ?? [])}`);
  return result.value;
}

async function call<C extends ChannelName>(role: Role, channel: C, input: InputOf<C>) {
  let caller = windows.get(role);
  if (!caller) {
    caller = await fixture.login(role);
    windows.set(role, caller);
  }
  return invoke(fixture.core, caller, channel, input);
}

function stamp(id = newId()) {
  const now = Date.parse('2026-11-28T12:00:00Z');
  return { id, clinic_id: fixture.clinicId, created_at: now, created_by: fixture.users.clinic_admin.id, updated_at: now, updated_by: fixture.users.clinic_admin.id, deleted_at: null };
}

function patientInput(overrides: Partial<PatientInput> = {}): PatientInput {
  return {
    firstName: 'Dana', middleName: 'Lee', lastName: 'Whitfield', preferredName: 'Dee', dateOfBirth: '1984-04-12', sex: 'female',
    phone: '(555) 201-3344', email: 'dana@example.com', addressLine1: '12 Oak St', addressLine2: null, city: 'Albany', state: 'NY', postalCode: '12207',
    preferredLanguage: 'English', smsConsent: true, emailConsent: false, phoneConsent: true, emergencyContactName: 'Sam Whitfield',
    emergencyContactPhone: '555-201-9999', homeFacilityId: fixture.facilityA, referringDoctorId: null, physicianIds: [], notes: 'Prefers mornings; MRI claustrophobia.',
    insurances: [
      { priority: 1, payerName: 'Aetna', payerId: '60054', memberId: 'W100200', groupNumber: 'G-77', subscriberName: 'Dana Whitfield', subscriberRelationship: 'self', effectiveFrom: '2026-01-01' },
      { priority: 2, payerName: 'Medicare', payerId: '00430', memberId: '1EG4TE5MK73', groupNumber: null, subscriberName: 'Dana Whitfield', subscriberRelationship: 'self' },
    ],
    ...overrides,
  };
}

function caseInput(patientId: string, overrides: Partial<CaseInput> = {}): CaseInput {
  return {
    patientId, caseType: 'pi_auto', status: 'treating', dateOfInjury: '2026-10-20', accidentState: 'NY', description: 'Rear-ended on I-90',
    attorneyId, lopStatus: 'requested', lopDocumentId: null, policyLimitCents: 2_500_000, referralSource: 'Attorney', physicianIds: [], ...overrides,
  };
}

async function insertDocument(patientId: string, kind: 'insurance_card' | 'lop', caseId: string | null = null): Promise<string> {
  const id = newId();
  await fixture.db.insertInto('documents').values({ ...stamp(id), document_kind: kind, title: kind === 'lop' ? 'Letter of protection' : 'Card', patient_id: patientId, case_id: caseId, facility_id: null, current_version: 1 }).execute();
  return id;
}

beforeAll(async () => {
  fixture = await createClinicFixture();
  attorneyId = fixture.users.attorney.subject.attorneyId as string;
  referrerId = fixture.users.referring_doctor.subject.referringDoctorId as string;
  otherAttorneyId = newId();
  await fixture.db.insertInto('attorneys').values({ ...stamp(otherAttorneyId), name: 'Otto Banks', firm_name: 'Banks & Co', phone: null, email: null, address: null }).execute();
}, 120_000);
afterAll(async () => fixture.cleanup());

describe('registering a patient', () => {
  it('saves demographics, consents and two insurances in priority order, with a provisional MRN on the device', async () => {
    const chart = await as('front_desk', 'patient.save', patientInput());
    expect(chart).toMatchObject({ displayName: 'Whitfield, Dee', legalName: 'Whitfield, Dana Lee', dateOfBirth: '1984-04-12', smsConsent: true, emailConsent: false, mrnIsProvisional: true });
    expect(chart.mrn).toMatch(/^P-[0-9A-F]{10}$/);
    expect(chart.insurances.map((p) => [p.priority, p.payerName])).toEqual([[1, 'Aetna'], [2, 'Medicare']]);
    const outbox = await fixture.db.selectFrom('outbox').select('name').where('name', '=', 'patient.save').execute();
    expect(outbox.length).toBeGreaterThan(0);
  });

  it('warns about a duplicate by name and date of birth, or by phone, and registers only once acknowledged', async () => {
    const again = await call('front_desk', 'patient.save', patientInput({ phone: null, email: null, smsConsent: false, emailConsent: false }));
    expect(again.ok ? 'ok' : again.error.code).toBe('conflict');
    const byPhone = await as('front_desk', 'patient.duplicates', { firstName: 'Someone', lastName: 'Else', dateOfBirth: '2000-01-01', phone: '555.201.3344' });
    expect(byPhone.map((d) => [d.displayName, d.reason])).toEqual([['Whitfield, Dee', 'phone']]);
    const byName = await as('front_desk', 'patient.duplicates', { firstName: 'dana', lastName: 'WHITFIELD', dateOfBirth: '1984-04-12', phone: null });
    expect(byName.map((d) => d.reason)).toEqual(['name_and_date_of_birth']);
    const counted = await fixture.db.selectFrom('patients').select('id').where('last_name', '=', 'Whitfield').execute();
    expect(counted).toHaveLength(1);
    const acknowledged = await as('front_desk', 'patient.save', patientInput({ phone: null, email: null, smsConsent: false, acknowledgeDuplicates: true }));
    expect(acknowledged.id).not.toBe(counted[0]?.id);
  });

  it('links insurance card images to document records of that patient, and refuses other documents', async () => {
    const chart = await as('front_desk', 'patient.save', patientInput({ firstName: 'Card', lastName: 'Holder', phone: null, smsConsent: false, insurances: [] }));
    const front = await insertDocument(chart.id, 'insurance_card');
    const lop = await insertDocument(chart.id, 'lop');
    const { id: _ignored, ...base } = { id: chart.id, ...patientInput({ firstName: 'Card', lastName: 'Holder', phone: null, smsConsent: false }) };
    const linked = await as('front_desk', 'patient.save', { ...base, id: chart.id, insurances: [{ ...patientInput().insurances[0]!, cardFrontDocumentId: front }] });
    expect(linked.insurances[0]?.cardFrontDocumentId).toBe(front);
    const wrongKind = await call('front_desk', 'patient.save', { ...base, id: chart.id, insurances: [{ ...patientInput().insurances[0]!, cardFrontDocumentId: lop }] });
    expect(wrongKind.ok ? 'ok' : wrongKind.error.fields?.[0]?.path).toBe('insurances.0.cardFrontDocumentId');
  });

  it('refuses bad input with the fields named and writes nothing', async () => {
    const before = await fixture.rowCounts();
    const bad = await call('front_desk', 'patient.save', patientInput({ dateOfBirth: '2999-01-01', email: 'nope', state: 'New York' }));
    expect(bad.ok ? [] : bad.error.fields?.map((f) => f.path).sort()).toEqual(['dateOfBirth', 'email', 'state']);
    expect(await fixture.rowCounts()).toEqual(before);
  });

  it('keeps a front desk to its own facilities', async () => {
    const elsewhere = await call('front_desk', 'patient.save', patientInput({ firstName: 'West', lastName: 'Sider', homeFacilityId: fixture.facilityB, acknowledgeDuplicates: true }));
    expect(elsewhere.ok ? 'ok' : elsewhere.error.code).toBe('forbidden');
  });
});

describe('cases', () => {
  it('opens a PI case with attorney and LOP, links the LOP document and warns about a treatment gap', async () => {
    const patient = await as('front_desk', 'patient.save', patientInput({ firstName: 'Pia', lastName: 'Injury', phone: '555-301-0001', acknowledgeDuplicates: true }));
    const opened = await as('front_desk', 'case.save', caseInput(patient.id));
    expect(opened).toMatchObject({ caseType: 'pi_auto', attorneyName: 'Rosa Reyes', firmName: 'Reyes Law', lopStatus: 'requested', billingSuspended: true });
    expect(opened.caseNumber).toMatch(/^P-C/);
    expect(opened.treatmentGap?.reason).toBe('no_next_appointment');
    const missingDoc = await call('front_desk', 'case.save', { ...caseInput(patient.id), id: opened.id, lopStatus: 'received' });
    expect(missingDoc.ok ? 'ok' : missingDoc.error.fields?.map((f) => f.path)).toEqual(['lopDocumentId']);
    const lop = await insertDocument(patient.id, 'lop', opened.id);
    const received = await as('front_desk', 'case.save', { ...caseInput(patient.id), id: opened.id, lopStatus: 'received', lopDocumentId: lop });
    expect(received).toMatchObject({ lopStatus: 'received', lopDocumentId: lop });
  });
});

describe('documents offered to the case and insurance editors (patient.documents)', () => {
  it("lists the patient's documents and their cases' documents of a kind, newest first, scoped like the patient, and the listed LOP links", async () => {
    const patient = await as('front_desk', 'patient.save', patientInput({ firstName: 'Doc', lastName: 'Picker', phone: '555-301-0777', acknowledgeDuplicates: true }));
    const opened = await as('front_desk', 'case.save', caseInput(patient.id));
    const card = await insertDocument(patient.id, 'insurance_card');
    const lopOnPatient = await insertDocument(patient.id, 'lop');
    // Filed under the case only (no patient id on the row): found through the case.
    const lopOnCase = newId();
    await fixture.db.insertInto('documents').values({ ...stamp(lopOnCase), updated_at: Date.parse('2026-11-28T13:00:00Z'), document_kind: 'lop', title: 'Signed LOP', patient_id: null, case_id: opened.id, facility_id: null, current_version: 2 }).execute();
    await fixture.db.insertInto('document_versions').values([
      { ...stamp(), document_id: lopOnCase, version: 1, file_name: 'lop-draft.pdf', mime_type: 'application/pdf', size_bytes: 1000, sha256: 'a'.repeat(64), storage_key: `k/${newId()}`, note: null },
      { ...stamp(), document_id: lopOnCase, version: 2, file_name: 'lop-signed.pdf', mime_type: 'application/pdf', size_bytes: 1200, sha256: 'b'.repeat(64), storage_key: `k/${newId()}`, note: null },
    ]).execute();
    const otherPatient = await as('front_desk', 'patient.save', patientInput({ firstName: 'Someone', lastName: 'Else', phone: '555-301-0778', acknowledgeDuplicates: true }));
    await insertDocument(otherPatient.id, 'lop');

    const lops = await as('front_desk', 'patient.documents', { patientId: patient.id, kind: 'lop' });
    expect(lops.map((d) => d.id)).toEqual([lopOnCase, lopOnPatient]);
    expect(lops[0]).toMatchObject({ kind: 'lop', title: 'Signed LOP', caseId: opened.id, caseNumber: opened.caseNumber, fileName: 'lop-signed.pdf' });
    expect(lops[1]).toMatchObject({ caseId: null, caseNumber: null, fileName: null });
    expect((await as('front_desk', 'patient.documents', { patientId: patient.id })).map((d) => d.id).sort()).toEqual([card, lopOnCase, lopOnPatient].sort());
    expect((await as('front_desk', 'patient.documents', { patientId: patient.id, kind: 'insurance_card' })).map((d) => d.id)).toEqual([card]);

    // What the picker lists is what the case accepts.
    const linked = await as('front_desk', 'case.save', { ...caseInput(patient.id), id: opened.id, lopStatus: 'received', lopDocumentId: lops[0]!.id });
    expect(linked.lopDocumentId).toBe(lopOnCase);

    // Scoped like the patient: another facility's front desk is told not_found; roles without document access are refused;
    // the read is audited against the patient; bad input is refused with the field named.
    const west = await fixture.db.selectFrom('patients').select('id').where('id', '=', patient.id).executeTakeFirstOrThrow();
    await fixture.db.updateTable('patients').set({ home_facility_id: fixture.facilityB }).where('id', '=', west.id).execute();
    const hidden = await call('front_desk', 'patient.documents', { patientId: patient.id, kind: 'lop' });
    expect(hidden.ok ? 'ok' : hidden.error.code).toBe('not_found');
    await fixture.db.updateTable('patients').set({ home_facility_id: fixture.facilityA }).where('id', '=', west.id).execute();
    const referrer = await call('referring_doctor', 'patient.documents', { patientId: patient.id });
    expect(referrer.ok ? 'ok' : referrer.error.code).toBe('forbidden');
    const entry = await fixture.db.selectFrom('audit_log').select(['action', 'patient_id', 'detail_json']).where('action', '=', 'patient.documents').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ patient_id: patient.id });
    const bad = await call('front_desk', 'patient.documents', { patientId: 'not-an-id', kind: 'lop' });
    expect(bad.ok ? [] : bad.error.fields?.map((f) => f.path)).toEqual(['patientId']);
  });
});

describe('physician assignments', () => {
  it('assigns physicians to a patient and to a case, replaces them on update and refuses an unknown physician', async () => {
    const { physicianId, otherPhysicianId } = fixture.scheduling;
    const patient = await as('clinic_admin', 'patient.save', patientInput({ firstName: 'Phil', lastName: 'Assigned', phone: '555-301-0002', physicianIds: [physicianId, physicianId], acknowledgeDuplicates: true }));
    expect(patient.physicianIds).toEqual([physicianId]);
    const moved = await as('clinic_admin', 'patient.save', patientInput({ id: patient.id, firstName: 'Phil', lastName: 'Assigned', phone: '555-301-0002', physicianIds: [otherPhysicianId], insurances: [], acknowledgeDuplicates: true }));
    expect(moved.physicianIds).toEqual([otherPhysicianId]);
    const links = await fixture.db.selectFrom('patient_physicians').select(['physician_id', 'deleted_at']).where('patient_id', '=', patient.id).execute();
    expect(links.filter((row) => row.deleted_at === null).map((row) => row.physician_id)).toEqual([otherPhysicianId]);
    expect(links.filter((row) => row.deleted_at !== null).map((row) => row.physician_id)).toEqual([physicianId]);

    const opened = await as('clinic_admin', 'case.save', caseInput(patient.id, { physicianIds: [physicianId, otherPhysicianId] }));
    expect([...opened.physicianIds].sort()).toEqual([physicianId, otherPhysicianId].sort());
    const narrowed = await as('clinic_admin', 'case.save', caseInput(patient.id, { id: opened.id, physicianIds: [physicianId] }));
    expect(narrowed.physicianIds).toEqual([physicianId]);

    const unknown = await call('clinic_admin', 'case.save', caseInput(patient.id, { id: opened.id, physicianIds: [newId()] }));
    expect(unknown.ok ? 'ok' : unknown.error.fields?.map((f) => f.path)).toEqual(['physicianIds']);
    const unchanged = await fixture.db.selectFrom('case_physicians').select('physician_id').where('case_id', '=', opened.id).where('deleted_at', 'is', null).execute();
    expect(unchanged.map((row) => row.physician_id)).toEqual([physicianId]);
  });
});

describe('referring doctors', () => {
  it('refuses a patient or a referral naming an unknown referring doctor', async () => {
    const unknownDoctor = newId();
    const patient = await call('clinic_admin', 'patient.save', patientInput({ firstName: 'Rhea', lastName: 'Referred', phone: '555-301-0003', referringDoctorId: unknownDoctor, acknowledgeDuplicates: true }));
    expect(patient.ok ? 'ok' : patient.error.fields?.map((f) => f.path)).toEqual(['referringDoctorId']);
    const saved = await as('clinic_admin', 'patient.save', patientInput({ firstName: 'Rhea', lastName: 'Referred', phone: '555-301-0003', referringDoctorId: referrerId, acknowledgeDuplicates: true }));
    const referral = await call('clinic_admin', 'referral.save', { patientId: saved.id, referringDoctorId: unknownDoctor, caseId: null, referredOn: '2026-11-02', reason: null, status: 'received' });
    expect(referral.ok ? 'ok' : referral.error.fields?.map((f) => f.path)).toEqual(['referringDoctorId']);
  });
});

describe('external users', () => {
  let clientOfA: string;
  let clientOfB: string;

  beforeAll(async () => {
    clientOfA = (await as('clinic_admin', 'patient.save', patientInput({ firstName: 'Ada', lastName: 'Client', phone: '555-400-0001', acknowledgeDuplicates: true }))).id;
    clientOfB = (await as('clinic_admin', 'patient.save', patientInput({ firstName: 'Bob', lastName: 'Client', phone: '555-400-0002', acknowledgeDuplicates: true }))).id;
    await as('clinic_admin', 'case.save', caseInput(clientOfA));
    await as('clinic_admin', 'case.save', caseInput(clientOfB, { attorneyId: otherAttorneyId }));
    await insertDocument(clientOfA, 'lop');
    await as('clinic_admin', 'referral.save', { patientId: clientOfA, referringDoctorId: referrerId, caseId: null, referredOn: '2026-11-02', reason: 'Whiplash', status: 'received' });
  });

  it("an attorney sees only their own clients' cases, with billing status and documents but no notes", async () => {
    const cases = await as('attorney', 'case.attorneyList', {});
    // Ada (and Pia, from the case test) are Reyes's clients; Bob's case belongs to another attorney.
    expect(cases.map((c) => c.case.patientId).sort()).not.toContain(clientOfB);
    expect(cases.every((c) => c.case.attorneyId === attorneyId)).toBe(true);
    const ada = cases.find((c) => c.case.patientId === clientOfA);
    expect(ada?.documents.map((d) => d.kind)).toEqual(['lop']);
    expect(ada).toMatchObject({ balanceCents: 0, invoices: [] });
    const chart = await as('attorney', 'patient.get', { id: clientOfA });
    expect(chart).toMatchObject({ limitedTo: 'attorney', notes: null, insurances: [], appointments: [] });
    expect(chart.cases.map((c) => c.attorneyId)).toEqual([attorneyId]);
    const other = await call('attorney', 'patient.get', { id: clientOfB });
    expect(other.ok ? 'ok' : other.error.code).toBe('not_found');
    expect(await as('attorney', 'patient.search', { query: 'client' })).toHaveLength(1);
  });

  it('an attorney and a referring doctor cannot write', async () => {
    for (const role of ['attorney', 'referring_doctor'] as const) {
      const before = await fixture.rowCounts();
      const attempts = [
        await call(role, 'patient.save', { ...patientInput(), id: clientOfA }),
        await call(role, 'case.save', caseInput(clientOfA)),
        await call(role, 'referral.save', { patientId: clientOfA, referringDoctorId: referrerId, caseId: null, referredOn: '2026-11-03', reason: null, status: 'seen' }),
        await call(role, 'patient.merge', { survivorId: clientOfA, mergedId: clientOfB, reason: null }),
      ];
      expect(attempts.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['forbidden', 'forbidden', 'forbidden', 'forbidden']);
      const after = await fixture.rowCounts();
      expect({ ...after, audit_log: 0 }).toEqual({ ...before, audit_log: 0 });
    }
  });

  it('a referring doctor sees the patients they referred, read-only and without contact details or notes', async () => {
    expect((await as('referring_doctor', 'referral.referredPatients', {})).map((p) => [p.displayName, p.status])).toEqual([['Client, Dee', 'received']]);
    const chart = await as('referring_doctor', 'patient.get', { id: clientOfA });
    expect(chart).toMatchObject({ limitedTo: 'referrer', phone: null, email: null, addressLine1: null, notes: null, emergencyContactName: null, insurances: [], cases: [] });
    const other = await call('referring_doctor', 'patient.get', { id: clientOfB });
    expect(other.ok ? 'ok' : other.error.code).toBe('not_found');
  });
});

describe('merging duplicates', () => {
  it('moves every linked record to the survivor, is audited, and can be reversed until it settles', async () => {
    const survivor = await as('clinic_admin', 'patient.save', patientInput({ firstName: 'Merge', lastName: 'Keeper', phone: '555-500-0001', acknowledgeDuplicates: true }));
    const duplicate = await as('clinic_admin', 'patient.save', patientInput({ firstName: 'Merge', lastName: 'Keeper', phone: '555-500-0002', acknowledgeDuplicates: true }));
    const db = fixture.db;
    const exam = await db.selectFrom('exam_types').select('id').executeTakeFirstOrThrow();
    const physician = await db.selectFrom('physicians').select('id').executeTakeFirstOrThrow();
    const caseId = (await as('clinic_admin', 'case.save', caseInput(duplicate.id))).id;
    const startsAt = Date.parse('2026-12-01T15:00:00Z');
    await db.insertInto('appointments').values({ ...stamp(), facility_id: fixture.facilityA, physician_id: physician.id, patient_id: duplicate.id, exam_type_id: exam.id, resource_id: null, case_id: caseId, series_id: null, rescheduled_from_id: null, starts_at: startsAt, ends_at: startsAt + 1_800_000, status: 'scheduled', cancel_reason: null, override_reason: null, notes: null, checked_in_at: null, completed_at: null }).execute();
    await db.insertInto('invoices').values({ ...stamp(), patient_id: duplicate.id, case_id: caseId, facility_id: fixture.facilityA, payer_type: 'attorney', insurance_policy_id: null, provisional_number: 'P-1', invoice_number: null, status: 'draft', invoice_date: '2026-11-20', due_date: null, finalized_at: null, sent_at: null, voided_at: null, void_reason: null }).execute();
    await db.insertInto('payments').values({ ...stamp(), payer_type: 'patient', payer_name: null, method: 'cash', external_reference: null, amount_cents: 2500, received_on: '2026-11-20', patient_id: duplicate.id, case_id: null, facility_id: fixture.facilityA, memo: null }).execute();
    await insertDocument(duplicate.id, 'insurance_card');
    await as('clinic_admin', 'referral.save', { patientId: duplicate.id, referringDoctorId: referrerId, caseId: null, referredOn: '2026-11-05', reason: null, status: 'scheduled' });
    await db.insertInto('messages').values({ ...stamp(), channel: 'sms', status: 'sent', recipient_user_id: null, patient_id: duplicate.id, appointment_id: null, subject: 'Reminder', body: 'See you', scheduled_for: null, sent_at: null, read_at: null }).execute();

    const linkedTo = async (patientId: string) => {
      const counts: Record<string, number> = {};
      for (const table of PATIENT_LINKED_TABLES) counts[table] = (await db.selectFrom(table as 'appointments').select('id').where('patient_id', '=', patientId).execute()).length;
      return counts;
    };
    const before = await linkedTo(duplicate.id);
    expect(Object.values(before).filter((n) => n > 0).length).toBeGreaterThanOrEqual(8);
    const preview = await as('clinic_admin', 'patient.mergePreview', { survivorId: survivor.id, mergedId: duplicate.id, reason: null });
    expect(preview.counts).toEqual(before);

    const merge = await as('clinic_admin', 'patient.merge', { survivorId: survivor.id, mergedId: duplicate.id, reason: 'Registered twice' });
    expect(merge).toMatchObject({ reversible: true, movedCount: Object.values(before).reduce((a, b) => a + b, 0) });
    expect(Object.values(await linkedTo(duplicate.id)).every((n) => n === 0)).toBe(true);
    const survivorChart = await as('clinic_admin', 'patient.get', { id: survivor.id });
    expect(survivorChart.insurances.map((p) => p.priority)).toEqual([1, 2, 3, 4]);
    expect(survivorChart.cases.map((c) => c.id)).toContain(caseId);
    const gone = await call('clinic_admin', 'patient.get', { id: duplicate.id });
    expect(gone.ok ? 'ok' : gone.error.code).toBe('not_found');
    expect((await as('clinic_admin', 'patient.search', { query: 'keeper' })).map((r) => r.id)).toEqual([survivor.id]);
    const audit = await db.selectFrom('audit_log').select(['action', 'entity_type', 'patient_id']).where('action', '=', 'patient.merge').execute();
    expect(audit).toEqual([{ action: 'patient.merge', entity_type: 'patient_merge', patient_id: survivor.id }]);
    const deskMerge = await call('front_desk', 'patient.merge', { survivorId: survivor.id, mergedId: duplicate.id, reason: null });
    expect(deskMerge.ok ? 'ok' : deskMerge.error.code).toBe('forbidden');

    const reversed = await as('clinic_admin', 'patient.unmerge', { mergeId: merge.id });
    expect(reversed).toMatchObject({ reversible: false, settledReason: 'Already reversed.' });
    expect(await linkedTo(duplicate.id)).toEqual(before);
    expect((await as('clinic_admin', 'patient.get', { id: duplicate.id })).insurances.map((p) => p.priority)).toEqual([1, 2]);

    // Once a moved record has been worked on after the merge, the merge has settled.
    const again = await as('clinic_admin', 'patient.merge', { survivorId: survivor.id, mergedId: duplicate.id, reason: 'Registered twice' });
    await db.updateTable('cases').set({ updated_at: Date.now() + 60_000 }).where('id', '=', caseId).execute();
    const settled = (await as('clinic_admin', 'patient.merges', { patientId: survivor.id })).find((m) => m.id === again.id);
    expect(settled).toMatchObject({ reversible: false, settledReason: 'Records moved by the merge were changed after it.' });
    const refused = await call('clinic_admin', 'patient.unmerge', { mergeId: again.id });
    expect(refused.ok ? 'ok' : refused.error.code).toBe('conflict');
  });
});
