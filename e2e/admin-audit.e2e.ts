import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { AuditLogPage } from './pages/audit-log-page';
import { LoginPage } from './pages/login-page';
import { UsersPage } from './pages/users-page';
import { DEMO_PASSWORD, DEMO_USERS } from './support/demo-users';
import { invokeInPage } from './support/in-page';
import { describe, expect, screenshot, test } from './support/app';
import { expectAccessible } from './support/axe';

/**
 * Presses Tab until `target` has the focus (at most `limit` times), as a keyboard user moves through a
 * screen; fails when the element cannot be reached that way.
 */
async function tabTo(page: Page, target: Locator, limit = 40): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((element) => element === element.ownerDocument.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Could not reach ${target.toString()} with Tab`);
}

/** Today in the clinic's zone as YYYY-MM-DD, the way the audit viewer reads its date fields. */
function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

describe('user administration by keyboard (browser)', () => {
  test('creates a user with roles and facility restrictions, resets the password and deactivates them, all by keyboard', async ({ medora }) => {
    const page = await medora.open();
    let shell = await new LoginPage(page).signIn('admin', DEMO_PASSWORD);
    await shell.openSection('Users');
    const users = new UsersPage(page);
    await users.table.waitFor();

    await tabTo(page, users.newUser);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'New user' }).waitFor();
    const editor = page.getByRole('main');
    await tabTo(page, editor.getByLabel('Username'));
    await page.keyboard.type('desk.north');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Nora North');
    await tabTo(page, editor.getByLabel('Password', { exact: true }));
    await page.keyboard.type('north-desk-password');
    const frontDesk = editor.getByRole('group', { name: 'Roles' }).getByLabel('Front desk');
    await tabTo(page, frontDesk);
    await page.keyboard.press('Space');
    const facilities = editor.getByRole('group', { name: 'Facilities' }).getByRole('checkbox');
    const facilityName = (await editor.getByRole('group', { name: 'Facilities' }).locator('label').first().innerText()).trim();
    await tabTo(page, facilities.first());
    await page.keyboard.press('Space');
    expect(await frontDesk.isChecked()).toBe(true);
    expect(await facilities.first().isChecked()).toBe(true);
    await expectAccessible(page, 'admin-01-new-user-filled');
    await tabTo(page, page.getByRole('button', { name: 'Create user' }));
    await page.keyboard.press('Enter');
    await page.getByText('“Nora North” was saved.').waitFor();
    const row = users.table.getByRole('row').filter({ hasText: 'desk.north' });
    expect(await row.innerText()).toContain('Front desk');
    expect(await row.innerText()).toContain('Active');
    const created = await invokeInPage(page, 'user.list', { includeInactive: true });
    const north = created.ok ? created.value.find((user) => user.username === 'desk.north') : undefined;
    expect(north).toMatchObject({ roles: ['front_desk'], isActive: true });
    expect(north?.facilityIds).toHaveLength(1);
    expect(await row.innerText()).toContain(facilityName);

    // Reset the password from the editor's dialog.
    await tabTo(page, users.table.getByRole('link', { name: 'Nora North', exact: true }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Nora North' }).waitFor();
    await tabTo(page, page.getByRole('button', { name: 'Reset password…' }));
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Reset the password of Nora North' });
    await dialog.waitFor();
    // The dialog opens with the focus in its field.
    expect(await dialog.getByLabel('New password').evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
    await page.keyboard.type('short');
    await page.keyboard.press('Enter');
    await dialog.getByText('Use at least 12 characters').waitFor();
    await expectAccessible(page, 'admin-02-reset-password');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('a reset north desk password');
    await page.keyboard.press('Enter');
    await page.getByText('The password of Nora North was reset.').waitFor();
    expect(await dialog.count()).toBe(0);

    // The new password works once; set by an admin, it must be replaced by the user's own at once. Then the
    // login sees only a front desk's sections (the demo desk's, same role).
    await shell.signOutButton.click();
    const asNorth = await new LoginPage(page).signInChoosingPassword('desk.north', 'a reset north desk password', 'north desk own passphrase');
    expect(await asNorth.sectionLabels()).toEqual([...DEMO_USERS['desk.east'].sections]);
    await asNorth.signOutButton.click();

    // Deactivate: untick "Account is active" and save, by keyboard.
    shell = await new LoginPage(page).signIn('admin', DEMO_PASSWORD);
    await shell.openSection('Users');
    await tabTo(page, users.table.getByRole('link', { name: 'Nora North', exact: true }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Nora North' }).waitFor();
    const active = page.getByLabel('Account is active');
    await tabTo(page, active);
    await page.keyboard.press('Space');
    expect(await active.isChecked()).toBe(false);
    await tabTo(page, page.getByRole('button', { name: 'Save changes' }));
    await page.keyboard.press('Enter');
    await page.getByText('“Nora North” was saved.').waitFor();
    expect(await users.table.getByRole('row').filter({ hasText: 'desk.north' }).innerText()).toContain('Deactivated');
    await expectAccessible(page, 'admin-03-user-deactivated');

    await shell.signOutButton.click();
    const login = new LoginPage(page);
    await login.waitForReady();
    await login.submitCredentials('desk.north', 'north desk own passphrase');
    await login.problem.filter({ hasText: /deactivated|inactive/i }).waitFor();
    await screenshot(page, 'admin-04-deactivated-sign-in');
    // Four sign-ins each hash a password (argon2): generous on a busy machine.
  }, 240_000);
});

describe('the audit viewer (browser)', () => {
  test('filters by user, action, patient and date range, exports the filtered entries as CSV and shows the chain check', async ({ medora }) => {
    const page = await medora.open();
    // East desk searches and opens a patient: the entries the viewer should find.
    let shell = await new LoginPage(page).signIn('desk.east', DEMO_PASSWORD);
    const found = await invokeInPage(page, 'patient.search', { query: 'a', limit: 5 });
    if (!found.ok || found.value.length === 0) throw new Error('the demo clinic has no patient east desk can find');
    const patient = found.value[0]!;
    expect((await invokeInPage(page, 'patient.get', { id: patient.id })).ok).toBe(true);
    await shell.signOutButton.click();

    shell = await new LoginPage(page).signIn('admin', DEMO_PASSWORD);
    const clinic = await invokeInPage(page, 'clinic.get', {});
    if (!clinic.ok) throw new Error('clinic.get failed');
    const today = todayIn(clinic.value.defaultTimeZone);
    await shell.openSection('Audit log');
    const audit = new AuditLogPage(page);
    await audit.integrityVerified.waitFor();
    expect(await audit.integrityVerified.innerText()).toContain('the hash chain of this log is unbroken');
    const columnOf = async (column: number) =>
      (await audit.rows.evaluateAll((rows, index) => rows.map((row) => row.children[index]?.textContent ?? ''), column)).map((text) => text.trim());
    /** Waits until the table's actions satisfy `check` (the list reloads after Apply). */
    const untilActions = async (check: (actions: string[]) => boolean) => {
      for (let i = 0; i < 100; i++) {
        const actions = await columnOf(2);
        if (actions.length > 0 && check(actions)) return;
        await page.waitForTimeout(100);
      }
      throw new Error(`The audit table never showed the expected actions: ${(await columnOf(2)).join(', ')}`);
    };

    // By user.
    const filters = page.getByRole('form', { name: 'Filter the audit log' });
    await filters.getByLabel('User').selectOption({ label: 'East Desk (desk.east)' }).catch(async () => {
      const option = await filters.getByLabel('User').locator('option', { hasText: '(desk.east)' }).getAttribute('value');
      await filters.getByLabel('User').selectOption(option ?? '');
    });
    await audit.apply.click();
    await page.getByText('Showing').waitFor();
    const usersShown = new Set(await columnOf(1));
    expect(usersShown.size).toBe(1);
    const deskName = [...usersShown][0]!;
    expect(await columnOf(2)).toEqual(expect.arrayContaining(['auth.login', 'patient.search', 'patient.get']));

    // And by action.
    await audit.action.fill('patient.get');
    await audit.apply.click();
    await untilActions((actions) => actions.every((action) => action === 'patient.get'));
    expect(new Set(await columnOf(2))).toEqual(new Set(['patient.get']));

    // By patient record alone (the user and action cleared): the chart opened is there, under its record id.
    await filters.getByLabel('User').selectOption('');
    await audit.action.fill('');
    await filters.getByLabel('Patient record id').fill(patient.id);
    await audit.apply.click();
    await untilActions((actions) => actions.includes('patient.get'));
    expect(await columnOf(3)).toContain(`patient ${patient.id.slice(0, 8)}`);

    // By date range in the clinic's zone: today has them, a range ending yesterday does not.
    await filters.getByLabel('Patient record id').fill('');
    await audit.action.fill('patient.');
    await filters.getByLabel('From').fill(today);
    await filters.getByLabel('To').fill(today);
    await audit.apply.click();
    await untilActions((actions) => actions.every((action) => action.startsWith('patient.')));
    const todaysActions = await columnOf(2);
    expect(todaysActions).toEqual(expect.arrayContaining(['patient.search', 'patient.get']));
    await expectAccessible(page, 'audit-01-filtered');

    // Export what is filtered: the file downloaded holds exactly those entries.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^medora-audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(await file.path(), 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('time_utc,user,user_id,action,record_type,record_id,patient_id,facility_id,device_id,seq,detail');
    const exported = lines.slice(1).map((line) => line.split(','));
    expect(exported.length).toBe(todaysActions.length);
    expect(exported.map((cells) => cells[3]).sort()).toEqual([...todaysActions].sort());
    expect(exported.some((cells) => cells[3] === 'patient.get' && cells[6] === patient.id && cells[1] === deskName)).toBe(true);
    await page.getByText(`Exported ${todaysActions.length} entries to ${file.suggestedFilename()}.`).waitFor();

    const yesterday = new Date(Date.parse(`${today}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    await filters.getByLabel('From').fill(yesterday);
    await filters.getByLabel('To').fill(yesterday);
    await audit.apply.click();
    await page.getByText('No entries match these filters').waitFor();

    // The export was itself audited, and the server check says plainly that it needs the clinic server.
    await filters.getByLabel('From').fill('');
    await filters.getByLabel('To').fill('');
    await audit.action.fill('audit.export');
    await audit.apply.click();
    await untilActions((actions) => actions.includes('audit.export'));
    await page.getByRole('button', { name: 'Check the whole trail now' }).click();
    await page.getByText('Checking the audit trail needs a connection to the clinic server.').waitFor();
    await audit.integrityVerified.waitFor();
    await screenshot(page, 'audit-02-export-and-check');
  }, 180_000);
});
