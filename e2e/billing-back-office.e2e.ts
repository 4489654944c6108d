import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { LoginPage } from './pages/login-page';
import { expectAccessible } from './support/axe';
import { DEMO_PASSWORD } from './support/demo-users';
import { invokeInPage } from './support/in-page';
import { describe, expect, screenshot, TARGETS, test } from './support/app';

/** Opens a Billing view from the section's tabs by keyboard. */
async function openBillingView(page: Page, label: string, heading: string): Promise<void> {
  const tabs = page.getByRole('navigation', { name: 'Billing views' });
  await tabs.waitFor();
  await tabs.getByRole('link', { name: label, exact: true }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

/** Runs an action that offers a file and returns the file's name and bytes. */
async function download(page: Page, action: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), action()]);
  const where = await file.path();
  return { name: file.suggestedFilename(), bytes: readFileSync(where) };
}

describe.each(TARGETS)('billing back office (%s)', (target) => {
  test('codes and fees: a clinic CSV is previewed with its bad row named, the good rows imported, and a fee set — by keyboard', { timeout: 300_000 }, async ({ medora }) => {
    const page = await medora.open({ target });
    const shell = await new LoginPage(page).signIn('billing', DEMO_PASSWORD);
    await shell.openSection('Billing');
    await openBillingView(page, 'Codes and fees', 'Codes and fees');
    await page.getByRole('region', { name: 'Fees' }).or(page.getByText('No fees yet.')).first().waitFor();
    await expectAccessible(page, 'billing-codes');

    const csv = 'code,description\n97999,Unlisted therapy (our wording)\n9711X,Typo in the code\nG9999,"Clinic supply, unlisted"\n';
    await page.getByLabel('CSV file', { exact: true }).setInputFiles({ name: 'clinic-codes.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const preview = page.getByRole('region', { name: 'Import preview' });
    await preview.waitFor();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'clinic-codes.csv' }).innerText()).toBe('clinic-codes.csv: 2 lines ready, 2 to import, 1 with a problem (not imported).');
    const bad = preview.getByRole('row').filter({ hasText: '9711X' });
    expect(await bad.innerText()).toContain('Not imported');
    expect(await bad.innerText()).toContain('"9711X" is not a CPT');
    expect(await preview.getByRole('row').filter({ hasText: 'G9999' }).innerText()).toContain('Clinic supply, unlisted');
    await expectAccessible(page, 'billing-codes-import-preview');

    await page.getByRole('button', { name: 'Import 2 codes' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText(/^Imported 2 procedure codes: 2 added, 0 updated\. 1 line was not imported\.$/).waitFor();
    await page.getByLabel('Code starts with', { exact: true }).first().fill('G99');
    const codes = page.getByRole('region', { name: 'Procedure codes' });
    await codes.getByRole('row', { name: /G9999/ }).waitFor();
    expect(await codes.innerText()).toContain('HCPCS');

    // A workers'-comp fee at one facility, typed and submitted from the keyboard.
    const feeForm = page.getByRole('form', { name: 'Set a fee' });
    await feeForm.getByLabel('Code', { exact: true }).fill('G9999');
    await feeForm.getByLabel('Payer type', { exact: true }).selectOption({ label: "Workers' comp" });
    await feeForm.getByLabel('Facility', { exact: true }).selectOption({ index: 1 });
    await feeForm.getByLabel('Fee ($)', { exact: true }).fill('42.50');
    await feeForm.getByLabel('Effective from', { exact: true }).fill('2026-07-01');
    await feeForm.getByLabel('Effective from', { exact: true }).press('Enter');
    await page.getByText('The fee for G9999 is $42.50 from').waitFor();
    const fees = page.getByRole('region', { name: 'Fees' });
    const feeRow = fees.getByRole('row', { name: /G9999/ });
    await feeRow.waitFor();
    expect(await feeRow.innerText()).toMatch(/Workers' comp[\s\S]*\$42\.50/);
    await screenshot(page, 'billing-codes-imported');

    // The clerk sees the periods but may not close one.
    await openBillingView(page, 'Periods', 'Financial periods');
    await page.getByText('Only a clinic admin can close a month.').waitFor();
    expect(await page.getByRole('button', { name: 'Close month…' }).count()).toBe(0);
  });

  test('claims: a batch is submitted with its 837P file, one claim is denied with the reason and resubmitted as a corrected claim, with its CMS-1500', { timeout: 300_000 }, async ({ medora }) => {
    const page = await medora.open({ target });
    const shell = await new LoginPage(page).signIn('billing', DEMO_PASSWORD);
    await shell.openSection('Billing');
    await openBillingView(page, 'Claims', 'Claims');
    const ready = page.getByRole('region', { name: 'Invoices ready to claim' });
    await ready.waitFor();
    await expectAccessible(page, 'billing-claims');

    // The claim file settings are the clinic's: a bad id is refused at its field, then saved by keyboard.
    const settings = page.getByRole('form', { name: 'Claim file settings' });
    await settings.getByLabel('Clearinghouse id', { exact: true }).fill('AVAILITY-TOO-LONG-ID');
    await settings.getByLabel('Clearinghouse name', { exact: true }).fill('Availity');
    await settings.getByLabel('File use', { exact: true }).selectOption('T');
    await settings.getByLabel('Contact name', { exact: true }).fill('Rita Moreno');
    await settings.getByLabel('Contact name', { exact: true }).press('Enter');
    await settings.getByText('Use the 2–15 letter or digit id your clearinghouse gave you').waitFor();
    await settings.getByLabel('Clearinghouse id', { exact: true }).fill('AVAILITY01');
    await settings.getByLabel('Clearinghouse id', { exact: true }).press('Enter');
    await settings.getByText('Claim file settings saved for every workstation of the clinic.').waitFor();
    await expectAccessible(page, 'billing-claims-settings');

    // The batch: the first two invoices of one payer, chosen by keyboard.
    const readyForm = page.getByRole('form', { name: 'Submit a batch of claims' });
    const payer = (await readyForm.getByLabel('Payer', { exact: true }).locator('option').nth(1).innerText()).trim();
    await readyForm.getByLabel('Payer', { exact: true }).selectOption({ label: payer });
    const boxes = ready.getByRole('checkbox');
    const picked: string[] = [];
    for (const index of [0, 1]) {
      const box = boxes.nth(index);
      if ((await box.count()) === 0) break;
      picked.push(((await box.getAttribute('aria-label')) ?? '').replace(/^Include /, ''));
      await box.focus();
      await page.keyboard.press('Space');
    }
    expect(picked.length).toBeGreaterThan(0);
    const submit = page.getByRole('button', { name: `Submit batch of ${picked.length} ${picked.length === 1 ? 'claim' : 'claims'}` });
    await submit.focus();
    await page.keyboard.press('Enter');
    const submitted = page.getByRole('status').filter({ hasText: /^Batch B-[0-9A-F]+ submitted:/ });
    await submitted.waitFor();
    const batchId = /Batch (B-[0-9A-F]+)/.exec(await submitted.innerText())?.[1] ?? '';

    const x12 = await download(page, () => submitted.getByRole('button', { name: 'Download 837P file' }).click());
    const text = x12.bytes.toString('utf8');
    expect(text.startsWith('ISA*')).toBe(true);
    expect(text).toContain('AVAILITY01');
    expect(text).toContain('PER*IC*RITA MORENO*');
    expect(text.match(/~\s*CLM\*/g)?.length).toBe(picked.length);
    await page.getByText(new RegExp(`^837P file .+ with ${picked.length} claims? is ready\\.`)).waitFor();

    // The batch in the claims list, narrowed by status and payer.
    const filters = page.getByRole('form', { name: 'Filter claims' });
    await filters.getByLabel('Status', { exact: true }).selectOption('submitted');
    await filters.getByLabel('Payer', { exact: true }).selectOption({ label: payer });
    const claims = page.getByRole('region', { name: 'Claims list' });
    const batchRow = claims.getByRole('row').filter({ hasText: batchId }).first();
    await batchRow.waitFor();
    const control = (await batchRow.getByRole('rowheader').innerText()).trim();

    await batchRow.getByRole('button', { name: `Record the payer's answer to claim ${control}` }).focus();
    await page.keyboard.press('Enter');
    const answer = page.getByRole('dialog', { name: `Payer's answer to claim ${control}` });
    await answer.waitFor();
    await answer.getByLabel('Answer', { exact: true }).selectOption('denied');
    // The payer's date: today (the facility's) by default; tomorrow is refused by the mutator at the field.
    const payerDate = answer.getByLabel("Payer's date", { exact: true });
    const today = await payerDate.inputValue();
    expect(await payerDate.getAttribute('max')).toBe(today);
    const tomorrow = new Date(Date.parse(`${today}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    await payerDate.fill(tomorrow);
    await answer.getByLabel('Reason from the payer', { exact: true }).fill('CO-16 missing referring provider NPI');
    await answer.getByRole('button', { name: 'Save answer' }).click();
    await answer.getByText(`Use ${today} or earlier`).waitFor();
    await payerDate.fill(today);
    await answer.getByLabel('Reason from the payer', { exact: true }).fill('');
    await answer.getByRole('button', { name: 'Save answer' }).click();
    await answer.getByText('Give the reason from the payer').waitFor();
    await expectAccessible(page, 'billing-claims-answer');
    await answer.getByLabel('Reason from the payer', { exact: true }).fill('CO-16 missing referring provider NPI');
    await answer.getByLabel('Reason from the payer', { exact: true }).press('Enter');
    await page.getByText(`Claim ${control} is denied.`).waitFor();

    await filters.getByLabel('Status', { exact: true }).selectOption('denied');
    const deniedRow = claims.getByRole('row').filter({ hasText: control });
    await deniedRow.waitFor();
    expect(await deniedRow.innerText()).toMatch(/Denied[\s\S]*CO-16 missing referring provider NPI/);
    // The payer's date and the time it was recorded are both shown.
    const [year, month, day] = today.split('-');
    expect(await deniedRow.innerText()).toContain(`${month}/${day}/${year}`);

    await deniedRow.getByRole('button', { name: `Resubmit claim ${control} as a corrected claim` }).focus();
    await page.keyboard.press('Enter');
    const resubmit = page.getByRole('dialog', { name: `Resubmit claim ${control}` });
    await resubmit.getByLabel('What was corrected', { exact: true }).fill('Added the referring provider NPI');
    await resubmit.getByLabel('What was corrected', { exact: true }).press('Enter');
    const corrected = page.getByRole('status').filter({ hasText: `it replaces claim ${control}` });
    await corrected.waitFor();
    const correctedFile = await download(page, () => corrected.getByRole('button', { name: 'Download 837P file' }).click());
    // A corrected claim: frequency code 7 and the original claim's reference (REF*F8).
    expect(correctedFile.bytes.toString('utf8')).toMatch(/CLM\*[^~]*:B:7/);
    expect(correctedFile.bytes.toString('utf8')).toContain(`REF*F8*${control}`);

    await filters.getByLabel('Status', { exact: true }).selectOption('submitted');
    const correctedRow = claims.getByRole('row').filter({ hasText: 'corrected' }).first();
    await correctedRow.waitFor();
    const correctedControl = (await correctedRow.getByRole('rowheader').innerText()).replace('corrected', '').trim();
    const form = await download(page, () => correctedRow.getByRole('button', { name: `CMS-1500 PDF of claim ${correctedControl}` }).click());
    expect(form.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await screenshot(page, 'billing-claims-corrected');
  });

  test('period close: the admin closes a month after a confirmation that names the sync-issues inbox, and a back-dated payment is then refused', { timeout: 300_000 }, async ({ medora }) => {
    const page = await medora.open({ target });
    const shell = await new LoginPage(page).signIn('admin', DEMO_PASSWORD);
    await shell.openSection('Billing');
    await openBillingView(page, 'Periods', 'Financial periods');
    const month = page.getByLabel('Month', { exact: true });
    await month.waitFor();
    const period = await month.inputValue();
    const label = (await month.locator('option:checked').innerText()).trim();
    expect(period).toMatch(/^\d{4}-\d{2}$/);
    await expectAccessible(page, 'billing-periods');

    await page.getByLabel('Note (optional)', { exact: true }).fill('Reconciled with the bank statement');
    await page.getByRole('button', { name: 'Close month…' }).focus();
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('alertdialog', { name: `Close ${label}?` });
    await confirm.waitFor();
    const explanation = await confirm.innerText();
    expect(explanation).toContain('Any entry dated in it is refused');
    expect(explanation).toContain('Sync issues');
    await expectAccessible(page, 'billing-periods-confirm');
    // Escape leaves without closing; the second time the admin confirms.
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'hidden' });
    expect(await month.locator(`option[value="${period}"]`).count()).toBe(1);
    await page.getByRole('button', { name: 'Close month…' }).press('Enter');
    await confirm.getByRole('button', { name: `Close ${label}` }).focus();
    await page.keyboard.press('Enter');
    await page.getByText(`${label} is closed.`).waitFor();
    const closedRow = page.getByRole('region', { name: 'List of closed months' }).getByRole('row', { name: new RegExp(label) });
    await closedRow.waitFor();
    expect(await closedRow.innerText()).toContain('Reconciled with the bank statement');
    expect(await month.locator(`option[value="${period}"]`).count()).toBe(0);
    await screenshot(page, 'billing-periods-closed');

    const dated = `${period}-15`;
    const late = await invokeInPage(page, 'payment.post', { payerType: 'patient', method: 'cash', amountCents: 2_500, receivedOn: dated });
    if (late.ok) throw new Error('a payment dated in a closed month was posted');
    expect(late.error.message).toBe(`${label} is closed, so an entry dated ${dated} cannot be posted. Date it in an open month, or ask a clinic admin.`);
    expect(late.error.fields).toEqual([{ path: 'receivedOn', message: 'period_closed' }]);
  });
});
