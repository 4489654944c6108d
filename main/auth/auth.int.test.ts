import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCore } from '../core';
import { createClinicFixture, FIXTURE_PASSWORD, invoke, type ClinicFixture } from '../../test/support/clinic-fixture';
import type { Caller } from '../ipc/router';

let fixture: ClinicFixture;
beforeEach(async () => {
  fixture = await createClinicFixture();
});
afterEach(async () => fixture.cleanup());

const window = (key = 'w1'): Caller => ({ transport: 'bridge', windowKey: key });

describe('sign-in', () => {
  it('signs in with the right password, builds the session in main, and audits it', async () => {
    const result = await invoke(fixture.core, window(), 'auth.login', { username: 'FRONT.DESK ', password: FIXTURE_PASSWORD });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value).toMatchObject({ username: 'front.desk', roles: ['front_desk'], facilityIds: [fixture.facilityA], isLocked: false });
    const audit = await fixture.db.selectFrom('audit_log').select(['action', 'user_id']).where('action', '=', 'auth.login').execute();
    expect(audit).toEqual([{ action: 'auth.login', user_id: fixture.users.front_desk.id }]);
  });

  it('a password an admin set must be replaced by the user before anything else (a workstation without a clinic server)', async () => {
    const admin = window('admin');
    expect((await invoke(fixture.core, admin, 'auth.login', { username: 'clinic.admin', password: FIXTURE_PASSWORD })).ok).toBe(true);
    const reset = await invoke(fixture.core, admin, 'user.setPassword', { userId: fixture.users.front_desk.id, password: 'a temporary desk password' });
    expect(reset.ok ? 'ok' : reset.error.code).toBe('ok');

    const desk = window('desk');
    const signedIn = await invoke(fixture.core, desk, 'auth.login', { username: 'front.desk', password: 'a temporary desk password' });
    expect(signedIn.ok ? signedIn.value.mustChangePassword : signedIn.error.code).toBe(true);
    const refused = await invoke(fixture.core, desk, 'patient.search', { query: 'a' });
    expect(refused.ok ? 'ok' : refused.error.code).toBe('password_change_required');
    const same = await invoke(fixture.core, desk, 'auth.changePassword', { currentPassword: 'a temporary desk password', newPassword: 'a temporary desk password' });
    expect(same.ok ? null : same.error.fields?.map((field) => field.path)).toEqual(['newPassword']);
    const wrong = await invoke(fixture.core, desk, 'auth.changePassword', { currentPassword: FIXTURE_PASSWORD, newPassword: 'the desk own passphrase' });
    expect(wrong.ok ? null : wrong.error).toMatchObject({ code: 'invalid_input', fields: [{ path: 'currentPassword' }] });
    const changed = await invoke(fixture.core, desk, 'auth.changePassword', { currentPassword: 'a temporary desk password', newPassword: 'the desk own passphrase' });
    expect(changed.ok ? changed.value.mustChangePassword : changed.error.code).toBe(false);
    expect((await invoke(fixture.core, desk, 'patient.search', { query: 'a' })).ok).toBe(true);
    const audit = await fixture.db.selectFrom('audit_log').select(['action', 'user_id']).where('action', '=', 'auth.changePassword').execute();
    expect(audit).toEqual([{ action: 'auth.changePassword', user_id: fixture.users.front_desk.id }]);

    // Next time, their own password opens the app directly; the temporary one no longer works.
    expect((await invoke(fixture.core, window('again'), 'auth.login', { username: 'front.desk', password: 'a temporary desk password' })).ok).toBe(false);
    const own = await invoke(fixture.core, window('own'), 'auth.login', { username: 'front.desk', password: 'the desk own passphrase' });
    expect(own.ok ? own.value.mustChangePassword : own.error.code).toBe(false);
  });

  it('ignores identity in the payload: extra fields are refused', async () => {
    const result = await fixture.core.router.dispatch(window(), 'auth.login', { username: 'billing', password: FIXTURE_PASSWORD, userId: fixture.users.clinic_admin.id, roles: ['clinic_admin'] });
    expect(result.ok ? 'ok' : result.error.code).toBe('invalid_input');
  });

  it('locks the username after repeated failures, with backoff that survives a restart', async () => {
    for (let attempt = 1; attempt <= 4; attempt++) {
      const result = await invoke(fixture.core, window(), 'auth.login', { username: 'billing', password: 'wrong password' });
      expect(result.ok ? 'ok' : result.error.code).toBe('invalid_credentials');
    }
    const fifth = await invoke(fixture.core, window(), 'auth.login', { username: 'billing', password: 'wrong password' });
    expect(fifth.ok ? 'ok' : fifth.error.code).toBe('account_locked');
    const correctWhileLocked = await invoke(fixture.core, window(), 'auth.login', { username: 'billing', password: FIXTURE_PASSWORD });
    expect(correctWhileLocked.ok ? 'ok' : correctWhileLocked.error.code).toBe('account_locked');
    if (!correctWhileLocked.ok) expect(correctWhileLocked.error.retryAt).toBeGreaterThan(Date.now());

    // Relaunch on the same data folder: still locked.
    await fixture.core.close();
    const relaunched = await startCore({ dataDir: fixture.dataDir });
    const afterRestart = await invoke(relaunched, window(), 'auth.login', { username: 'billing', password: FIXTURE_PASSWORD });
    expect(afterRestart.ok ? 'ok' : afterRestart.error.code).toBe('account_locked');
    // After the lock expires the right password works again and clears the counter.
    const later = await startCore({ dataDir: fixture.dataDir, now: () => Date.now() + 31_000 });
    const afterExpiry = await invoke(later, window(), 'auth.login', { username: 'billing', password: FIXTURE_PASSWORD });
    expect(afterExpiry.ok).toBe(true);
    await relaunched.close();
    await later.close();
  });

  it('refuses a deactivated account even with the right password', async () => {
    await fixture.db.updateTable('users').set({ is_active: 0 }).where('id', '=', fixture.users.billing.id).execute();
    const result = await invoke(fixture.core, window(), 'auth.login', { username: 'billing', password: FIXTURE_PASSWORD });
    expect(result.ok ? 'ok' : result.error.code).toBe('account_inactive');
  });
});

