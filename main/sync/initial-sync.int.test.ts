import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../db/connection';
import { migrateToLatest } from '../db/migrate';
import { isPerClientTable } from '../../shared/sync/shape-rules';
import type { SyncStatus } from '../../shared/sync/sync-status';
import { FIRST_DOWNLOADS_AT_ONCE } from './shape-sync';
import { IDENTITY_TABLES } from './sync-engine';
import { startTestServer, type TestServer } from '../../test/support/sync-server';
import { caughtUp, closeAll, converged, manifestFor, openDevice, replicaRows, shapeParams, userIdOf, waitFor, type TestDevice } from '../../test/support/sync-device';

let server: TestServer;
const devices: TestDevice[] = [];

/** Every index of a freshly migrated replica: a first download sets some aside while it loads, and must leave none missing. */
let migratedIndexes: string[];
const indexesOf = (workstation: TestDevice) => (workstation.core.replica?.sqlite
  .prepare(`SELECT name || ': ' || sql AS d FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name`).all() as { d: string }[]).map((row) => row.d);

beforeAll(async () => {
  server = await startTestServer();
  const directory = mkdtempSync(join(tmpdir(), 'medora-indexes-'));
  const fresh = openDatabase(join(directory, 'medora.sqlite'));
  await migrateToLatest(fresh.db as Kysely<unknown>);
  migratedIndexes = (fresh.sqlite.prepare(`SELECT name || ': ' || sql AS d FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name`).all() as { d: string }[]).map((row) => row.d);
  await closeDatabase(fresh);
  rmSync(directory, { recursive: true, force: true });
});
afterAll(async () => closeAll(server, devices), 120_000);

async function device(): Promise<TestDevice> {
  const opened = await openDevice(server);
  devices.push(opened);
  return opened;
}

/** Signs in on an empty workstation and waits until every table of the user's scope equals Postgres. */
async function syncedAs(username: string) {
  const workstation = await device();
  const window = await workstation.signIn(username);
  const userId = await userIdOf(server, username);
  const tables = await manifestFor(server, userId);
  await caughtUp(workstation);
  await converged(server, workstation, userId, tables);
  return { workstation, window, userId, tables };
}

