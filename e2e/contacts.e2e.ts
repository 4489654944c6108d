import { LoginPage } from './pages/login-page';
import { DEMO_PASSWORD } from './support/demo-users';
import { describe, expect, test } from './support/app';
import { expectAccessible } from './support/axe';
import { invokeInPage } from './support/in-page';

/** The clinic's address book: attorneys with their firms and referring doctors, by keyboard. */
describe('contacts (browser)', () => {
  test('the front desk adds an attorney by keyboard, fixes a refused email, and a case can then name them', async ({ medora }) => {
    const page = await medora.open();
    const shell = await new LoginPage(page).signIn('desk.east', DEMO_PASSWORD);
    await shell.openSection('Contacts');
    await page.getByRole('heading', { name: 'Attorneys and law firms' }).waitFor();
    // The front desk sees no logins (users are the clinic admin's).
    expect(await page.getByRole('columnheader', { name: 'Login' }).count()).toBe(0);
    await expectAccessible(page, 'contacts-01-list');

    await page.getByRole('button', { name: 'New attorney' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'New attorney' }).waitFor();
    await page.keyboard.type('Priya Natarajan');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Natarajan Injury Law');
    await page.keyboard.press('Tab');
    await page.keyboard.type('(555) 010-0142');
    await page.keyboard.press('Tab');
    await page.keyboard.type('priya@natarajan');
    await page.keyboard.press('Enter');
    await page.getByText('Not a valid email address').waitFor();
    await expectAccessible(page, 'contacts-02-refused');
    await page.getByLabel('Email').fill('');
    await page.getByLabel('Email').focus();
    await page.keyboard.type('priya@natarajan.example');
    await page.keyboard.press('Enter');

    await page.getByText('“Priya Natarajan” was saved.').waitFor();
    const row = page.getByRole('row').filter({ has: page.getByRole('button', { name: 'Priya Natarajan' }) });
    expect(await row.innerText()).toContain('Natarajan Injury Law');
    await expectAccessible(page, 'contacts-03-saved');

    const attorneys = await invokeInPage(page, 'case.attorneys', {});
    expect(attorneys.ok && attorneys.value.map((attorney) => attorney.firmName)).toContain('Natarajan Injury Law');
  }, 240_000);

  test('a clinic admin sees which contacts have a login', async ({ medora }) => {
    const page = await medora.open();
    const shell = await new LoginPage(page).signIn('admin', DEMO_PASSWORD);
    await shell.openSection('Contacts');
    await page.getByRole('columnheader', { name: 'Login' }).first().waitFor();
    expect(await page.getByText('attorney.reyes').count()).toBe(1);
    expect(await page.getByText('referrer.kim').count()).toBe(1);
    await expectAccessible(page, 'contacts-04-admin');
  }, 180_000);
});