describe('idle lock', () => {
  it('locks after the clinic timeout; only unlock, logout and status work; unlock needs the password', async () => {
    let clock = Date.now();
    await fixture.core.close();
    const core = await startCore({ dataDir: fixture.dataDir, now: () => clock });
    const caller = window('idle');
    const login = await invoke(core, caller, 'auth.login', { username: 'clinic.admin', password: FIXTURE_PASSWORD });
    expect(login.ok && login.value.idleTimeoutMinutes).toBe(15);

    clock += 14 * 60_000;
    expect((await invoke(core, caller, 'clinic.get', {})).ok).toBe(true);
    clock += 14 * 60_000; // activity above pushed the deadline out
    expect((await invoke(core, caller, 'auth.extend', {})).ok).toBe(true);
    clock += 15 * 60_000 + 1;
    const locked = await invoke(core, caller, 'clinic.get', {});
    expect(locked.ok ? 'ok' : locked.error.code).toBe('session_locked');
    const session = await invoke(core, caller, 'auth.session', {});
    expect(session.ok && session.value?.isLocked).toBe(true);

    const wrong = await invoke(core, caller, 'auth.unlock', { password: 'nope' });
    expect(wrong.ok ? 'ok' : wrong.error.code).toBe('invalid_credentials');
    const right = await invoke(core, caller, 'auth.unlock', { password: FIXTURE_PASSWORD });
    expect(right.ok && right.value.isLocked).toBe(false);
    expect((await invoke(core, caller, 'clinic.get', {})).ok).toBe(true);
    await core.close();
  });

  it('a changed clinic timeout applies to open sessions', async () => {
    const caller = await fixture.login('clinic_admin');
    const settings = await invoke(fixture.core, caller, 'clinic.get', {});
    if (!settings.ok) throw new Error('clinic.get failed');
    const { id: _id, updatedAt: _updatedAt, ...rest } = settings.value;
    const update = await invoke(fixture.core, caller, 'clinic.update', { ...rest, idleTimeoutMinutes: 1 });
    expect(update.ok).toBe(true);
    const session = await invoke(fixture.core, caller, 'auth.session', {});
    expect(session.ok && session.value?.idleTimeoutMinutes).toBe(1);
  });

  it('the clinic NPI is checked by its check digit and kept', async () => {
    const caller = await fixture.login('clinic_admin');
    const settings = await invoke(fixture.core, caller, 'clinic.get', {});
    if (!settings.ok) throw new Error('clinic.get failed');
    const { id: _id, updatedAt: _updatedAt, ...rest } = settings.value;
    const wrong = await invoke(fixture.core, caller, 'clinic.update', { ...rest, npi: '1234567890' });
    expect(wrong.ok ? 'ok' : wrong.error.code).toBe('invalid_input');
    expect(wrong.ok ? [] : wrong.error.fields?.map((f) => f.path)).toEqual(['npi']);
    const right = await invoke(fixture.core, caller, 'clinic.update', { ...rest, npi: ' 1234567893 ' });
    expect(right.ok && right.value.npi).toBe('1234567893');
    const again = await invoke(fixture.core, caller, 'clinic.get', {});
    expect(again.ok && again.value.npi).toBe('1234567893');
  });

  it('lock now, then logout ends the session', async () => {
    const caller = await fixture.login('billing');
    expect((await invoke(fixture.core, caller, 'auth.lock', {})).ok).toBe(true);
    expect((await invoke(fixture.core, caller, 'auth.logout', {})).ok).toBe(true);
    const after = await invoke(fixture.core, caller, 'clinic.get', {});
    expect(after.ok ? 'ok' : after.error.code).toBe('unauthenticated');
  });
});
