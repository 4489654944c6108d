import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../shared/demo/demo-clinic';
import { AUDIT_CHAIN_HEAD, AuditLog } from '../audit/audit-log';
import { syncedTables } from '../../shared/db/tables';
import { newId } from '../../shared/ids';
import { startTestServer, type TestServer } from '../../test/support/sync-server';
import { caughtUp, closeAll, openDevice, userIdOf, waitFor, type TestDevice } from '../../test/support/sync-device';

let server: TestServer;
const devices: TestDevice[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => closeAll(server, devices), 120_000);

/** `tickMs`: a long tick leaves audit entries unsent until something else hands them in. */
async function signedIn(username: string, tickMs?: number) {
  const workstation = await openDevice(server, tickMs ? { tickMs } : {});
  devices.push(workstation);
  const window = await workstation.signIn(username);
  await caughtUp(workstation);
  return { workstation, window };
}

function rowCount(device: TestDevice, table: string): number {
  const sqlite = device.core.replica?.sqlite;
  if (!sqlite) throw new Error('no replica');
  return (sqlite.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
}

describe('revocation', { timeout: 120_000 }, () => {
  it('wipes a revoked workstation at its next contact, signs everyone out and says why', async () => {
    const { workstation, window } = await signedIn('desk.east', 3_600_000);
    const signedOut: unknown[] = [];
    workstation.core.router.onEvent((windowKey, event, payload) => {
      if (event === 'session.changed' && windowKey === window.windowKey) signedOut.push(payload);
    });
    expect(rowCount(workstation, 'appointments')).toBeGreaterThan(0);
    expect(rowCount(workstation, 'local_credentials')).toBe(1);
    // A PHI read just before the revocation: its audit entry has not been handed in yet.
    const search = await workstation.invoke(window, 'patient.search', { query: 'a' });
    expect(search.ok).toBe(true);
    const lastEntry = workstation.core.replica!.sqlite.prepare('SELECT seq, hash, action FROM audit_log WHERE device_id = ? ORDER BY seq DESC LIMIT 1')
      .get(workstation.core.deviceId) as { seq: number; hash: string; action: string };
    expect(lastEntry.action).toBe('patient.search');

    const admin = await server.login('admin');
    const revoke = await fetch(`${server.url}/v1/admin/devices/${workstation.core.deviceId}/revoke`, { method: 'POST', headers: { authorization: `Bearer ${admin.accessToken}` } });
    expect(revoke.status).toBe(200);

    const status = await waitFor(async () => {
      const current = await workstation.core.sync?.status();
      return current?.revoked && workstation.core.status.state === 'no_clinic' ? current : null;
    }, 'the workstation to learn it was revoked and erase itself');
    expect(status).toMatchObject({ revoked: true, online: false, pending: 0, message: 'This workstation has been revoked by the clinic. Its local data will be erased.' });
    for (const table of [...Object.keys(syncedTables), 'shape_positions', 'outbox', 'undo_log', 'sync_issues', 'local_credentials', 'busy_blocks']) {
      expect({ table, rows: rowCount(workstation, table) }).toEqual({ table, rows: 0 });
    }
    expect(signedOut).toEqual([null]);
    // Before erasing, the workstation handed its trail in, the last read included; it keeps only the chain's head.
    const handedIn = await server.database.db.selectFrom('audit_log').select(['seq', 'hash', 'action']).where('device_id', '=', workstation.core.deviceId)
      .orderBy('seq', 'desc').limit(1).executeTakeFirst();
    expect(handedIn).toEqual(lastEntry);
    const kept = await workstation.db.selectFrom('device_settings').select('value').where('key', '=', AUDIT_CHAIN_HEAD).executeTakeFirstOrThrow();
    expect(JSON.parse(kept.value)).toEqual({ seq: lastEntry.seq, hash: lastEntry.hash });
    const session = await workstation.invoke(window, 'auth.session', {});
    expect(session.ok && session.value).toBeNull();
    expect(workstation.core.status.state).toBe('no_clinic');

    // Signing in again is refused with the clinic's reason; after a restart the workstation still says so.
    const again = await workstation.core.router.dispatch({ transport: 'bridge', windowKey: 'again' }, 'auth.login', { username: 'desk.east', password: DEMO_PASSWORD });
    expect(again.ok ? null : again.error).toMatchObject({ code: 'forbidden', message: 'This workstation has been revoked by the clinic.' });
    const restarted = await workstation.restart();
    devices.push(restarted);
    expect(await restarted.core.sync?.status()).toMatchObject({ revoked: true });
    // Whatever the workstation records after the erase continues its chain instead of starting over at 1.
    const log = new AuditLog(restarted.db, restarted.core.deviceId, restarted.core.replica!.sqlite);
    await log.append({ clinicId: newId(), userId: null, action: 'auth.login_failed', at: Date.now() });
    const next = restarted.core.replica!.sqlite.prepare('SELECT seq, prev_hash FROM audit_log WHERE device_id = ?').get(restarted.core.deviceId);
    expect(next).toEqual({ seq: lastEntry.seq + 1, prev_hash: lastEntry.hash });
  });

  it('says how many audit entries were erased without reaching the server when the hand-in fails', async () => {
    const { workstation, window } = await signedIn('desk.west');
    workstation.network.blockAuditUploads = true;
    expect((await workstation.invoke(window, 'patient.search', { query: 'b' })).ok).toBe(true);
    const backlog = await workstation.core.sync!.auditUploader.backlog();
    expect(backlog).toBeGreaterThan(0);

    const admin = await server.login('admin');
    const revoke = await fetch(`${server.url}/v1/admin/devices/${workstation.core.deviceId}/revoke`, { method: 'POST', headers: { authorization: `Bearer ${admin.accessToken}` } });
    expect(revoke.status).toBe(200);
    const status = await waitFor(async () => {
      const current = await workstation.core.sync?.status();
      return current?.revoked && workstation.core.status.state === 'no_clinic' ? current : null;
    }, 'the workstation to learn it was revoked and erase itself');
    const entries = backlog === 1 ? 'One audit entry' : `${backlog} audit entries`;
    expect(status?.message).toBe(`This workstation has been revoked by the clinic. Its local data will be erased. ${entries} recorded here could not be handed in to the clinic server first.`);
    expect(rowCount(workstation, 'audit_log')).toBe(0);
  });

  it("ends a deactivated user's sessions and forgets their password on this workstation", async () => {
    const { workstation, window } = await signedIn('exec');
    const userId = await userIdOf(server, 'exec');
    await server.database.db.updateTable('users').set({ is_active: 0, updated_at: Date.now() }).where('id', '=', userId).execute();

    await waitFor(async () => {
      const session = await workstation.invoke(window, 'auth.session', {});
      return session.ok && session.value === null;
    }, 'the session to end');
    expect(await workstation.db.selectFrom('local_credentials').select('user_id').where('user_id', '=', userId).execute()).toEqual([]);
    // Offline, the workstation has no verifier left to accept the old password.
    workstation.network.offline = true;
    const offline = await workstation.core.router.dispatch({ transport: 'bridge', windowKey: 'offline' }, 'auth.login', { username: 'exec', password: DEMO_PASSWORD });
    expect(offline.ok ? 'ok' : offline.error.code).toBe('invalid_credentials');
  });
});