describe('initial sync into an empty replica', { timeout: 120_000 }, () => {
  it('gives the clinic admin every row of every synced table, and reports progress while it runs', async () => {
    const workstation = await device();
    const statuses: SyncStatus[] = [];
    workstation.core.router.onEvent((_window, event, payload) => {
      if (event === 'sync.status') statuses.push(payload as SyncStatus);
    });
    expect(workstation.core.status.state).toBe('no_clinic');
    const window = await workstation.signIn('admin');
    const userId = await userIdOf(server, 'admin');
    const tables = await manifestFor(server, userId);
    await converged(server, workstation, userId, tables);

    // Every synced table with clinic rows arrived whole.
    const appointments = await server.database.db.selectFrom('appointments').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect((await replicaRows(workstation, 'appointments')).length).toBe(Number(appointments.n));
    expect(workstation.core.status).toMatchObject({ state: 'ready' });

    const progress = statuses.filter((status) => status.initialSync !== null).map((status) => status.initialSync);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)?.tablesTotal).toBe(tables.length);
    const totals = progress.map((p) => p?.total ?? 0);
    expect(totals).toEqual([...totals].sort((a, b) => a - b));
    const status = await waitFor(async () => {
      const result = await workstation.invoke(window, 'sync.status', {});
      return result.ok && result.value.initialSync === null && result.value.lastSyncedAt !== null ? result.value : null;
    }, 'the status to say the first download finished');
    expect(status).toMatchObject({ configured: true, online: true, pending: 0, openIssues: 0, revoked: false });
    // Tables loaded into empty replica tables had their indexes set aside and built at the end: all are back.
    expect(indexesOf(workstation)).toEqual(migratedIndexes);
    expect(await workstation.db.selectFrom('deferred_indexes').selectAll().execute()).toEqual([]);
    // Checkpoints, spaced out during the load, are back to SQLite's default.
    expect(workstation.core.replica?.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });

  it(`downloads the identity tables first, then the rest ${FIRST_DOWNLOADS_AT_ONCE} tables at a time`, async () => {
    const { workstation } = await syncedAs('admin');
    // From the shape requests and answers, in order: a table downloads from its first request (offset -1)
    // until an answer says it is up to date.
    const { requests, answers } = workstation.network;
    const identity = new Set<string>(IDENTITY_TABLES);
    const identityUpToDate = new Set<string>();
    /** Other tables that started before every identity table was up to date. */
    const startedEarly: string[] = [];
    const downloading = new Set<string>();
    let most = 0;
    let answered = 0;
    requests.forEach((request, index) => {
      for (; answered < answers.length && (answers[answered]?.afterRequests ?? 0) <= index; answered += 1) {
        const answer = answers[answered];
        const table = answer?.upToDate ? shapeParams(answer.url)?.get('table') : null;
        if (!table) continue;
        downloading.delete(table);
        if (identity.has(table)) identityUpToDate.add(table);
      }
      const params = shapeParams(request);
      const table = params?.get('table');
      if (!params || !table || params.get('offset') !== '-1' || identity.has(table)) return;
      if (identityUpToDate.size < identity.size) startedEarly.push(table);
      if (!isPerClientTable(table)) downloading.add(table);
      most = Math.max(most, downloading.size);
    });
    expect(identityUpToDate).toEqual(identity);
    expect(startedEarly).toEqual([]);
    expect(most).toBe(FIRST_DOWNLOADS_AT_ONCE);
  });

  it("gives the east front desk only facility 1's appointments", async () => {
    const { workstation } = await syncedAs('desk.east');
    const east = await server.database.db.selectFrom('user_facilities').innerJoin('users', 'users.id', 'user_facilities.user_id')
      .select('user_facilities.facility_id').where('users.username', '=', 'desk.east').execute();
    expect(east).toHaveLength(1);
    const eastId = east[0]?.facility_id;
    const expected = await server.database.db.selectFrom('appointments').select('id').where('facility_id', '=', eastId as string).orderBy('id').execute();
    const appointments = await replicaRows(workstation, 'appointments');
    expect(appointments.length).toBe(expected.length);
    expect(new Set(appointments.map((row) => row.facility_id))).toEqual(new Set([eastId]));
    // Other facilities' appointments arrive only as PHI-free busy blocks.
    const blocks = await replicaRows(workstation, 'busy_blocks');
    expect(blocks.length).toBeGreaterThan(0);
    expect(blocks.every((block) => block.facility_id !== eastId)).toBe(true);
    expect(Object.keys(blocks[0] ?? {})).not.toContain('patient_id');
  });

  it("gives an attorney only their own cases' patients, cases and invoices", async () => {
    const { workstation, userId } = await syncedAs('attorney.reyes');
    const attorneyId = (await server.database.db.selectFrom('users').select('attorney_id').where('id', '=', userId).executeTakeFirstOrThrow()).attorney_id;
    const cases = await server.database.db.selectFrom('cases').select(['id', 'patient_id']).where('attorney_id', '=', attorneyId).where('deleted_at', 'is', null).execute();
    expect(cases.length).toBeGreaterThan(0);
    const replicaCases = await replicaRows(workstation, 'cases');
    expect(replicaCases.map((row) => row.id).sort()).toEqual(cases.map((row) => row.id).sort());
    expect(new Set((await replicaRows(workstation, 'patients')).map((row) => row.id))).toEqual(new Set(cases.map((row) => row.patient_id)));
    const invoices = await replicaRows(workstation, 'invoices');
    const caseIds = new Set(cases.map((row) => row.id));
    expect(invoices.every((invoice) => caseIds.has(invoice.case_id as string))).toBe(true);
    // Nothing of the schedule or of other users.
    expect(await replicaRows(workstation, 'appointments')).toEqual([]);
    expect((await replicaRows(workstation, 'users')).map((row) => row.id)).toEqual([userId]);
  });
});

