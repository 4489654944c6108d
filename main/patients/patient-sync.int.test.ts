import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../shared/demo/demo-clinic';
import { newId } from '../../shared/ids';
import type { ChannelName, InputOf, OutputOf } from '../../shared/ipc/contract';
import { hashPassword } from '../../server/auth/password';
import { startTestServer, type TestServer } from '../../test/support/sync-server';
import { caughtUp, closeAll, converged, manifestFor, openDevice, replicaRows, userIdOf, waitFor, type TestDevice } from '../../test/support/sync-device';
import type { Caller } from '../ipc/router';

let server: TestServer;
const devices: TestDevice[] = [];

interface Workstation { device: TestDevice; caller: Caller; userId: string }

async function workstation(username: string): Promise<Workstation> {
  const device = await openDevice(server);
  devices.push(device);
  const caller = await device.signIn(username);
  await caughtUp(device);
  return { device, caller, userId: await userIdOf(server, username) };
}

async function call<C extends ChannelName>(ws: Workstation, channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
  const result = await ws.device.invoke(ws.caller, channel, input);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

async function secondAttorneyLogin(): Promise<{ username: string; attorneyId: string }> {
  const db = server.database.db;
  const reyes = await db.selectFrom('users').select(['attorney_id', 'clinic_id']).where('username', '=', 'attorney.reyes').executeTakeFirstOrThrow();
  const other = await db.selectFrom('attorneys').select('id').where('id', '!=', reyes.attorney_id as string).where('clinic_id', '=', reyes.clinic_id).executeTakeFirstOrThrow();
  const now = Date.now();
  const stamp = (id: string) => ({ id, clinic_id: reyes.clinic_id, created_at: now, created_by: id, updated_at: now, updated_by: id, deleted_at: null });
  const userId = newId();
  const username = 'attorney.other';
  await db.insertInto('users').values({ ...stamp(userId), username, display_name: 'Other Attorney', email: null, is_active: 1, physician_id: null, attorney_id: other.id, referring_doctor_id: null }).execute();
  await db.insertInto('user_roles').values({ ...stamp(newId()), user_id: userId, role: 'attorney' }).execute();
  await db.insertInto('server_credentials').values({ user_id: userId, password_hash: await hashPassword(DEMO_PASSWORD), password_changed_at: now, must_change_password: 0 }).execute();
  return { username, attorneyId: other.id };
}

beforeAll(async () => {
  server = await startTestServer();
}, 180_000);
afterAll(async () => closeAll(server, devices), 120_000);

describe('patients and cases across workstations', { timeout: 240_000 }, () => {
  it('a new patient gets its final MRN from the server; a case follows its attorney between replicas, search included', async () => {
    const second = await secondAttorneyLogin();
    const reyesAttorneyId = (await server.database.db.selectFrom('users').select('attorney_id').where('username', '=', 'attorney.reyes').executeTakeFirstOrThrow()).attorney_id as string;
    const admin = await workstation('admin');
    const [reyes, other] = await Promise.all([workstation('attorney.reyes'), workstation(second.username)]);
    const facility = await server.database.db.selectFrom('facilities').select('id').where('clinic_id', '=', server.clinicId).executeTakeFirstOrThrow();

    const chart = await call(admin, 'patient.save', {
      firstName: 'Zelda', middleName: null, lastName: 'Quenneville', preferredName: null, dateOfBirth: '1979-09-09', sex: 'female', phone: '555-909-0909',
      email: null, addressLine1: null, addressLine2: null, city: null, state: null, postalCode: null, preferredLanguage: null, smsConsent: false,
      emailConsent: false, phoneConsent: true, emergencyContactName: null, emergencyContactPhone: null, homeFacilityId: facility.id, referringDoctorId: null,
      physicianIds: [], notes: 'Internal note the attorney must not read', insurances: [],
    });
    expect(chart.mrnIsProvisional).toBe(true);
    await waitFor(async () => !(await call(admin, 'patient.get', { id: chart.id })).mrnIsProvisional, 'the server to issue the final MRN');
    const final = await call(admin, 'patient.get', { id: chart.id });
    expect(final.mrn).toMatch(/^\d+$/);
    const onServer = await server.database.db.selectFrom('patients').select('mrn').where('id', '=', chart.id).executeTakeFirstOrThrow();
    expect(onServer.mrn).toBe(final.mrn);

    const opened = await call(admin, 'case.save', {
      patientId: chart.id, caseType: 'pi_auto', status: 'open', dateOfInjury: '2026-11-01', accidentState: 'NY', description: 'T-bone collision',
      attorneyId: second.attorneyId, lopStatus: 'requested', lopDocumentId: null, policyLimitCents: 5_000_000, referralSource: null, physicianIds: [],
    });
    const searchIds = async (ws: Workstation) => (await call(ws, 'patient.search', { query: 'quenneville' })).map((r) => r.id);
    await waitFor(async () => (await searchIds(other)).includes(chart.id), "the new client to reach the other attorney's workstation");
    expect(await searchIds(reyes)).toEqual([]);
    expect((await replicaRows(reyes.device, 'patients')).some((row) => row.id === chart.id)).toBe(false);
    // The attorney's replica carries no clinic notes at all (column filtering of the shape).
    const otherPatients = await replicaRows(other.device, 'patients');
    expect(otherPatients.find((row) => row.id === chart.id)).toMatchObject({ notes: null });
    expect(otherPatients.every((row) => row.notes === null)).toBe(true);

    await call(admin, 'case.save', {
      id: opened.id, patientId: chart.id, caseType: 'pi_auto', status: 'open', dateOfInjury: '2026-11-01', accidentState: 'NY', description: 'T-bone collision',
      attorneyId: reyesAttorneyId, lopStatus: 'requested', lopDocumentId: null, policyLimitCents: 5_000_000, referralSource: null, physicianIds: [],
    });
    await waitFor(async () => (await searchIds(reyes)).includes(chart.id) && !(await searchIds(other)).includes(chart.id), 'the case to move to Reyes');
    expect((await replicaRows(other.device, 'cases')).some((row) => row.id === opened.id)).toBe(false);
    expect((await call(reyes, 'case.attorneyList', {})).some((c) => c.case.id === opened.id)).toBe(true);
    expect((await call(other, 'case.attorneyList', {})).some((c) => c.case.id === opened.id)).toBe(false);
    for (const ws of [reyes, other]) await converged(server, ws.device, ws.userId, await manifestFor(server, ws.userId));
  });

  it('the server refuses a referring doctor’s write pushed past the workstation', async () => {
    const referrer = await workstation('referrer.kim');
    const rows = await replicaRows(referrer.device, 'patients');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.phone === null && row.email === null && row.notes === null)).toBe(true);
    const local = await referrer.device.invoke(referrer.caller, 'referral.save', {
      patientId: rows[0]?.id as string, referringDoctorId: newId(), caseId: null, referredOn: '2026-11-01', reason: null, status: 'seen',
    });
    expect(local.ok ? 'ok' : local.error.code).toBe('forbidden');

    const token = await server.login('referrer.kim');
    const response = await fetch(`${server.url}/v1/mutations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token.accessToken}` },
      body: JSON.stringify({ clientId: newId(), schemaVersion: 1, mutations: [{ id: 1, name: 'patient.merge', args: { survivorId: rows[0]?.id, mergedId: rows[1]?.id ?? newId(), reason: null }, createdAt: Date.now() }] }),
    });
    const answer = (await response.json()) as { results: { status: string; code?: string }[] };
    expect(answer.results).toEqual([expect.objectContaining({ status: 'rejected', code: 'forbidden' })]);
    const merges = await server.database.db.selectFrom('patient_merges').select('id').execute();
    expect(merges).toEqual([]);
  });
});
