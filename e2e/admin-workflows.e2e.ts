import { FacilitiesPage } from './pages/facilities-page';
import { LoginPage } from './pages/login-page';
import { UsersPage } from './pages/users-page';
import { DEMO_PASSWORD, DEMO_USERS } from './support/demo-users';
import { expectAccessible } from './support/axe';
import { describe, expect, screenshot, TARGETS, test } from './support/app';

describe.each(TARGETS)('clinic admin workflows (%s)', (target) => {
  test('creates a front-desk user who can then sign in and sees only their screens', async ({ medora }) => {
    const page = await medora.open({ target });
    const login = new LoginPage(page);
    const shell = await login.signIn('admin', DEMO_PASSWORD);
    await shell.openSection('Users');
    const users = new UsersPage(page);
    await users.newUser.click();
    await page.getByRole('heading', { level: 1, name: 'New user' }).waitFor();

    await page.getByLabel('Username').fill('desk.relief');
    await page.getByLabel('Full name').fill('Riley Relief');
    await page.getByLabel('Password').fill('too short');
    await page.getByRole('group', { name: 'Roles' }).getByLabel('Front desk').check();
    const facilities = page.getByRole('group', { name: 'Facilities' }).getByRole('checkbox');
    await facilities.first().check();
    await page.getByRole('button', { name: 'Create user' }).click();
    // Refused by main with the field named; the form keeps everything typed.
    await page.getByText('Use at least 12 characters').waitFor();
    expect(await page.getByLabel('Username').inputValue()).toBe('desk.relief');

    await page.getByLabel('Password').fill('relief-desk-password');
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.getByText('“Riley Relief” was saved.').waitFor();
    expect(await users.table.innerText()).toContain('desk.relief');

    await shell.signOutButton.click();
    const relief = await login.signInChoosingPassword('desk.relief', 'relief-desk-password', 'relief desk own passphrase');
    // A front desk's sections, as the demo desk of the same role has them.
    expect(await relief.sectionLabels()).toEqual([...DEMO_USERS['desk.east'].sections]);
  });

  test('edits a facility: phone, place of service, a new room and the map link', async ({ medora }) => {
    const page = await medora.open({ target });
    const shell = await new LoginPage(page).signIn('admin', DEMO_PASSWORD);
    await shell.openSection('Facilities');
    const facilities = new FacilitiesPage(page);
    await facilities.table.waitFor();
    const name = (await facilities.table.locator('tbody th a').first().innerText()).trim();
    let editor = await facilities.openEditor(name);

    const latitude = await editor.latitude.inputValue();
    const longitude = await editor.longitude.inputValue();
    expect(await editor.mapLink.getAttribute('href')).toBe(
      `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=16/${latitude}/${longitude}`,
    );
    expect(await editor.mapLink.getAttribute('rel')).toContain('noopener');

    await editor.phone.fill('(555) 010-0199');
    // Place of service: Tab reaches it from the phone field; 24 is the ambulatory surgical center.
    await editor.phone.press('Tab');
    await expect.poll(() => editor.placeOfService.evaluate((select) => select === select.ownerDocument.activeElement)).toBe(true);
    await editor.placeOfService.selectOption('24');
    expect(await editor.placeOfService.locator('option:checked').innerText()).toBe('24 — Ambulatory surgical center');
    await expectAccessible(page, 'admin-facility-place-of-service');
    await screenshot(page, 'admin-facility-place-of-service');
    await page.getByRole('button', { name: 'Add room' }).click();
    await page.getByLabel('Room name').last().fill('Exam room 99');
    await editor.save.click();
    await page.getByText(`“${name}” was saved.`).waitFor();

    editor = await facilities.openEditor(name);
    expect(await editor.phone.inputValue()).toBe('(555) 010-0199');
    expect(await editor.placeOfService.inputValue()).toBe('24');
    expect(await page.getByLabel('Room name').evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value))).toContain(
      'Exam room 99',
    );
  });
});
