import { sql } from 'kysely';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids';
import { applyChanges, readShape } from '../../test/support/shape-reader';
import { startTestServer, type TestServer } from '../../test/support/sync-server';

let server: TestServer;
let token: string;
const clientId = newId();

beforeAll(async () => {
  server = await startTestServer({ longPollMs: 1_000 });
  token = (await server.login('admin')).accessToken;
});
afterAll(async () => server.stop());

const currentVersion = async () => (await server.database.db.selectFrom('sync_version').select('v').executeTakeFirstOrThrow()).v;

/** One writer: transactions that insert, update and tombstone closures, each held open a random while. */
async function writer(seed: number, transactions: number, facilityIds: string[], clinicId: string) {
  const random = fc.sample(fc.integer({ min: 0, max: 1_000_000 }), { seed, numRuns: transactions * 4 });
  for (let t = 0; t < transactions; t++) {
    await server.database.db.transaction().execute(async (tx) => {
      const pick = random[t * 4] as number;
      const facilityId = facilityIds[pick % facilityIds.length] as string;
      const id = newId();
      const now = Date.now();
      await tx.insertInto('facility_closures').values({
        id, clinic_id: clinicId, created_at: now, created_by: 'writer', updated_at: now, updated_by: 'writer', deleted_at: null,
        facility_id: facilityId, closed_on: `2027-01-${String((pick % 28) + 1).padStart(2, '0')}`, reason: `writer ${seed} tx ${t}`,
      }).execute();
      // Random commit delays interleave the writers' commits.
      await sql`SELECT pg_sleep(${((random[t * 4 + 1] as number) % 30) / 1000})`.execute(tx);
      const victim = await tx.selectFrom('facility_closures').select('id').where('deleted_at', 'is', null).orderBy(sql`md5(id || ${String(pick)})`).limit(1).executeTakeFirst();
      if (victim && (random[t * 4 + 2] as number) % 3 === 0) {
        await tx.updateTable('facility_closures').set({ reason: `edited by ${seed}/${t}`, updated_at: now }).where('id', '=', victim.id).execute();
      }
      if (victim && (random[t * 4 + 3] as number) % 7 === 0) {
        await tx.updateTable('facility_closures').set({ deleted_at: now, updated_at: now }).where('id', '=', victim.id).execute();
      }
    });
  }
}

describe('sync consistency under concurrent writers', () => {
  it('readers resuming from any offset see each change exactly once, in version order; snapshot + log equals the table', async () => {
    const facilities = await server.database.db.selectFrom('facilities').select(['id', 'clinic_id']).execute();
    const clinicId = facilities[0]?.clinic_id as string;
    const snapshot = await readShape({ url: server.url, token, table: 'facility_closures', clientId });
    const writing = Promise.all([1, 2, 3, 4].map((seed) => writer(seed, 25, facilities.map((f) => f.id), clinicId)));
    // A live reader follows the log while the writers run.
    const live = readShape({ url: server.url, token, table: 'facility_closures', clientId, resume: { handle: snapshot.handle, offset: snapshot.offset }, untilVersion: Number.MAX_SAFE_INTEGER, timeoutMs: 8_000 }).catch(() => null);
    await writing;
    const finalVersion = await currentVersion();
    await live;
    const full = await readShape({ url: server.url, token, table: 'facility_closures', clientId, resume: { handle: snapshot.handle, offset: snapshot.offset }, untilVersion: finalVersion });

    // Version order, and no change twice.
    const logged = full.changes.map((c) => [c.lsn as number, c.op as number] as const);
    for (let i = 1; i < logged.length; i++) {
      const [lsn, op] = logged[i] as readonly [number, number];
      const [prevLsn, prevOp] = logged[i - 1] as readonly [number, number];
      expect(lsn > prevLsn || (lsn === prevLsn && op > prevOp)).toBe(true);
    }
    // Every committed change of the table after the snapshot, exactly once.
    const expected = await server.database.db.selectFrom('change_log').select(['version', 'op']).where('table_name', '=', 'facility_closures')
      .where('version', '>', Number(snapshot.offset.split('_')[0])).orderBy('version').orderBy('op').execute();
    expect(logged).toEqual(expected.map((e) => [e.version, e.op]));

    // Snapshot + log equals the final table.
    const replica = applyChanges(applyChanges(new Map(), snapshot.changes), full.changes);
    const table = await server.database.db.selectFrom('facility_closures').select(['id', 'reason', 'deleted_at']).execute();
    expect(replica.size).toBe(table.length);
    for (const row of table) expect(replica.get(row.id)).toMatchObject({ reason: row.reason, deleted_at: row.deleted_at });

    // Resuming from any position yields exactly the rest of the sequence.
    const positions = full.positions.filter((_, index) => index % Math.max(1, Math.floor(full.positions.length / 6)) === 0);
    for (const position of positions) {
      const resumed = await readShape({ url: server.url, token, table: 'facility_closures', clientId, resume: position, untilVersion: finalVersion });
      const rest = full.changes.slice(full.changes.findLastIndex((c) => c.offsetAfter === position.offset) + 1).map((c) => [c.lsn, c.op]);
      expect(resumed.changes.map((c) => [c.lsn, c.op])).toEqual(rest);
    }
  }, 120_000);

  it('a write through one instance wakes a live long-poll held by another instance', async () => {
    const other = await server.startAnotherInstance();
    const caughtUp = await readShape({ url: other.url, token, table: 'clinics', clientId });
    const started = Date.now();
    const waiting = readShape({ url: other.url, token, table: 'clinics', clientId, resume: { handle: caughtUp.handle, offset: caughtUp.offset }, untilVersion: (await currentVersion()) + 1 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The write goes through the first instance's API, so only Postgres NOTIFY can wake the other.
    const facility = await fetch(`${server.url}/v1/mutations`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        clientId: newId(), schemaVersion: 1, mutations: [{
          id: 1, name: 'clinic.update', createdAt: Date.now(), args: {
            name: 'Woken Clinic', legalName: null, taxId: null, phone: null, email: null, idleTimeoutMinutes: 15, offlineLeaseHours: 72,
            travelBufferMinutes: 30, treatmentGapDays: 14, defaultTimeZone: 'America/New_York',
          },
        }],
      }),
    });
    expect(facility.status).toBe(200);
    const woken = await waiting;
    expect(woken.changes.at(-1)?.value.name).toBe('Woken Clinic');
    expect(Date.now() - started).toBeLessThan(5_000);
    await other.stop();
  });
});
