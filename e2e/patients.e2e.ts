import type { Page } from 'playwright-core';
import { LoginPage } from './pages/login-page';
import { expectAccessible } from './support/axe';
import { invokeInPage } from './support/in-page';
import { DEMO_PASSWORD } from './support/demo-users';
import { describe, expect, TARGETS, test } from './support/app';

/** Focuses a control by its label and types into it, as a person at the keyboard would. */
async function typeInto(page: Page, label: string, text: string, index = 0): Promise<void> {
  await page.getByLabel(label, { exact: true }).nth(index).focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
}

async function press(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name, exact: true }).focus();
  await page.keyboard.press('Enter');
}

describe.each(TARGETS)('patients (%s)', (target) => {
  test('registers a patient with two insurances and a PI case with an attorney by keyboard; the attorney then sees that case and no other attorney’s', async ({ medora }) => {
    const page = await medora.open({ target });
    const login = new LoginPage(page);
    let shell = await login.signIn('admin', DEMO_PASSWORD);
    await shell.openSection('Patients');
    await expectAccessible(page, 'patient-search');

    await typeInto(page, 'Search patients', 'smiht');
    await page.getByRole('table', { name: 'Search results' }).waitFor();
    expect(await page.getByRole('table', { name: 'Search results' }).innerText()).toContain('Similar name');

    await press(page, 'New patient');
    await page.getByRole('heading', { level: 1, name: 'New patient' }).waitFor();
    await typeInto(page, 'First name (legal)', 'Octavia');
    await typeInto(page, 'Last name (legal)', 'Quillfeather');
    await typeInto(page, 'Preferred name', 'Tavi');
    await page.getByLabel('Date of birth', { exact: true }).focus();
    await page.keyboard.type('03071986');
    await typeInto(page, 'Phone', '555-424-0101');
    await typeInto(page, 'State', 'NY');
    await page.getByLabel('Text messages (SMS)').focus();
    await page.keyboard.press('Space');
    await press(page, 'Add insurance policy');
    await typeInto(page, 'Payer', 'Aetna', 0);
    await typeInto(page, 'Member id', 'W55501', 0);
    await press(page, 'Add insurance policy');
    await typeInto(page, 'Payer', 'Medicare', 1);
    await typeInto(page, 'Member id', '1EG4TE5MK99', 1);
    await expectAccessible(page, 'patient-editor');
    await press(page, 'Register patient');
    await page.getByText(/Tavi was saved|Quillfeather, Tavi was saved/).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Quillfeather, Tavi' }).waitFor();
    const insurance = await page.getByRole('table', { name: 'Insurance policies' }).innerText();
    expect(insurance).toMatch(/Primary\s+Aetna/);
    expect(insurance).toMatch(/Secondary\s+Medicare/);

    const attorneys = await invokeInPage(page, 'case.attorneys', {});
    if (!attorneys.ok) throw new Error(attorneys.error.message);
    const reyes = attorneys.value.find((a) => a.name.includes('Reyes'));
    if (!reyes) throw new Error('the demo clinic has attorney Reyes');
    await press(page, 'New case');
    await page.getByRole('heading', { level: 1, name: 'New case' }).waitFor();
    await page.getByLabel('Date of injury').focus();
    await page.keyboard.type('11012026');
    await typeInto(page, 'Accident state', 'NY');
    await typeInto(page, 'Description', 'Rear-ended at a stop light');
    await page.getByLabel('Attorney').focus();
    await page.keyboard.type(reyes.name);
    expect(await page.getByLabel('Attorney').inputValue()).toBe(reyes.id);
    await page.getByLabel('Letter of protection').focus();
    await page.keyboard.type('Requested');
    await typeInto(page, 'Policy limit (dollars)', '25000');
    await expectAccessible(page, 'case-editor');
    await press(page, 'Open case');
    await page.getByText(/Case .+ was saved\./).waitFor();
    const cases = await page.getByRole('table', { name: 'Cases' }).innerText();
    expect(cases).toContain(reyes.name);
    expect(cases).toContain('No appointment booked for this case.');
    await expectAccessible(page, 'patient-chart');
    const chart = await invokeInPage(page, 'patient.search', { query: 'Quillfeather' });
    if (!chart.ok) throw new Error(chart.error.message);
    const patientId = chart.value[0]?.id;
    const others = await invokeInPage(page, 'patient.search', { query: 'a', limit: 50 });
    if (!others.ok) throw new Error(others.error.message);

    await shell.signOutButton.click();
    shell = await login.signIn('attorney.reyes', DEMO_PASSWORD);
    await shell.openSection('Patients', 'Your cases');
    await page.getByRole('heading', { level: 2, name: /Quillfeather, Tavi — case/ }).waitFor();
    await expectAccessible(page, 'attorney-cases');
    const mine = await invokeInPage(page, 'case.attorneyList', {});
    if (!mine.ok) throw new Error(mine.error.message);
    expect(mine.value.every((entry) => entry.case.attorneyId === reyes.id)).toBe(true);
    expect(mine.value.some((entry) => entry.case.patientId === patientId)).toBe(true);
    // Patients of other attorneys' cases are not reachable by search or by id.
    const visible = new Set(mine.value.map((entry) => entry.case.patientId));
    for (const other of others.value.filter((p) => !visible.has(p.id)).slice(0, 10)) {
      const result = await invokeInPage(page, 'patient.get', { id: other.id });
      expect(result.ok ? 'ok' : result.error.code).toBe('not_found');
    }
    const search = await invokeInPage(page, 'patient.search', { query: 'a', limit: 50 });
    if (!search.ok) throw new Error(search.error.message);
    expect(search.value.every((p) => visible.has(p.id))).toBe(true);
    const chartAsAttorney = await invokeInPage(page, 'patient.get', { id: patientId as string });
    if (!chartAsAttorney.ok) throw new Error(chartAsAttorney.error.message);
    expect(chartAsAttorney.value).toMatchObject({ notes: null, insurances: [], limitedTo: 'attorney' });
   }, 300_000);

  test('a referring doctor sees only their referred patients, read-only', async ({ medora }) => {
    const page = await medora.open({ target });
    const shell = await new LoginPage(page).signIn('referrer.kim', DEMO_PASSWORD);
    await shell.openSection('Patients', 'Your referred patients');
    await expectAccessible(page, 'referred-patients');
    const write = await invokeInPage(page, 'case.save', {
      patientId: '01900000-0000-7000-8000-000000000000', caseType: 'general_health', status: 'open', dateOfInjury: null, accidentState: null, description: null,
      attorneyId: null, lopStatus: 'none', lopDocumentId: null, policyLimitCents: null, referralSource: null, physicianIds: [],
    });
    expect(write.ok ? 'ok' : write.error.code).toBe('forbidden');
  });
});
