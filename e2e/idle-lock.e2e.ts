import type { Page } from 'playwright-core';
import { AppShell } from './pages/app-shell';
import { ClinicSettingsPage } from './pages/clinic-settings-page';
import { LockScreen } from './pages/lock-screen';
import { LoginPage } from './pages/login-page';
import { invokeInPage } from './support/in-page';
import { DEMO_PASSWORD } from './support/demo-users';
import { describe, expect, TARGETS, test } from './support/app';

describe.each(TARGETS)('idle lock keeps unsaved work (%s)', (target) => {
  test('warns, locks at the deadline, and unlocking shows the form exactly as it was left', async ({ medora }) => {
    // Fake timers from the start, so the test can move the page's clock past the idle deadline.
    const page = await medora.open({ target, beforeLoad: (page) => page.clock.install() });
    const login = new LoginPage(page);

    // Clinic policy: lock after one minute (the shortest allowed); sessions take it at sign-in.
    let shell = await login.signIn('admin', DEMO_PASSWORD);
    await shell.openSection('Clinic settings');
    const settings = new ClinicSettingsPage(page);
    await settings.idleTimeout.fill('1');
    await settings.save.click();
    await settings.saved.waitFor();
    await shell.signOutButton.click();
    shell = await login.signIn('admin', DEMO_PASSWORD);
    expect((await shell.session())?.idleTimeoutMinutes).toBe(1);

    await shell.openSection('Clinic settings');
    const unsaved = 'Riverside Spine & Rehab Holdings, LLC (not saved yet)';
    await settings.legalName.fill(unsaved);

    const lock = new LockScreen(page);
    await page.clock.fastForward(35_000);
    await lock.idleWarning.waitFor();
    expect(await lock.idleWarning.innerText()).toMatch(/You will be locked in (2\d|30) s/);

    await page.clock.fastForward(30_000);
    await lock.overlay.waitFor();
    expect(await lock.idleWarning.count()).toBe(0);
    // Locked in main too, not just covered: a call from the page is refused until unlocked.
    expect(await invokeInPage(page, 'clinic.get', {})).toMatchObject({ ok: false, error: { code: 'session_locked' } });
    // The form behind the lock is out of reach of keyboard and screen reader.
    expect(await page.locator('.app-frame').getAttribute('inert')).not.toBeNull();

    await lock.password.fill('not my password');
    await lock.password.press('Enter');
    await page.getByText('The password is not correct.').waitFor();

    await lock.unlock(DEMO_PASSWORD);
    expect(await settings.legalName.inputValue()).toBe(unsaved);
    expect((await invokeInPage(page, 'clinic.get', {})).ok).toBe(true);
  });

  test('"Stay signed in" keeps the session open', async ({ medora }) => {
    const page = await medora.open({ target, beforeLoad: (page) => page.clock.install() });
    const login = new LoginPage(page);
    let shell = await login.signIn('admin', DEMO_PASSWORD);
    expect(await invokeInPage(page, 'clinic.update', { ...(await clinicSettings(page)), idleTimeoutMinutes: 1 })).toMatchObject({ ok: true });
    await shell.signOutButton.click();
    shell = await login.signIn('admin', DEMO_PASSWORD);

    const lock = new LockScreen(page);
    await page.clock.fastForward(40_000);
    await lock.idleWarning.waitFor();
    await lock.staySignedIn.click();
    await lock.idleWarning.waitFor({ state: 'detached' });

    // Past the old deadline, well before the new one.
    await page.clock.fastForward(25_000);
    await lock.idleWarning.waitFor({ state: 'detached' });
    expect(await lock.overlay.count()).toBe(0);
    expect(await new AppShell(page).navigation.isVisible()).toBe(true);
  });
});

async function clinicSettings(page: Page) {
  const result = await invokeInPage(page, 'clinic.get', {});
  if (!result.ok) throw new Error(result.error.message);
  const { id: _id, updatedAt: _updatedAt, ...input } = result.value;
  return input;
}
