import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../shared/demo/demo-clinic';
import { newId } from '../../shared/ids';
import { hashPassword } from '../../server/auth/password';
import { startTestServer, type TestServer } from '../../test/support/sync-server';
import { caughtUp, closeAll, converged, manifestFor, openDevice, replicaRows, userIdOf, waitFor, type TestDevice } from '../../test/support/sync-device';

let server: TestServer;
const devices: TestDevice[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => closeAll(server, devices), 120_000);

/** A second attorney login, for the attorney (other than Reyes) with the most cases. */
async function addSecondAttorney(): Promise<{ username: string; attorneyId: string }> {
  const db = server.database.db;
  const reyes = await db.selectFrom('users').select(['attorney_id', 'clinic_id']).where('username', '=', 'attorney.reyes').executeTakeFirstOrThrow();
  const busiest = await db.selectFrom('cases').select(['attorney_id', sql<number>`count(*)`.as('n')])
    .where('attorney_id', 'is not', null).where('attorney_id', '!=', reyes.attorney_id as string)
    .groupBy('attorney_id').orderBy('n', 'desc').executeTakeFirstOrThrow();
  const attorneyId = busiest.attorney_id as string;
  const now = Date.now();
  const stamp = (id: string) => ({ id, clinic_id: reyes.clinic_id, created_at: now, created_by: id, updated_at: now, updated_by: id, deleted_at: null });
  const userId = newId();
  const username = 'attorney.second';
  await db.insertInto('users').values({
    ...stamp(userId), username, display_name: 'Second Attorney', email: null, is_active: 1, physician_id: null, attorney_id: attorneyId, referring_doctor_id: null,
  }).execute();
  await db.insertInto('user_roles').values({ ...stamp(newId()), user_id: userId, role: 'attorney' }).execute();
  await db.insertInto('server_credentials').values({ user_id: userId, password_hash: await hashPassword(DEMO_PASSWORD), password_changed_at: now, must_change_password: 0 }).execute();
  return { username, attorneyId };
}

async function attorneyWorkstation(username: string) {
  const workstation = await openDevice(server);
  devices.push(workstation);
  await workstation.signIn(username);
  await caughtUp(workstation);
  const userId = await userIdOf(server, username);
  return { workstation, userId, tables: await manifestFor(server, userId) };
}

const ids = async (device: TestDevice, table: 'cases' | 'patients' | 'invoices') => new Set((await replicaRows(device, table)).map((row) => row.id as string));

describe('row scope on the device', { timeout: 120_000 }, () => {
  it("keeps each attorney's replica to their own cases, and moves a reassigned case from one replica to the other", async () => {
    const db = server.database.db;
    const second = await addSecondAttorney();
    const reyesAttorneyId = (await db.selectFrom('users').select('attorney_id').where('username', '=', 'attorney.reyes').executeTakeFirstOrThrow()).attorney_id as string;
    const [a, b] = await Promise.all([attorneyWorkstation('attorney.reyes'), attorneyWorkstation(second.username)]);
    for (const { workstation, userId, tables } of [a, b]) {
      await converged(server, workstation, userId, tables);
    }

    const casesOf = async (attorneyId: string) => db.selectFrom('cases').select(['id', 'patient_id']).where('attorney_id', '=', attorneyId).where('deleted_at', 'is', null).execute();
    const reyesCases = await casesOf(reyesAttorneyId);
    const secondCases = await casesOf(second.attorneyId);
    expect(secondCases.length).toBeGreaterThan(0);
    // Neither replica holds a row of the other attorney's cases.
    const aCases = await ids(a.workstation, 'cases');
    const bCases = await ids(b.workstation, 'cases');
    expect(secondCases.some((row) => aCases.has(row.id))).toBe(false);
    expect(reyesCases.some((row) => bCases.has(row.id))).toBe(false);
    const onlySecondsPatients = secondCases.map((row) => row.patient_id).filter((patient) => !reyesCases.some((row) => row.patient_id === patient));
    const aPatients = await ids(a.workstation, 'patients');
    expect(onlySecondsPatients.some((patient) => aPatients.has(patient))).toBe(false);

    // Reassign one of Reyes's cases (one with invoices, if any) to the second attorney.
    const withInvoice = await db.selectFrom('invoices').select('case_id').where('case_id', 'in', reyesCases.map((row) => row.id)).executeTakeFirst();
    const moved = reyesCases.find((row) => row.id === withInvoice?.case_id) ?? (reyesCases[0] as { id: string; patient_id: string });
    const movedInvoices = (await db.selectFrom('invoices').select('id').where('case_id', '=', moved.id).execute()).map((row) => row.id);
    await db.updateTable('cases').set({ attorney_id: second.attorneyId, updated_at: Date.now() }).where('id', '=', moved.id).execute();

    await waitFor(async () => !(await ids(a.workstation, 'cases')).has(moved.id) && (await ids(b.workstation, 'cases')).has(moved.id), 'the case to move between replicas');
    for (const invoice of movedInvoices) {
      await waitFor(async () => !(await ids(a.workstation, 'invoices')).has(invoice) && (await ids(b.workstation, 'invoices')).has(invoice), 'its invoices to follow');
    }
    expect((await ids(b.workstation, 'patients')).has(moved.patient_id)).toBe(true);
    const reyesStillTreats = reyesCases.some((row) => row.id !== moved.id && row.patient_id === moved.patient_id);
    expect((await ids(a.workstation, 'patients')).has(moved.patient_id)).toBe(reyesStillTreats);
    // Everything that follows the case (invoice lines, allocations, payments, adjustments, claims,
    // documents and their versions) moves with it: both replicas equal their scope on every table.
    for (const { workstation, userId, tables } of [a, b]) {
      await converged(server, workstation, userId, tables);
    }
  });
});