describe('restart', { timeout: 120_000 }, () => {
  it('resumes from the stored positions: after a restart only the changes made meanwhile arrive', async () => {
    const { workstation, tables, userId } = await syncedAs('billing');
    const requestsBefore = workstation.network.requests.length;
    const closed = await workstation.restart();
    devices.push(closed);
    // While the workstation was closed, the clinic renamed a patient.
    const patient = await server.database.db.selectFrom('patients').select('id').orderBy('id').executeTakeFirstOrThrow();
    await server.database.db.updateTable('patients').set({ preferred_name: 'Renamed while closed' }).where('id', '=', patient.id).execute();

    await closed.signIn('billing');
    await waitFor(async () => (await replicaRows(closed, 'patients')).some((row) => row.preferred_name === 'Renamed while closed'), 'the rename to arrive');
    await converged(server, closed, userId, tables);
    // No table started over: every stream continued from its stored offset.
    const afterRestart = closed.network.requests.slice(requestsBefore);
    expect(afterRestart.filter((request) => request.includes('/v1/shape')).length).toBeGreaterThan(0);
    expect(closed.network.snapshotRequests().filter((request) => afterRestart.includes(request))).toEqual([]);
    const sync = closed.core.sync?.activeSync;
    expect(sync?.rowsThisRun()).toBe(1);
  });

  it('follows the scope of the next user who signs in on the same workstation', async () => {
    const { workstation } = await syncedAs('admin');
    await workstation.signIn('attorney.reyes');
    const userId = await userIdOf(server, 'attorney.reyes');
    const tables = await manifestFor(server, userId);
    await converged(server, workstation, userId, tables);
    // Tables the attorney does not receive at all left the replica (the append-only audit trail excepted).
    const adminTables = await manifestFor(server, await userIdOf(server, 'admin'));
    const notSynced = adminTables.filter((table) => !tables.includes(table) && table !== 'audit_log');
    expect(notSynced).toContain('appointments');
    for (const table of notSynced) expect({ table, rows: await replicaRows(workstation, table) }).toEqual({ table, rows: [] });
  });

  it('cancels the first download over IPC until the user resumes it, across ticks and a restart', async () => {
    const workstation = await device();
    const window = await workstation.signIn('admin');
    // Sign-in returns once the identity tables arrived; hold the rest back so the download is surely running.
    workstation.network.blockShapes = true;
    const cancelled = await workstation.invoke(window, 'sync.cancelInitialSync', {});
    expect(cancelled.ok && cancelled.value).toMatchObject({ initialSyncPaused: true });
    expect(cancelled.ok && cancelled.value.initialSync?.tablesTotal).toBeGreaterThan(0);
    expect(workstation.core.sync?.activeSync).toBeNull();
    // The cut-short download built again whatever indexes it had set aside.
    expect(indexesOf(workstation)).toEqual(migratedIndexes);

    // The engine's tick (every 300 ms here) restarts a stopped sync, but not a paused one; nor does a sign-in.
    const shapeRequests = () => workstation.network.requests.filter((request) => request.includes('/v1/shape')).length;
    const before = shapeRequests();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await workstation.signIn('admin');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(workstation.core.sync?.activeSync).toBeNull();
    expect(shapeRequests()).toBe(before);
    const again = await workstation.invoke(window, 'sync.cancelInitialSync', {});
    expect(again.ok ? 'ok' : again.error.code).toBe('conflict');

    // Still paused after a restart.
    const restarted = await workstation.restart();
    devices.push(restarted);
    restarted.network.blockShapes = false;
    const window2 = await restarted.signIn('admin');
    await new Promise((resolve) => setTimeout(resolve, 900));
    expect(restarted.core.sync?.activeSync).toBeNull();
    const paused = await restarted.invoke(window2, 'sync.status', {});
    expect(paused.ok && paused.value).toMatchObject({ initialSyncPaused: true });

    const resumed = await restarted.invoke(window2, 'sync.resumeInitialSync', {});
    expect(resumed.ok && resumed.value.initialSyncPaused).toBe(false);
    const userId = await userIdOf(server, 'admin');
    const tables = await manifestFor(server, userId);
    await converged(server, restarted, userId, tables);
    const done = await waitFor(async () => {
      const result = await restarted.invoke(window2, 'sync.status', {});
      return result.ok && result.value.initialSync === null ? result.value : null;
    }, 'the first download to finish');
    expect(done.initialSyncPaused).toBe(false);
    // Who paused and resumed is in the audit trail.
    const audited = await restarted.db.selectFrom('audit_log').select('action').where('action', 'like', 'sync.%InitialSync').execute();
    expect(audited.map((row) => row.action).sort()).toEqual(['sync.cancelInitialSync', 'sync.resumeInitialSync']);
  });
});
