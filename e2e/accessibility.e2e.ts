import type { Page } from 'playwright-core';
import { DEMO_REFERENCE_DATE } from '../shared/demo/demo-clinic';
import { addDaysToDate } from '../shared/time/facility-time';
import { AppShell } from './pages/app-shell';
import { AuditLogPage } from './pages/audit-log-page';
import { ClinicSettingsPage } from './pages/clinic-settings-page';
import { FacilitiesPage } from './pages/facilities-page';
import { LockScreen } from './pages/lock-screen';
import { LoginPage } from './pages/login-page';
import { SchedulePage } from './pages/schedule-page';
import { UsersPage } from './pages/users-page';
import { DEMO_PASSWORD } from './support/demo-users';
import { describe, expect, test, type Medora } from './support/app';
import { expectAccessible } from './support/axe';

/** A weekday in the demo's calendar (its reference date is a Saturday). */
const BUSY_DAY = addDaysToDate(DEMO_REFERENCE_DATE, 2);

async function signedIn(medora: Medora, username: string): Promise<{ page: Page; shell: AppShell }> {
  const page = await medora.open();
  const shell = await new LoginPage(page).signIn(username, DEMO_PASSWORD);
  return { page, shell };
}

describe('every screen passes an axe scan (browser)', () => {
  test('sign-in, with and without an error', async ({ medora }) => {
    const page = await medora.open();
    const login = new LoginPage(page);
    await login.waitForReady();
    await expectAccessible(page, '01-login');
    await login.submitCredentials('admin', 'not the password');
    await login.problem.waitFor();
    await expectAccessible(page, '02-login-error');
  });

  test('keyboard alone: sign in, skip to the content, visible focus', async ({ medora }) => {
    const page = await medora.open();
    await new LoginPage(page).waitForReady();
    // The username field has focus on arrival; Tab moves to the password; Enter submits.
    await page.keyboard.type('admin');
    await page.keyboard.press('Tab');
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await new AppShell(page).waitForReady();

    const focused = () => page.evaluate(`(() => { const el = document.activeElement; return { text: el.textContent.trim(), id: el.id, outline: getComputedStyle(el).outlineStyle } })()`);
    await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ text: 'Skip to content', outline: 'solid' });
    await page.keyboard.press('Enter');
    expect(await focused()).toMatchObject({ id: 'main' });
    await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ text: 'Schedule', outline: 'solid' });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Schedule' }).waitFor();
  });

  test('home and schedule', async ({ medora }) => {
    const { page, shell } = await signedIn(medora, 'admin');
    await page.getByText('All facilities of the clinic').waitFor();
    await expectAccessible(page, '03-home');
    await shell.openSection('Schedule');
    await new SchedulePage(page).showDay(BUSY_DAY);
    await expectAccessible(page, '04-schedule');
  });

  // A separate window: the fake clock replaces Date, and @date-fns/tz's TZDate (behind the schedule's
  // local times) does not survive that, so screens showing facility times are scanned without it.
  test('idle warning and lock screen', async ({ medora }) => {
    const page = await medora.open({ beforeLoad: (page) => page.clock.install() });
    const shell = await new LoginPage(page).signIn('admin', DEMO_PASSWORD);
    const lock = new LockScreen(page);
    const minutes = (await shell.session())?.idleTimeoutMinutes ?? 15;
    // Well inside the warning minute, with time to scan before the lock.
    await page.clock.fastForward(minutes * 60_000 - 50_000);
    await lock.idleWarning.waitFor();
    await expectAccessible(page, '05-idle-warning');
    await lock.staySignedIn.click();
    await lock.idleWarning.waitFor({ state: 'detached' });

    await shell.lockButton.click();
    await lock.overlay.waitFor();
    await expectAccessible(page, '06-locked');
    await lock.unlock(DEMO_PASSWORD);
    expect(await shell.heading.innerText()).toContain('Welcome');
  });

  test('facilities: list, editor, editor with errors', async ({ medora }) => {
    const { page, shell } = await signedIn(medora, 'admin');
    await shell.openSection('Facilities');
    const facilities = new FacilitiesPage(page);
    await facilities.table.waitFor();
    await expectAccessible(page, '07-facilities');
    const editor = await facilities.openEditor((await facilities.table.locator('tbody th a').first().innerText()).trim());
    await expectAccessible(page, '08-facility-editor');
    await editor.code.fill('not valid!');
    await editor.save.click();
    await editor.fieldError(editor.code).waitFor();
    await expectAccessible(page, '09-facility-editor-errors');
  });

  test('users: list, editor, reset-password dialog, new user', async ({ medora }) => {
    const { page, shell } = await signedIn(medora, 'admin');
    await shell.openSection('Users');
    const users = new UsersPage(page);
    await users.table.waitFor();
    await expectAccessible(page, '10-users');
    const editor = await users.openEditor('Marco Silva');
    await expectAccessible(page, '11-user-editor');
    await editor.resetPassword.click();
    const dialog = page.getByRole('dialog', { name: /Reset the password/ });
    await dialog.waitFor();
    await expectAccessible(page, '12-reset-password');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await shell.openSection('Users');
    await users.newUser.click();
    await page.getByRole('heading', { level: 1, name: 'New user' }).waitFor();
    await expectAccessible(page, '13-user-new');
  });

  test('clinic settings and audit log', async ({ medora }) => {
    const { page, shell } = await signedIn(medora, 'admin');
    await shell.openSection('Clinic settings');
    await new ClinicSettingsPage(page).clinicName.waitFor();
    await expectAccessible(page, '14-clinic-settings');
    await shell.openSection('Audit log');
    await new AuditLogPage(page).integrityVerified.waitFor();
    await expectAccessible(page, '15-audit-log');
  });

  test('the front desk: home and schedule', async ({ medora }) => {
    const { page, shell } = await signedIn(medora, 'desk.east');
    await expectAccessible(page, '16-front-desk-home');
    await shell.openSection('Schedule');
    await new SchedulePage(page).showDay(BUSY_DAY);
    await expectAccessible(page, '17-front-desk-schedule');
  });
});
