import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserInput } from '../../shared/admin/user.contract';
import { DEMO_PASSWORD } from '../../shared/demo/demo-clinic';
import { newId } from '../../shared/ids';
import { startTestServer, type TestServer } from '../../test/support/sync-server';
import { caughtUp, closeAll, openDevice, userIdOf, waitFor, type TestDevice } from '../../test/support/sync-device';
import type { Caller } from '../ipc/router';

/**
 * User administration against the real sync server: a deactivation or a password reset made on one
 * workstation reaches the server and every other workstation, including one that cached the user's
 * password for offline sign-in.
 */
let server: TestServer;
const devices: TestDevice[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => closeAll(server, devices), 120_000);

async function workstation(username: string) {
  const device = await openDevice(server);
  devices.push(device);
  const window = await device.signIn(username);
  await caughtUp(device);
  return { device, window };
}

const serverLogin = (username: string, password: string) =>
  fetch(`${server.url}/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password, deviceId: newId() }),
  });

const signIn = (device: TestDevice, username: string, password: string) =>
  device.core.router.dispatch({ transport: 'bridge', windowKey: `attempt-${newId()}` }, 'auth.login', { username, password });

const cachedVerifiers = async (device: TestDevice, userId: string) =>
  (await device.db.selectFrom('local_credentials').select('user_id').where('user_id', '=', userId).execute()).length;

async function editable(device: TestDevice, window: Caller, username: string): Promise<UserInput> {
  const listed = await device.invoke(window, 'user.list', { includeInactive: true });
  if (!listed.ok) throw new Error(`user.list failed: ${listed.error.code}`);
  const user = listed.value.find((candidate) => candidate.username === username);
  if (!user) throw new Error(`no user ${username}`);
  return {
    id: user.id, username: user.username, displayName: user.displayName, email: user.email, isActive: user.isActive, roles: [...user.roles],
    facilityIds: [...user.facilityIds], physicianId: user.physicianId, attorneyId: user.attorneyId, referringDoctorId: user.referringDoctorId,
  };
}

describe('user administration against the clinic server', { timeout: 240_000 }, () => {
  it('a user deactivated on one workstation cannot sign in online, and a workstation that cached their password refuses them after its next contact', async () => {
    // The front desk workstation: desk.west signs in online (their verifier is cached), then goes offline.
    const front = await workstation('desk.west');
    const userId = await userIdOf(server, 'desk.west');
    expect(await cachedVerifiers(front.device, userId)).toBe(1);
    front.device.network.offline = true;

    // The admin deactivates desk.west from another workstation, through the Users screen's channel.
    const admin = await workstation('admin');
    const saved = await admin.device.invoke(admin.window, 'user.save', { ...(await editable(admin.device, admin.window, 'desk.west')), isActive: false });
    expect(saved.ok ? 'ok' : saved.error.code).toBe('ok');
    await waitFor(async () => {
      const row = await server.database.db.selectFrom('users').select('is_active').where('id', '=', userId).executeTakeFirstOrThrow();
      return Number(row.is_active) === 0;
    }, 'the deactivation to reach the server');

    // Online, the server refuses them: directly, and through the admin's workstation.
    const online = await serverLogin('desk.west', DEMO_PASSWORD);
    expect(online.status).toBe(403);
    expect(await online.json()).toMatchObject({ code: 'user_deactivated' });
    const viaAdminWorkstation = await signIn(admin.device, 'desk.west', DEMO_PASSWORD);
    expect(viaAdminWorkstation.ok).toBe(false);

    // The front desk workstation has not heard yet; at its next contact it ends their session and forgets the verifier.
    expect(await cachedVerifiers(front.device, userId)).toBe(1);
    front.device.network.offline = false;
    await waitFor(async () => (await cachedVerifiers(front.device, userId)) === 0, 'the front desk workstation to forget the verifier');
    const session = await front.device.invoke(front.window, 'auth.session', {});
    expect(session.ok && session.value).toBeNull();

    // From now on it refuses them offline too, and online the server still says no.
    front.device.network.offline = true;
    const offline = await signIn(front.device, 'desk.west', DEMO_PASSWORD);
    expect(offline.ok ? 'ok' : offline.error.code).toBe('invalid_credentials');
    front.device.network.offline = false;
    const again = await signIn(front.device, 'desk.west', DEMO_PASSWORD);
    expect(again.ok).toBe(false);
  });

  it('a password reset on one workstation: the new password works online, the old one nowhere once a workstation has made contact', async () => {
    const front = await workstation('desk.east');
    const userId = await userIdOf(server, 'desk.east');
    expect(await cachedVerifiers(front.device, userId)).toBe(1);
    // desk.east leaves the workstation; it goes on syncing and still holds the old verifier.
    const logout = await front.device.invoke(front.window, 'auth.logout', {});
    expect(logout.ok).toBe(true);

    const admin = await workstation('admin');
    // Offline, the reset is refused and changes nothing: not the server's password, not this workstation's cache.
    const cachedBefore = await admin.device.db.selectFrom('local_credentials').select('password_hash').where('user_id', '=', userId).executeTakeFirst();
    admin.device.network.offline = true;
    const offlineReset = await admin.device.invoke(admin.window, 'user.setPassword', { userId, password: 'a reset made while offline' });
    expect(offlineReset.ok ? 'ok' : offlineReset.error.code).toBe('unavailable');
    expect(await admin.device.db.selectFrom('local_credentials').select('password_hash').where('user_id', '=', userId).executeTakeFirst()).toEqual(cachedBefore);
    admin.device.network.offline = false;
    expect((await serverLogin('desk.east', 'a reset made while offline')).status).toBe(401);

    const changed = 'a fresh password for the east desk';
    const reset = await admin.device.invoke(admin.window, 'user.setPassword', { userId, password: changed });
    expect(reset.ok ? 'ok' : reset.error.code).toBe('ok');
    expect((await serverLogin('desk.east', DEMO_PASSWORD)).status).toBe(401);
    expect((await serverLogin('desk.east', changed)).status).toBe(200);

    // Online, the front desk workstation asks the server: the old password is refused, the new one accepted and cached.
    const old = await signIn(front.device, 'desk.east', DEMO_PASSWORD);
    expect(old.ok ? 'ok' : old.error.code).toBe('invalid_credentials');
    const desk: Caller = { transport: 'bridge', windowKey: `desk-${newId()}` };
    const fresh = await front.device.invoke(desk, 'auth.login', { username: 'desk.east', password: changed });
    // The admin set it, so desk.east must choose their own before anything else: main refuses other requests.
    expect(fresh.ok ? fresh.value.mustChangePassword : fresh.error.code).toBe(true);
    const refused = await front.device.invoke(desk, 'patient.search', { query: 'a' });
    expect(refused.ok ? 'ok' : refused.error.code).toBe('password_change_required');
    const wrongCurrent = await front.device.invoke(desk, 'auth.changePassword', { currentPassword: DEMO_PASSWORD, newPassword: 'my very own passphrase' });
    expect(wrongCurrent.ok ? null : wrongCurrent.error).toMatchObject({ code: 'invalid_input', fields: [{ path: 'currentPassword' }] });
    const own = 'my very own passphrase';
    const chosen = await front.device.invoke(desk, 'auth.changePassword', { currentPassword: changed, newPassword: own });
    expect(chosen.ok ? chosen.value.mustChangePassword : chosen.error.code).toBe(false);
    expect((await front.device.invoke(desk, 'patient.search', { query: 'a' })).ok).toBe(true);
    const ownOnline = await serverLogin('desk.east', own);
    expect(ownOnline.status).toBe(200);
    expect(await ownOnline.json()).toMatchObject({ mustChangePassword: false });
    expect((await serverLogin('desk.east', changed)).status).toBe(401);
    // Offline afterwards, only their own password opens it, with nothing left to change.
    front.device.network.offline = true;
    const oldOffline = await signIn(front.device, 'desk.east', changed);
    expect(oldOffline.ok ? 'ok' : oldOffline.error.code).toBe('invalid_credentials');
    const ownOffline = await front.device.invoke({ transport: 'bridge', windowKey: `offline-${newId()}` }, 'auth.login', { username: 'desk.east', password: own });
    expect(ownOffline.ok ? ownOffline.value.mustChangePassword : ownOffline.error.code).toBe(false);
  });
});
