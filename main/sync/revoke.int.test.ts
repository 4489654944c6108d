import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../shared/demo/demo-clinic';
import { syncedTables } from '../../shared/db/tables';
import { startTestServer, type TestServer } from '../../test/support/sync-server';
import { caughtUp, closeAll, openDevice, userIdOf, waitFor, type TestDevice } from '../../test/support/sync-device';

let server: TestServer;
const devices: TestDevice[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => closeAll(server, devices), 120_000);

async function signedIn(username: string) {
  const workstation = await openDevice(server);
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
    const { workstation, window } = await signedIn('desk.east');
    const signedOut: unknown[] = [];
    workstation.core.router.onEvent((windowKey, event, payload) => {
      if (event === 'session.changed' && windowKey === window.windowKey) signedOut.push(payload);
    });
    expect(rowCount(workstation, 'appointments')).toBeGreaterThan(0);
    expect(rowCount(workstation, 'local_credentials')).toBe(1);

    const admin = await server.login('admin');
    const revoke = await fetch(`${server.url}/v1/admin/devices/${workstation.core.deviceId}/revoke`, { method: 'POST', headers: { authorization: `Bearer ${admin.accessToken}` } });
    expect(revoke.status).toBe(200);

    const status = await waitFor(async () => {
      const current = await workstation.core.sync?.status();
      return current?.revoked ? current : null;
    }, 'the workstation to learn it was revoked');
    expect(status).toMatchObject({ revoked: true, online: false, pending: 0, message: 'This workstation has been revoked by the clinic. Its local data will be erased.' });
    for (const table of [...Object.keys(syncedTables), 'shape_positions', 'outbox', 'undo_log', 'sync_issues', 'local_credentials', 'busy_blocks']) {
      expect({ table, rows: rowCount(workstation, table) }).toEqual({ table, rows: 0 });
    }
    expect(signedOut).toEqual([null]);
    const session = await workstation.invoke(window, 'auth.session', {});
    expect(session.ok && session.value).toBeNull();
    expect(workstation.core.status.state).toBe('no_clinic');

    // Signing in again is refused with the clinic's reason; after a restart the workstation still says so.
    const again = await workstation.core.router.dispatch({ transport: 'bridge', windowKey: 'again' }, 'auth.login', { username: 'desk.east', password: DEMO_PASSWORD });
    expect(again.ok ? null : again.error).toMatchObject({ code: 'forbidden', message: 'This workstation has been revoked by the clinic.' });
    const restarted = await workstation.restart();
    devices.push(restarted);
    expect(await restarted.core.sync?.status()).toMatchObject({ revoked: true });
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
