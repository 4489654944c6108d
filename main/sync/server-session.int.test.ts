import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../shared/demo/demo-clinic';
import { hashPassword } from '../../server/auth/password';
import { startTestServer, type TestServer } from '../../test/support/sync-server';
import { caughtUp, closeAll, openDevice, userIdOf, waitFor, type TestDevice } from '../../test/support/sync-device';

let server: TestServer;
const devices: TestDevice[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => closeAll(server, devices), 120_000);

async function workstation(): Promise<TestDevice> {
  const device = await openDevice(server);
  devices.push(device);
  return device;
}

const signIn = (device: TestDevice, username: string, password: string) =>
  device.core.router.dispatch({ transport: 'bridge', windowKey: `w-${Math.random()}` }, 'auth.login', { username, password });

describe('sign-in with the clinic server as the source of truth', { timeout: 120_000 }, () => {
  it('signs in on an empty workstation online, then offline with the cached verifier until the lease ends', async () => {
    const device = await workstation();
    const online = await signIn(device, 'billing', DEMO_PASSWORD);
    expect(online.ok && online.value).toMatchObject({ username: 'billing', roles: ['billing'] });
    const userId = await userIdOf(server, 'billing');
    const cached = await device.db.selectFrom('local_credentials').selectAll().where('user_id', '=', userId).executeTakeFirstOrThrow();
    const lease = (await server.database.db.selectFrom('clinics').select('offline_lease_hours').executeTakeFirstOrThrow()).offline_lease_hours;
    expect(cached.offline_valid_until).toBeGreaterThan(Date.now() + (lease - 1) * 3_600_000);
    await caughtUp(device);

    device.network.offline = true;
    const offline = await signIn(device, 'billing', DEMO_PASSWORD);
    expect(offline.ok).toBe(true);
    const wrongOffline = await signIn(device, 'billing', 'not the password at all');
    expect(wrongOffline.ok ? 'ok' : wrongOffline.error.code).toBe('invalid_credentials');

    // The lease ran out: offline sign-in is refused even with the right password.
    await device.db.updateTable('local_credentials').set({ offline_valid_until: Date.now() - 1 }).where('user_id', '=', userId).execute();
    const expired = await signIn(device, 'billing', DEMO_PASSWORD);
    expect(expired.ok ? 'ok' : expired.error.code).toBe('invalid_credentials');
    // Back online, the server decides again and renews the lease.
    device.network.offline = false;
    expect((await signIn(device, 'billing', DEMO_PASSWORD)).ok).toBe(true);
    const renewed = await device.db.selectFrom('local_credentials').select('offline_valid_until').where('user_id', '=', userId).executeTakeFirstOrThrow();
    expect(renewed.offline_valid_until).toBeGreaterThan(Date.now());
  });

  it('lets the server decide when it answers: a password changed centrally replaces the cached one', async () => {
    const device = await workstation();
    expect((await signIn(device, 'desk.west', DEMO_PASSWORD)).ok).toBe(true);
    const userId = await userIdOf(server, 'desk.west');
    const changed = 'changed on another workstation';
    await server.database.db.updateTable('server_credentials').set({ password_hash: await hashPassword(changed) }).where('user_id', '=', userId).execute();

    const old = await signIn(device, 'desk.west', DEMO_PASSWORD);
    expect(old.ok ? 'ok' : old.error.code).toBe('invalid_credentials');
    expect((await signIn(device, 'desk.west', changed)).ok).toBe(true);
    device.network.offline = true;
    expect((await signIn(device, 'desk.west', changed)).ok).toBe(true);
    const oldOffline = await signIn(device, 'desk.west', DEMO_PASSWORD);
    expect(oldOffline.ok ? 'ok' : oldOffline.error.code).toBe('invalid_credentials');
  });

  it('keeps syncing across an access-token refresh, and says so when the refresh token is no longer accepted', async () => {
    const device = await workstation();
    expect((await signIn(device, 'admin', DEMO_PASSWORD)).ok).toBe(true);
    await caughtUp(device);
    const sync = device.core.sync;
    if (!sync) throw new Error('no engine');
    const userId = await userIdOf(server, 'admin');
    const before = await sync.server.accessToken(userId);
    await sync.server.refresh(userId);
    expect(await sync.server.accessToken(userId)).not.toBe(before);

    // A change after the refresh still arrives.
    await server.database.db.updateTable('clinics').set({ phone: '555-0100', updated_at: Date.now() }).execute();
    await waitFor(async () => (await device.db.selectFrom('clinics').select('phone').executeTakeFirst())?.phone === '555-0100', 'the change to arrive');

    // Every refresh token of the device revoked (a password reset elsewhere): sign in again.
    await server.database.db.updateTable('refresh_tokens').set({ revoked_at: Date.now() }).where('device_id', '=', device.core.deviceId).execute();
    await expect(sync.server.refresh(userId)).rejects.toMatchObject({ code: 'sign_in_required' });
    expect(await sync.server.canActFor(userId)).toBe(false);
  });
});
