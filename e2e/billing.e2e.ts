import { LoginPage } from './pages/login-page';
import { expectAccessible } from './support/axe';
import { DEMO_PASSWORD } from './support/demo-users';
import { describe, expect, screenshot, TARGETS, test } from './support/app';

describe.each(TARGETS)('billing (%s)', (target) => {
  test('the billing clerk sees the work queue and runs patient statements by keyboard, with progress, to a PDF', async ({ medora }) => {
    const page = await medora.open({ target });
    const shell = await new LoginPage(page).signIn('billing', DEMO_PASSWORD);
    await shell.openSection('Billing');
    await page.getByRole('heading', { level: 1, name: 'Billing' }).waitFor();

    // Every queue card says how many are waiting ("200+" when the list is full).
    const unapplied = page.getByRole('heading', { level: 2, name: /^Unapplied payments \(\d+\+?\)$/ });
    await unapplied.waitFor();
    await page.getByRole('heading', { level: 2, name: /^Draft invoices \(\d+\+?\)$/ }).waitFor();
    await expectAccessible(page, 'billing-work-queue');

    // A run of three statements: start, follow, and the PDF is offered.
    await page.getByLabel('At most (patients)').focus();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('3');
    await page.getByRole('button', { name: 'Start statement run' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText(/^Done: 3 statements on \d+ pages\.$/).waitFor({ timeout: 60_000 });
    expect(await page.getByRole('progressbar', { name: 'Statements drawn' }).getAttribute('value')).toBe('3');
    await page.getByRole('button', { name: 'Download PDF' }).waitFor();
    await screenshot(page, 'billing-statement-run-done');
  });
});
