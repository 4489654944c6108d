import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids';
import type { PatientSearchResult } from '../../shared/patients/patient.contract';
import { createClinicFixture, invoke, type ClinicFixture } from '../../test/support/clinic-fixture';
import { ReplicaWriter } from '../sync/replica-writer';
import type { Caller } from '../ipc/router';
import type { Role } from '../../shared/auth/permissions';

let fixture: ClinicFixture;
const windows = new Map<Role, Caller>();
const ids: Record<string, string> = {};

function stamp(id = newId()) {
  const now = Date.parse('2026-11-28T12:00:00Z');
  return { id, clinic_id: fixture.clinicId, created_at: now, created_by: fixture.users.clinic_admin.id, updated_at: now, updated_by: fixture.users.clinic_admin.id, deleted_at: null };
}

function patientRow(first: string, last: string, extra: Partial<Record<string, unknown>> = {}) {
  return {
    ...stamp(), mrn: `M${newId().slice(-6)}`, first_name: first, middle_name: null, last_name: last, preferred_name: null, date_of_birth: '1975-06-15',
    sex: 'male' as const, phone: null, email: null, address_line1: null, address_line2: null, city: null, state: null, postal_code: null,
    preferred_language: null, sms_consent: 0 as const, email_consent: 0 as const, phone_consent: 0 as const, emergency_contact_name: null,
    emergency_contact_phone: null, home_facility_id: fixture.facilityA, referring_doctor_id: null, merged_into_id: null, notes: null, ...extra,
  };
}

async function search(role: Role, query: string, limit?: number): Promise<PatientSearchResult[]> {
  let caller = windows.get(role);
  if (!caller) {
    caller = await fixture.login(role);
    windows.set(role, caller);
  }
  const result = await invoke(fixture.core, caller, 'patient.search', { query, ...(limit ? { limit } : {}) });
  if (!result.ok) throw new Error(`search failed: ${result.error.code}`);
  return result.value;
}

const names = (results: PatientSearchResult[]) => results.map((r) => r.displayName);

beforeAll(async () => {
  fixture = await createClinicFixture();
  const db = fixture.db;
  const john = patientRow('John', 'Smith', { phone: '(555) 010-2233', mrn: '100777', preferred_name: 'Jack' });
  const jon = patientRow('Jonathan', 'Smithers', { date_of_birth: '1990-01-02' });
  const maria = patientRow('María', "O'Brien-Lee", { home_facility_id: fixture.facilityB, phone: '555-777-1000' });
  const katherine = patientRow('Katherine', 'Zimmermann', { home_facility_id: fixture.facilityB });
  await db.insertInto('patients').values([john, jon, maria, katherine]).execute();
  Object.assign(ids, { john: john.id, jon: jon.id, maria: maria.id, katherine: katherine.id });
  const attorneyId = fixture.users.attorney.subject.attorneyId as string;
  const caseRow = (patientId: string, number: string, attorney: string | null) => ({
    ...stamp(), patient_id: patientId, case_number: number, case_type: 'pi_auto' as const, status: 'open' as const, date_of_injury: '2026-10-01',
    accident_state: 'NY', description: null, attorney_id: attorney, lop_status: 'none' as const, lop_document_id: null, policy_limit_cents: null,
    referral_source: null, billing_suspended: 0 as const, last_attorney_contact_at: null,
  });
  await db.insertInto('cases').values([caseRow(maria.id, 'C2026-000411', attorneyId), caseRow(katherine.id, 'C2026-000412', null)]).execute();
  const referrerId = fixture.users.referring_doctor.subject.referringDoctorId as string;
  await db.insertInto('referrals').values({ ...stamp(), patient_id: john.id, referring_doctor_id: referrerId, case_id: null, referred_on: '2026-11-01', reason: 'Back pain', status: 'received', report_sent_at: null }).execute();
}, 120_000);
afterAll(async () => fixture.cleanup());

