import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids';
import { createClinicFixture, invoke, type ClinicFixture } from '../../test/support/clinic-fixture';

/*
 * External contacts on a real SQLite replica: who may create and edit attorneys and referring doctors,
 * that bad input writes nothing, that each write is a queued synced mutation and an audit entry, and
 * that case counts and linked logins follow the caller's row scope.
 */

let fixture: ClinicFixture;

beforeAll(async () => {
  fixture = await createClinicFixture();
}, 120_000);
afterAll(async () => fixture.cleanup());

async function auditOf(action: string) {
  return fixture.db.selectFrom('audit_log').select(['action', 'user_id', 'entity_type', 'entity_id', 'patient_id', 'detail_json']).where('action', '=', action).orderBy('seq').execute();
}

describe('external contacts', { timeout: 120_000 }, () => {
  it('the front desk creates and edits an attorney; the write is queued for the server and audited', async () => {
    const desk = await fixture.login('front_desk');
    const created = await invoke(fixture.core, desk, 'contact.saveAttorney', {
      name: 'Dana Cole', firmName: 'Cole & Partners', phone: '(555) 010-0100', email: 'dana@cole.example', address: '1 Court St, Albany NY',
    });
    if (!created.ok) throw new Error(created.error.message);
    expect(created.value).toMatchObject({ name: 'Dana Cole', firmName: 'Cole & Partners', openCaseCount: 0, logins: [] });

    const edited = await invoke(fixture.core, desk, 'contact.saveAttorney', {
      id: created.value.id, name: 'Dana Cole', firmName: 'Cole Injury Law', phone: null, email: '', address: null,
    });
    if (!edited.ok) throw new Error(edited.error.message);
    expect(edited.value).toMatchObject({ id: created.value.id, firmName: 'Cole Injury Law', phone: null, email: null });

    const outbox = await fixture.db.selectFrom('outbox').select(['name', 'user_id']).where('name', '=', 'attorney.save').execute();
    expect(outbox).toEqual([{ name: 'attorney.save', user_id: fixture.users.front_desk.id }, { name: 'attorney.save', user_id: fixture.users.front_desk.id }]);
    const audit = await auditOf('contact.saveAttorney');
    expect(audit.map((entry) => [entry.user_id, entry.entity_type, entry.entity_id, entry.patient_id])).toEqual([
      [fixture.users.front_desk.id, 'attorney', created.value.id, null],
      [fixture.users.front_desk.id, 'attorney', created.value.id, null],
    ]);
    expect(JSON.parse(audit[0]?.detail_json ?? '{}')).toMatchObject({ created: true, firmName: 'Cole & Partners' });

    // Cases pick from the same list.
    const pickable = await invoke(fixture.core, desk, 'case.attorneys', {});
    expect(pickable.ok && pickable.value.map((row) => row.firmName)).toContain('Cole Injury Law');
  });

  it('creates a referring doctor with a checked NPI; bad input is refused by field and writes nothing', async () => {
    const admin = await fixture.login('clinic_admin');
    const before = await fixture.rowCounts();
    const bad = await invoke(fixture.core, admin, 'contact.saveReferringDoctor', { name: ' ', npi: '1234567890', practiceName: null, phone: 'call me', email: 'not-an-email' });
    expect(bad.ok ? 'ok' : bad.error.code).toBe('invalid_input');
    if (!bad.ok) expect(bad.error.fields?.map((field) => field.path).sort()).toEqual(['email', 'name', 'npi', 'phone']);
    expect(await fixture.rowCounts()).toEqual(before);

    const missing = await invoke(fixture.core, admin, 'contact.saveAttorney', { id: newId(), name: 'Nobody', firmName: 'Nowhere', phone: null, email: null, address: null });
    expect(missing.ok ? 'ok' : missing.error.code).toBe('not_found');
    expect(await fixture.rowCounts()).toEqual(before);

    const created = await invoke(fixture.core, admin, 'contact.saveReferringDoctor', {
      name: 'Dr. Omar Haddad', npi: '1245319599', practiceName: 'Haddad Family Practice', phone: '(555) 010-0111', email: null,
    });
    if (!created.ok) throw new Error(created.error.message);
    expect(created.value).toMatchObject({ name: 'Dr. Omar Haddad', npi: '1245319599', practiceName: 'Haddad Family Practice' });
    const doctors = await invoke(fixture.core, admin, 'referral.doctors', {});
    expect(doctors.ok && doctors.value.map((row) => row.name)).toContain('Dr. Omar Haddad');
  });

  it('shows linked logins to clinic admins only, and counts only the cases the caller may see', async () => {
    const attorneyId = fixture.users.attorney.subject.attorneyId as string;
    const stamp = () => ({ id: newId(), clinic_id: fixture.clinicId, created_at: 1, created_by: 'system', updated_at: 1, updated_by: 'system', deleted_at: null });
    const openCase = (patientId: string, number: string) => ({
      ...stamp(), patient_id: patientId, case_number: number, case_type: 'pi_auto' as const, status: 'open' as const, date_of_injury: '2026-10-01',
      accident_state: 'NY', description: null, attorney_id: attorneyId, lop_status: 'none' as const, lop_document_id: null, policy_limit_cents: null,
      referral_source: null, billing_suspended: 1 as const, last_attorney_contact_at: null,
    });
    // Alice is a patient of facility A (the front desk's), Bianca of facility B.
    await fixture.db.insertInto('cases').values([openCase(fixture.scheduling.patientA, 'C-A'), openCase(fixture.scheduling.patientB, 'C-B')]).execute();

    const admin = await invoke(fixture.core, await fixture.login('clinic_admin'), 'contact.list', {});
    const desk = await invoke(fixture.core, await fixture.login('front_desk'), 'contact.list', {});
    if (!admin.ok || !desk.ok) throw new Error('contact.list failed');
    const reyesForAdmin = admin.value.attorneys.find((row) => row.id === attorneyId);
    const reyesForDesk = desk.value.attorneys.find((row) => row.id === attorneyId);
    expect(reyesForAdmin?.openCaseCount).toBe(2);
    expect(reyesForDesk?.openCaseCount).toBe(1);
    expect(reyesForAdmin?.logins.map((login) => login.username)).toEqual([fixture.users.attorney.username]);
    expect(reyesForDesk?.logins).toEqual([]);
    const kimForAdmin = admin.value.referringDoctors.find((row) => row.id === fixture.users.referring_doctor.subject.referringDoctorId);
    expect(kimForAdmin?.logins.map((login) => login.username)).toEqual([fixture.users.referring_doctor.username]);
  });

  it('refuses contact writes to physicians, executives, external users and the operator, and writes nothing', async () => {
    const before = await fixture.rowCounts();
    for (const role of ['physician', 'executive', 'attorney', 'referring_doctor', 'super_admin'] as const) {
      const caller = await fixture.login(role);
      const attorney = await invoke(fixture.core, caller, 'contact.saveAttorney', { name: 'Rogue', firmName: 'Rogue LLP', phone: null, email: null, address: null });
      const doctor = await invoke(fixture.core, caller, 'contact.saveReferringDoctor', { name: 'Rogue', npi: null, practiceName: null, phone: null, email: null });
      const list = await invoke(fixture.core, caller, 'contact.list', {});
      for (const result of [attorney, doctor, list]) expect(result.ok ? 'ok' : result.error.code, role).toBe('forbidden');
    }
    const after = await fixture.rowCounts();
    // Sign-ins add audit entries; nothing else changes.
    expect({ ...after, audit_log: 0, login_throttle: 0 }).toEqual({ ...before, audit_log: 0, login_throttle: 0 });
  });
});
