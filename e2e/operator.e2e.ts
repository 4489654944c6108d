import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { Core } from '../main/core';
import { DEMO_PASSWORD } from '../shared/demo/demo-clinic';
import { AppShell } from './pages/app-shell';
import { LoginPage } from './pages/login-page';
import { describe, expect, screenshot, test } from './support/app';
import { expectAccessible } from './support/axe';
import { openSyncingWorkstation, startClinicServer, type ClinicServer } from './support/clinic-server';

/**
 * The operator's console against a real Medora server (embedded Postgres with the small demo clinic):
 * the super admin creates a clinic and its first admin by keyboard, then resets that admin's password.
 */

let server: ClinicServer | null = null;
const closers: (() => Promise<void>)[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await startClinicServer({ name: 'operator', poolSize: 10 });
}, 300_000);

afterAll(async () => {
  for (const close of closers) await close().catch(() => undefined);
  await server?.stop();
  expect(pageErrors).toEqual([]);
}, 120_000);

/** A fresh workstation syncing with the server, its window at the sign-in screen. */
async function openWorkstation(browser: Browser): Promise<{ core: Core; page: Page }> {
  if (!server) throw new Error('The server did not start');
  const workstation = await openSyncingWorkstation(browser, { name: 'operator', serverUrl: server.url, pageErrors });
  closers.push(() => workstation.close());
  return workstation;
}

describe('operator console (browser)', () => {
  test('the super admin creates a clinic and its admin by keyboard, then resets that admin’s password', async ({ browser }) => {
    const { page } = await openWorkstation(browser);
    const shell = await new LoginPage(page).signIn('superadmin', DEMO_PASSWORD);
    expect(await shell.sectionLabels()).toEqual(['Home', 'Clinics', 'Sync issues']);
    await shell.openSection('Clinics');
    const demoCard = page.locator('.clinics-card').filter({ has: page.getByRole('cell', { name: 'admin', exact: true }) });
    await demoCard.waitFor();
    await expectAccessible(page, 'operator-01-clinics');

    await page.getByRole('button', { name: 'New clinic' }).focus();
    await page.keyboard.press('Enter');
    // The clinic name has focus; everything else is reached with Tab.
    await page.keyboard.type('Harbor Spine & Joint');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Morgan Hale');
    await page.keyboard.press('Tab');
    await page.keyboard.type('harbor.admin');
    await page.keyboard.press('Tab');
    await page.keyboard.type('morgan@harbor.example');
    await page.keyboard.press('Tab');
    await page.keyboard.type('short');
    await page.keyboard.press('Enter');
    // Refused with the field named; focus moves to it, and everything typed stays.
    await page.getByText('Use at least 12 characters').waitFor();
    expect(await page.getByLabel('Temporary password').evaluate((input) => input === input.ownerDocument.activeElement)).toBe(true);
    expect(await page.getByLabel('Clinic name').inputValue()).toBe('Harbor Spine & Joint');
    await expectAccessible(page, 'operator-02-new-clinic-refused');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('harbor-temporary-2026');
    await page.keyboard.press('Enter');

    await page.getByText('Harbor Spine & Joint was created. Morgan Hale can sign in with the temporary password.').waitFor();
    const harbor = page.locator('.clinics-card').filter({ has: page.getByRole('heading', { name: 'Harbor Spine & Joint' }) });
    await harbor.getByRole('cell', { name: 'harbor.admin' }).waitFor();
    expect(await harbor.innerText()).toContain('America/New_York');
    await expectAccessible(page, 'operator-03-clinic-created');

    const stored = await server?.postgres.db.selectFrom('users').innerJoin('clinics', 'clinics.id', 'users.clinic_id')
      .select(['clinics.name', 'users.display_name']).where('users.username', '=', 'harbor.admin').executeTakeFirst();
    expect(stored).toEqual({ name: 'Harbor Spine & Joint', display_name: 'Morgan Hale' });

    // Reset the new admin's password from the keyboard: the dialog takes focus, Enter submits.
    await harbor.getByRole('button', { name: 'Reset password of Morgan Hale' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'New temporary password for Morgan Hale' }).waitFor();
    await page.keyboard.type('harbor-second-2026');
    await expectAccessible(page, 'operator-04-reset-password');
    await page.keyboard.press('Enter');
    await page.getByText('Morgan Hale has a new temporary password; their sessions were signed out.').waitFor();

    // The admin signs in with it on their own workstation and lands in their own clinic.
    const second = await openWorkstation(browser);
    const login = new LoginPage(second.page);
    await login.waitForReady();
    await login.submitCredentials('harbor.admin', 'harbor-second-2026');
    // A temporary password: the admin chooses their own before anything else.
    await second.page.getByRole('heading', { level: 1, name: 'Choose your password' }).waitFor();
    await expectAccessible(second.page, 'operator-05-choose-password');
    await screenshot(second.page, 'operator-05-choose-password');
    await second.page.getByLabel('Current password').fill('harbor-second-2026');
    await second.page.getByLabel('New password', { exact: true }).fill('harbor admin own passphrase');
    await second.page.getByLabel('New password again').fill('harbor admin own passphrase');
    await second.page.getByLabel('New password again').press('Enter');
    const adminShell = new AppShell(second.page);
    await adminShell.waitForReady();
    expect(await adminShell.sectionLabels()).toContain('Users');
    await second.page.getByText('Harbor Spine & Joint').first().waitFor();
    await screenshot(second.page, 'operator-06-new-admin-home');
  }, 300_000);
});