describe('patient.search', () => {
  it('finds by name prefix in either order, preferred name shown', async () => {
    expect(names(await search('clinic_admin', 'smi'))).toEqual(['Smith, Jack', 'Smithers, Jonathan']);
    expect(names(await search('clinic_admin', 'jo smith'))).toEqual(['Smith, Jack', 'Smithers, Jonathan']);
    expect(names(await search('clinic_admin', 'Smith, Jac'))).toEqual(['Smith, Jack']);
    const [first] = await search('clinic_admin', 'jack');
    expect(first).toMatchObject({ legalName: 'Smith, John', displayName: 'Smith, Jack', matchedOn: 'name', dateOfBirth: '1975-06-15' });
  });

  it('tolerates typos: swapped, missing, extra and wrong letters, after exact matches', async () => {
    expect(names(await search('clinic_admin', 'Jhon'))).toContain('Smith, Jack');
    expect(names(await search('clinic_admin', 'smiht'))).toContain('Smith, Jack');
    expect(names(await search('clinic_admin', 'Zimermann'))).toEqual(['Zimmermann, Katherine']);
    expect(names(await search('clinic_admin', 'katherine zimerman'))).toEqual(['Zimmermann, Katherine']);
    expect(names(await search('clinic_admin', 'obrienle'))).toEqual(["O'Brien-Lee, María"]);
    const typo = await search('clinic_admin', 'Smitj');
    expect(typo.map((r) => r.matchedOn)).toEqual(['name_typo']);
    expect(await search('clinic_admin', 'Qwxyz')).toEqual([]);
  });

  it('finds by date of birth, phone, MRN, case number and claim number', async () => {
    expect(names(await search('clinic_admin', '01/02/1990'))).toEqual(['Smithers, Jonathan']);
    expect((await search('clinic_admin', '1990-01-02'))[0]?.matchedOn).toBe('date_of_birth');
    expect(names(await search('clinic_admin', '555-010'))).toEqual(['Smith, Jack']);
    expect((await search('clinic_admin', '100777'))[0]).toMatchObject({ displayName: 'Smith, Jack', matchedOn: 'mrn' });
    expect((await search('clinic_admin', 'c2026-000411'))[0]).toMatchObject({ id: ids.maria, matchedOn: 'case_number' });
  });

  it('keeps the index right through renames, tombstones, merges and rows written by the sync writer', async () => {
    const db = fixture.db;
    await db.updateTable('patients').set({ last_name: 'Smythe' }).where('id', '=', ids.jon as string).execute();
    expect(names(await search('clinic_admin', 'smythe'))).toEqual(['Smythe, Jonathan']);
    expect(names(await search('clinic_admin', 'smithers'))).toEqual([]);
    await db.updateTable('patients').set({ notes: 'Prefers afternoons', city: 'Troy' }).where('id', '=', ids.jon as string).execute();
    expect(names(await search('clinic_admin', 'smythe'))).toEqual(['Smythe, Jonathan']);
    await db.updateTable('patients').set({ phone: '(555) 987-6543' }).where('id', '=', ids.jon as string).execute();
    expect(names(await search('clinic_admin', '555-987-6543'))).toEqual(['Smythe, Jonathan']);

    const sqlite = fixture.core.replica?.sqlite;
    if (!sqlite) throw new Error('no replica');
    const writer = new ReplicaWriter(sqlite);
    const incoming = patientRow('Quincy', 'Adams');
    writer.apply({ table: 'patients', operation: 'insert', value: incoming });
    expect(names(await search('clinic_admin', 'quinc'))).toEqual(['Adams, Quincy']);
    writer.apply({ table: 'patients', operation: 'update', value: { ...incoming, first_name: 'Quentin' } });
    expect(names(await search('clinic_admin', 'quinc'))).toEqual([]);
    expect(names(await search('clinic_admin', 'quent'))).toEqual(['Adams, Quentin']);
    writer.apply({ table: 'patients', operation: 'update', value: { ...incoming, first_name: 'Quentin', merged_into_id: ids.john } });
    expect(names(await search('clinic_admin', 'quent'))).toEqual([]);
    writer.apply({ table: 'patients', operation: 'update', value: { ...incoming, first_name: 'Quentin' } });
    expect(names(await search('clinic_admin', 'quent'))).toEqual(['Adams, Quentin']);
    writer.apply({ table: 'patients', operation: 'delete', value: { id: incoming.id } });
    expect(names(await search('clinic_admin', 'quent'))).toEqual([]);
    await db.updateTable('patients').set({ deleted_at: Date.now() }).where('id', '=', ids.jon as string).execute();
    expect(names(await search('clinic_admin', 'smythe'))).toEqual([]);
    const leftovers = sqlite.prepare('SELECT count(*) AS n FROM patient_search_typos WHERE patient_id IN (?, ?)').get(incoming.id, ids.jon) as { n: number };
    expect(leftovers.n).toBe(0);
  });

  it('returns only patients in the caller’s scope', async () => {
    // Front desk of facility A: Maria and Katherine are registered at B and never seen at A.
    expect(await search('front_desk', "o'brien")).toEqual([]);
    expect(await search('front_desk', '555-777')).toEqual([]);
    expect(names(await search('front_desk', 'smith'))).toEqual(['Smith, Jack']);
    // The attorney sees only the client of their case, by name or by case number, never the other case.
    expect(names(await search('attorney', 'o'))).toEqual(["O'Brien-Lee, María"]);
    expect(await search('attorney', 'C2026-000412')).toEqual([]);
    expect(await search('attorney', 'zimmermann')).toEqual([]);
    expect(await search('attorney', 'smith')).toEqual([]);
    // The referring doctor sees the patient they referred, without contact details, and cannot search by phone.
    const referred = await search('referring_doctor', 'smith');
    expect(referred).toHaveLength(1);
    expect(referred[0]).toMatchObject({ id: ids.john, phone: null });
    expect(await search('referring_doctor', '555-010')).toEqual([]);
    expect(await search('referring_doctor', "o'brien")).toEqual([]);
  });

  it('fills a scoped page past candidates the caller may not see, and past more than one chunk of them', async () => {
    // 90 "Chunkley" patients at facility B sort before the two at facility A (first names "Zed…"), so front
    // desk A reads through the invisible ones a chunk at a time until its page is full or the candidates end.
    const hidden = Array.from({ length: 90 }, (_, i) => patientRow(`Abe${String(i).padStart(2, '0')}`, 'Chunkley', { home_facility_id: fixture.facilityB }));
    const seen = [patientRow('Zed', 'Chunkley'), patientRow('Zeb', 'Chunkley')];
    await fixture.db.insertInto('patients').values([...hidden, ...seen]).execute();
    expect(names(await search('front_desk', 'chunkley'))).toEqual(['Chunkley, Zeb', 'Chunkley, Zed']);
    expect(await search('front_desk', 'chunkley', 1)).toHaveLength(1);
    const admin = await search('clinic_admin', 'chunkley', 50);
    expect(admin).toHaveLength(50);
    expect(admin[0]?.displayName).toBe('Chunkley, Abe00');
    // A typo reading is consulted only when exact prefixes leave room, and is scoped the same way.
    expect(names(await search('front_desk', 'chunklye'))).toEqual(['Chunkley, Zeb', 'Chunkley, Zed']);
  });

  it('audits a search with what it was read as and how many it found, never the typed text', async () => {
    const lastDetail = async () => JSON.parse((await fixture.db.selectFrom('audit_log').select('detail_json').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow()).detail_json) as unknown;
    const byName = await search('clinic_admin', 'Chunkley Ze');
    expect(byName).toHaveLength(2);
    const entry = await fixture.db.selectFrom('audit_log').select(['action', 'entity_type', 'detail_json']).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ action: 'patient.search', entity_type: 'patient_search' });
    expect(JSON.parse(entry.detail_json)).toEqual({ readAs: ['name'], resultCount: 2 });
    expect(entry.detail_json.toLowerCase()).not.toContain('chunkley');
    const byPhone = await search('clinic_admin', '555-010');
    expect(await lastDetail()).toEqual({ readAs: ['identifier', 'phone'], resultCount: byPhone.length });
    const byBirth = await search('clinic_admin', '01/02/1990');
    expect(await lastDetail()).toEqual({ readAs: ['identifier', 'date_of_birth'], resultCount: byBirth.length });
  });

  it('refuses bad input with a typed error and callers without patient.read', async () => {
    const admin = windows.get('clinic_admin') as Caller;
    const empty = await invoke(fixture.core, admin, 'patient.search', { query: '  ' });
    expect(empty.ok ? 'ok' : empty.error.code).toBe('invalid_input');
    const tooMany = await fixture.core.router.dispatch(admin, 'patient.search', { query: 'a', limit: 500 });
    expect(tooMany.ok ? 'ok' : tooMany.error.code).toBe('invalid_input');
    const exec = await fixture.login('executive');
    const denied = await invoke(fixture.core, exec, 'patient.search', { query: 'smith' });
    expect(denied.ok ? 'ok' : denied.error.code).toBe('forbidden');
  });
});
