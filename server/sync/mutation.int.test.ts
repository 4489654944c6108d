import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids';
import { SYNC_SCHEMA_VERSION } from '../../shared/sync/mutator';
import { startTestServer, type TestServer } from '../../test/support/sync-server';
import { facilityInput } from '../../test/support/facility-input';

let server: TestServer;
let token: string;

beforeAll(async () => {
  server = await startTestServer();
  token = (await server.login('admin')).accessToken;
});
afterAll(async () => server.stop());

async function push(clientId: string, mutations: { id: number; name: string; args: unknown; createdAt?: number }[], bearer = token) {
  const response = await fetch(`${server.url}/v1/mutations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ clientId, schemaVersion: SYNC_SCHEMA_VERSION, mutations: mutations.map((m) => ({ createdAt: 1_764_000_000_000, ...m })) }),
  });
  return { status: response.status, body: (await response.json()) as { lastMutationId: number; results: { id: number; status: string; code?: string }[] } };
}

const facilitiesWithCode = async (code: string) =>
  (await server.database.db.selectFrom('facilities').select('id').where('code', '=', code).execute()).length;

describe('POST /v1/mutations', () => {
  it('applies the first mutation, and a replay has no second effect', async () => {
    const clientId = newId();
    const first = await push(clientId, [{ id: 1, name: 'facility.save', args: facilityInput('MUT-1') }]);
    expect(first.body).toEqual({ lastMutationId: 1, results: [{ id: 1, status: 'applied' }] });
    const replay = await push(clientId, [{ id: 1, name: 'facility.save', args: facilityInput('MUT-1') }]);
    expect(replay.body.results).toEqual([{ id: 1, status: 'duplicate' }]);
    expect(await facilitiesWithCode('MUT-1')).toBe(1);
  });

  it('creates rows with the same ids the device computed (deterministic per client, mutation and time)', async () => {
    const clientId = newId();
    await push(clientId, [{ id: 1, name: 'facility.save', args: facilityInput('MUT-ID') }]);
    const { mutationIdFactory } = await import('../../shared/sync/mutator');
    const expectedId = mutationIdFactory(clientId, 1, 1_764_000_000_000)();
    const row = await server.database.db.selectFrom('facilities').select('id').where('code', '=', 'MUT-ID').executeTakeFirstOrThrow();
    expect(row.id).toBe(expectedId);
  });

  it('stops at a gap: an out-of-order mutation is not applied', async () => {
    const clientId = newId();
    const result = await push(clientId, [{ id: 2, name: 'facility.save', args: facilityInput('MUT-GAP') }]);
    expect(result.body.results).toEqual([{ id: 2, status: 'out_of_order', expected: 1 }]);
    expect(result.body.lastMutationId).toBe(0);
    expect(await facilitiesWithCode('MUT-GAP')).toBe(0);
  });

  it('records a refused mutation, advances the id, and goes on with the next', async () => {
    const clientId = newId();
    const result = await push(clientId, [
      { id: 1, name: 'facility.save', args: facilityInput('MUT-DUP') },
      { id: 2, name: 'facility.save', args: facilityInput('MUT-DUP') },
      { id: 3, name: 'facility.save', args: facilityInput('MUT-3') },
    ]);
    expect(result.body.results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied']);
    expect(result.body.results[1]?.code).toBe('conflict');
    expect(result.body.lastMutationId).toBe(3);
    const stored = await server.database.db.selectFrom('mutation_results').selectAll().where('client_id', '=', clientId).execute();
    expect(stored.map((r) => [r.mutation_id, r.code])).toEqual([[2, 'conflict']]);
    expect(await facilitiesWithCode('MUT-DUP')).toBe(1);
    expect(result.body.results[1]).toMatchObject({ message: 'Another facility already uses that code.', fields: [{ path: 'code', message: 'Already used by another facility' }] });

    // Sent again, each is a duplicate; the refused one names its stored refusal.
    const again = await push(clientId, [
      { id: 1, name: 'facility.save', args: facilityInput('MUT-DUP') },
      { id: 2, name: 'facility.save', args: facilityInput('MUT-DUP') },
    ]);
    expect(again.body.results).toEqual([
      { id: 1, status: 'duplicate' },
      { id: 2, status: 'duplicate', refused: { code: 'conflict', message: 'Another facility already uses that code.', fields: [{ path: 'code', message: 'Already used by another facility' }] } },
    ]);
  });

  it('a lost response then a retry applies once', async () => {
    const clientId = newId();
    const controller = new AbortController();
    const lost = fetch(`${server.url}/v1/mutations`, {
      method: 'POST', signal: controller.signal,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ clientId, schemaVersion: SYNC_SCHEMA_VERSION, mutations: [{ id: 1, name: 'facility.save', args: facilityInput('MUT-LOST'), createdAt: 1 }] }),
    }).catch(() => null);
    setTimeout(() => controller.abort(), 5);
    await lost;
    await new Promise((resolve) => setTimeout(resolve, 300));
    const retry = await push(clientId, [{ id: 1, name: 'facility.save', args: facilityInput('MUT-LOST'), createdAt: 1 }]);
    expect(retry.body.lastMutationId).toBe(1);
    expect(await facilitiesWithCode('MUT-LOST')).toBe(1);
  });

  it('checks the role on the server: a front-desk user cannot change clinic settings', async () => {
    const desk = await server.login('desk.east');
    const clientId = newId();
    const clinic = await server.database.db.selectFrom('clinics').selectAll().executeTakeFirstOrThrow();
    const result = await push(clientId, [{
      id: 1, name: 'clinic.update', args: {
        name: 'Hijacked', legalName: null, taxId: null, phone: null, email: null, idleTimeoutMinutes: 60, offlineLeaseHours: 72,
        travelBufferMinutes: 0, treatmentGapDays: 14, defaultTimeZone: 'UTC',
      },
    }], desk.accessToken);
    expect(result.body, JSON.stringify(result.body)).toMatchObject({ results: [{ status: 'rejected', code: 'forbidden' }] });
    const after = await server.database.db.selectFrom('clinics').select('name').executeTakeFirstOrThrow();
    expect(after.name).toBe(clinic.name);
  });

  it('refuses a client id that belongs to another user', async () => {
    const clientId = newId();
    await push(clientId, [{ id: 1, name: 'facility.save', args: facilityInput('MUT-OWN') }]);
    const billing = await server.login('billing');
    const stolen = await push(clientId, [{ id: 2, name: 'facility.save', args: facilityInput('MUT-STOLEN') }], billing.accessToken);
    expect(stolen.status).toBe(403);
  });

  it('answers malformed bodies with 4xx JSON errors and writes nothing', async () => {
    const before = await server.database.db.selectFrom('change_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const post = (body: string, contentType = 'application/json') =>
      fetch(`${server.url}/v1/mutations`, { method: 'POST', headers: { 'content-type': contentType, authorization: `Bearer ${token}` }, body });
    const cases = [
      await post('{not json'),
      await post(JSON.stringify({ clientId: 'nope', schemaVersion: 1, mutations: [] })),
      await post(JSON.stringify({ clientId: newId(), schemaVersion: 1, mutations: 'x' })),
      await post(JSON.stringify({ clientId: newId(), schemaVersion: 1, mutations: [{ id: -1, name: 'x', args: {}, createdAt: 0 }] })),
      await post(`{"clientId":"${newId()}","schemaVersion":1,"mutations":[],"pad":"${'x'.repeat(3 * 1024 * 1024)}"}`),
      await post('plain text', 'text/plain'),
    ];
    for (const response of cases) {
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      const body = (await response.json()) as { code: string; message: string };
      expect(typeof body.code).toBe('string');
      expect(typeof body.message).toBe('string');
    }
    expect(cases.map((r) => r.status)).toEqual([400, 400, 400, 400, 413, 400]);
    const after = await server.database.db.selectFrom('change_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});

describe('physician double-booking across devices', () => {
  it('two devices pushing the same physician slot: exactly one booking stands, the other is refused', async () => {
    const db = server.database.db;
    const desk = await db.selectFrom('users').innerJoin('user_facilities', 'user_facilities.user_id', 'users.id').select('user_facilities.facility_id').where('users.username', '=', 'desk.east').executeTakeFirstOrThrow();
    const physician = await db.selectFrom('physician_facilities').select('physician_id').where('facility_id', '=', desk.facility_id).executeTakeFirstOrThrow();
    const [patientA, patientB] = await db.selectFrom('patients').select('id').limit(2).execute();
    const exam = await db.selectFrom('exam_types').select('id').executeTakeFirstOrThrow();
    const startsAt = Date.parse('2027-03-01T15:00:00Z');
    const booking = (patientId: string) => ({ facilityId: desk.facility_id, physicianId: physician.physician_id, patientId, examTypeId: exam.id, startsAt, endsAt: startsAt + 30 * 60_000 });
    const deviceA = await server.login('desk.east');
    const deviceB = await server.login('admin');
    const [a, b] = await Promise.all([
      push(newId(), [{ id: 1, name: 'appointment.book', args: booking(patientA?.id as string) }], deviceA.accessToken),
      push(newId(), [{ id: 1, name: 'appointment.book', args: booking(patientB?.id as string) }], deviceB.accessToken),
    ]);
    const statuses = [a.body.results[0]?.status, b.body.results[0]?.status].sort();
    expect(statuses).toEqual(['applied', 'rejected']);
    const refused = [a, b].find((r) => r.body.results[0]?.status === 'rejected');
    expect(refused?.body.results[0]?.code).toBe('conflict');
    const standing = await db.selectFrom('appointments').select('id').where('physician_id', '=', physician.physician_id).where('starts_at', '=', startsAt).execute();
    expect(standing).toHaveLength(1);
  });
});
