import type { Row } from '@electric-sql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids';
import { hashPassword } from '../auth/password';
import { DEMO_PASSWORD } from '../../shared/demo/demo-clinic';
import { applyChanges, readShape, type ReadResult } from '../../test/support/shape-reader';
import { startTestServer, type TestServer } from '../../test/support/sync-server';

let server: TestServer;
let reyes: { token: string; attorneyId: string };
let other: { token: string; attorneyId: string };

/** A second attorney login, linked to another attorney of the demo clinic who has cases. */
async function createSecondAttorney(): Promise<string> {
  const db = server.database.db;
  const reyesUser = await db.selectFrom('users').selectAll().where('username', '=', 'attorney.reyes').executeTakeFirstOrThrow();
  const attorney = await db.selectFrom('cases').select('attorney_id').where('attorney_id', 'is not', null).where('attorney_id', '!=', reyesUser.attorney_id as string)
    .groupBy('attorney_id').orderBy((eb) => eb.fn.countAll(), 'desc').executeTakeFirstOrThrow();
  const now = Date.now();
  const userId = newId();
  const stamp = { clinic_id: reyesUser.clinic_id, created_at: now, created_by: reyesUser.id, updated_at: now, updated_by: reyesUser.id, deleted_at: null };
  await db.insertInto('users').values({ ...stamp, id: userId, username: 'attorney.other', display_name: 'Other Attorney', email: null, is_active: 1, physician_id: null, attorney_id: attorney.attorney_id, referring_doctor_id: null }).execute();
  await db.insertInto('user_roles').values({ ...stamp, id: newId(), user_id: userId, role: 'attorney' }).execute();
  await db.insertInto('server_credentials').values({ user_id: userId, password_hash: await hashPassword(DEMO_PASSWORD), password_changed_at: now, must_change_password: 0 }).execute();
  return attorney.attorney_id as string;
}

beforeAll(async () => {
  server = await startTestServer();
  const otherAttorneyId = await createSecondAttorney();
  const reyesUser = await server.database.db.selectFrom('users').select('attorney_id').where('username', '=', 'attorney.reyes').executeTakeFirstOrThrow();
  reyes = { token: (await server.login('attorney.reyes')).accessToken, attorneyId: reyesUser.attorney_id as string };
  other = { token: (await server.login('attorney.other')).accessToken, attorneyId: otherAttorneyId };
});
afterAll(async () => server.stop());

const read = (who: { token: string }, table: string, resume?: ReadResult, untilVersion?: number) =>
  readShape({ url: server.url, token: who.token, table, clientId: newId(), ...(resume ? { resume: { handle: resume.handle, offset: resume.offset } } : {}), ...(untilVersion ? { untilVersion } : {}) });

describe('row scope in shapes', () => {
  it("an attorney's device receives only their own cases, clients and invoices", async () => {
    for (const who of [reyes, other]) {
      const cases = applyChanges(new Map(), (await read(who, 'cases')).changes);
      expect(cases.size).toBeGreaterThan(0);
      for (const row of cases.values()) expect(row.attorney_id).toBe(who.attorneyId);
      const patientIds = new Set([...cases.values()].map((c) => String(c.patient_id)));
      const patients = applyChanges(new Map(), (await read(who, 'patients')).changes);
      expect(new Set(patients.keys())).toEqual(patientIds);
      const invoices = applyChanges(new Map(), (await read(who, 'invoices')).changes);
      for (const row of invoices.values()) expect(cases.has(String(row.case_id))).toBe(true);
    }
  });

  it('does not receive tables outside the role (appointments, audit, users of others)', async () => {
    const forbidden = await fetch(`${server.url}/v1/shape?table=appointments&offset=-1&client_id=${newId()}`, { headers: { authorization: `Bearer ${reyes.token}` } });
    expect(forbidden.status).toBe(403);
    const users = applyChanges(new Map(), (await read(reyes, 'users')).changes);
    expect([...users.values()].map((u: Row) => u.username)).toEqual(['attorney.reyes']);
  });

  it('reassigning a case moves its rows from one attorney replica to the other', async () => {
    const db = server.database.db;
    const reyesCases = await read(reyes, 'cases');
    const otherCases = await read(other, 'cases');
    const reyesPatients = await read(reyes, 'patients');
    const moved = await db.selectFrom('cases').select(['id', 'patient_id']).where('attorney_id', '=', reyes.attorneyId)
      .where('patient_id', 'not in', db.selectFrom('cases').select('patient_id').where('attorney_id', '!=', reyes.attorneyId).where('attorney_id', 'is not', null))
      .orderBy('id').executeTakeFirstOrThrow();
    const otherPatientCount = await db.selectFrom('cases').select('id').where('patient_id', '=', moved.patient_id).where('attorney_id', '=', reyes.attorneyId).execute();
    await db.updateTable('cases').set({ attorney_id: other.attorneyId, updated_at: Date.now() }).where('id', '=', moved.id).execute();
    const version = (await db.selectFrom('sync_version').select('v').executeTakeFirstOrThrow()).v;

    const reyesAfter = applyChanges(applyChanges(new Map(), reyesCases.changes), (await read(reyes, 'cases', reyesCases, version)).changes);
    const otherAfter = applyChanges(applyChanges(new Map(), otherCases.changes), (await read(other, 'cases', otherCases, version)).changes);
    expect(reyesAfter.has(moved.id)).toBe(false);
    expect(otherAfter.get(moved.id)?.attorney_id).toBe(other.attorneyId);

    const patientsAfter = applyChanges(applyChanges(new Map(), reyesPatients.changes), (await read(reyes, 'patients', reyesPatients, version)).changes);
    if (otherPatientCount.length === 1) expect(patientsAfter.has(moved.patient_id)).toBe(false);
  });

  it('a referring doctor receives only referred patients, without contact details', async () => {
    const kim = { token: (await server.login('referrer.kim')).accessToken };
    const patients = applyChanges(new Map(), (await read(kim, 'patients')).changes);
    const referred = await server.database.db.selectFrom('referrals').innerJoin('users', 'users.referring_doctor_id', 'referrals.referring_doctor_id')
      .select('referrals.patient_id').where('users.username', '=', 'referrer.kim').where('referrals.deleted_at', 'is', null).execute();
    expect(new Set(patients.keys())).toEqual(new Set(referred.map((r) => r.patient_id)));
    for (const row of patients.values()) {
      expect(row.phone).toBeNull();
      expect(row.email).toBeNull();
      expect(row.notes).toBeNull();
    }
  });
});
