import type { Page } from 'playwright-core';
import { formatCents } from '../shared/format/money';
import { LoginPage } from './pages/login-page';
import { expectAccessible } from './support/axe';
import { DEMO_PASSWORD } from './support/demo-users';
import { describe, expect, screenshot, TARGETS, test } from './support/app';
import { invokeInPage } from './support/in-page';

/** Focuses a control and types into it, replacing what it held: the keyboard is the only input. */
async function typeInto(page: Page, label: string | RegExp, text: string) {
  await page.getByLabel(label, { exact: typeof label === 'string' }).focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Backspace');
  if (text) await page.keyboard.type(text);
}

/** The accessible label of the focused control. */
function focusedLabel(page: Page): Promise<unknown> {
  return page.evaluate(`document.activeElement && document.activeElement.getAttribute('aria-label')`);
}

async function press(page: Page, name: string | RegExp, role: 'button' | 'link' = 'button') {
  await page.getByRole(role, { name, exact: typeof name === 'string' }).focus();
  await page.keyboard.press('Enter');
}

/** An account of the demo clinic with open invoices (so the allocation has several rows to spread over). */
async function accountWithOpenInvoices(page: Page) {
  const accounts = await invokeInPage(page, 'billing.accounts', { query: '', limit: 20 });
  if (!accounts.ok) throw new Error(accounts.error.message);
  const account = accounts.value.find((row) => row.openInvoices >= 1);
  if (!account) throw new Error('The demo clinic has no account with open invoices');
  return account;
}

describe.each(TARGETS)('invoice editor and payment posting (%s)', (target) => {
  test('a billing clerk creates and finalizes an invoice and posts a check with allocation, by keyboard alone', async ({ medora }) => {
    const page = await medora.open({ target });
    page.setDefaultTimeout(20_000);
    const shell = await new LoginPage(page).signIn('billing', DEMO_PASSWORD);
    await shell.openSection('Billing');
    const account = await accountWithOpenInvoices(page);

    // New invoice: find the patient by MRN, then type two lines.
    await press(page, 'New invoice', 'link');
    await page.getByRole('heading', { level: 2, name: 'New invoice' }).waitFor();
    await typeInto(page, 'Patient', account.mrn);
    await page.getByRole('list', { name: 'Patient: matches' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Change' }).waitFor();
    // The first line is there, at the patient's home facility, dated today.
    await typeInto(page, 'Line 1 procedure code', '99213');
    await typeInto(page, 'Line 1 diagnosis codes', 'M54.50');
    await typeInto(page, 'Line 1 fee in dollars', '125.10');
    await press(page, 'Add line');
    await expect.poll(() => focusedLabel(page)).toBe('Line 2 procedure code');
    await page.keyboard.type('72148');
    await typeInto(page, 'Line 2 modifiers', '26');
    await typeInto(page, 'Line 2 diagnosis codes', 'M54.50, NOT-A-CODE');
    await typeInto(page, 'Line 2 units', '2');
    await typeInto(page, 'Line 2 fee in dollars', '0.10');
    // 125.10 + 2 × 0.10, added in cents.
    await page.getByRole('row', { name: /^Total/ }).getByText('$125.30').waitFor();
    await press(page, 'Create draft');

    // The channel's field error is shown at the field it concerns, and focus goes there.
    const diagnoses = page.getByLabel('Line 2 diagnosis codes');
    await expect.poll(() => diagnoses.getAttribute('aria-invalid')).toBe('true');
    await page.getByText('Not an ICD-10-CM code (e.g. S13.4XXA)').waitFor();
    await expect.poll(() => focusedLabel(page)).toBe('Line 2 diagnosis codes');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('M54.50, S13.4XXA');
    await press(page, 'Create draft');

    // The draft opens in the editor: provisional number, no final one until the server has it, not yet synced.
    await page.getByRole('heading', { level: 2, name: /^Invoice .+Draft/ }).waitFor();
    await page.getByText('Assigned by the server when this workstation syncs').waitFor();
    await page.getByText('Not yet confirmed by the server').waitFor();
    const invoiceId = decodeURIComponent(new URL(page.url()).hash.split('/').at(-1) ?? '');
    const draft = await invokeInPage(page, 'invoice.get', { id: invoiceId });
    if (!draft.ok) throw new Error(draft.error.message);
    // Lines come back by date of service (the same here), then id: compare them by code.
    expect(draft.value.lines.map((line) => [line.procedureCode, line.modifiers, line.diagnosisCodes, line.units, line.unitFeeCents]).sort()).toEqual([
      ['72148', ['26'], ['M54.50', 'S13.4XXA'], 2, 10],
      ['99213', [], ['M54.50'], 1, 12_510],
    ]);
    expect(draft.value.syncState).toBe('pending');
    expect(draft.value.invoiceNumber).toBeNull();
    await expectAccessible(page, 'billing-invoice-draft');

    await press(page, 'Finalize');
    await page.getByRole('heading', { level: 2, name: /^Invoice .+Finalized/ }).waitFor();
    await page.getByRole('button', { name: 'Void…' }).waitFor();
    await page.getByRole('button', { name: 'Adjust or write off…' }).waitFor();
    await expectAccessible(page, 'billing-invoice-finalized');

    // Post a check: the account, then the form; the allocation proposes oldest first as the amount is typed.
    await press(page, 'Post payments', 'link');
    await typeInto(page, 'Find the account', account.mrn);
    await page.getByRole('list', { name: 'Find the account: matches' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByRole('form', { name: 'Post a payment' }).waitFor();
    const ledger = await invokeInPage(page, 'ledger.account', { patientId: account.patientId });
    if (!ledger.ok) throw new Error(ledger.error.message);
    const open = ledger.value.invoices.filter((invoice) => ['finalized', 'sent', 'partially_paid'].includes(invoice.status) && invoice.balanceCents > 0)
      .sort((a, b) => (a.invoiceDate === b.invoiceDate ? a.id.localeCompare(b.id) : a.invoiceDate < b.invoiceDate ? -1 : 1));
    expect(open.map((invoice) => invoice.id)).toContain(invoiceId);
    const oldest = open[0];
    if (!oldest) throw new Error('no open invoice');

    const reference = `CHK-${Date.now().toString().slice(-7)}`;
    await typeInto(page, 'Check / EFT number', reference);
    await typeInto(page, 'Amount ($)', '100.00');
    const oldestLabel = oldest.invoiceNumber ?? oldest.provisionalNumber;
    await expect.poll(() => page.getByLabel(`Apply to ${oldestLabel}`).inputValue()).toBe((Math.min(10_000, oldest.balanceCents) / 100).toFixed(2));

    // Edit the split: everything proposed is cleared and 60.00 goes on the new invoice; 40.00 stays as credit.
    for (const invoice of open) await typeInto(page, `Apply to ${invoice.invoiceNumber ?? invoice.provisionalNumber}`, '');
    await typeInto(page, `Apply to ${draft.value.provisionalNumber}`, '60');
    const totals = page.locator('.payment-totals');
    await expect.poll(() => totals.textContent()).toContain('Applied$60.00Unapplied credit$40.00');
    await screenshot(page, 'billing-payment-posting-allocated');
    await page.getByLabel('Check / EFT number').focus();
    await page.keyboard.press('Enter');
    await page.getByText(`Posted $100.00 (${reference}): $60.00 applied, $40.00 left as unapplied credit.`).waitFor();

    const paid = await invokeInPage(page, 'invoice.get', { id: invoiceId });
    if (!paid.ok) throw new Error(paid.error.message);
    expect(paid.value.status).toBe('partially_paid');
    expect(paid.value.balanceCents).toBe(12_530 - 6_000);
    await page.getByRole('region', { name: 'Payments with unapplied credit' }).getByText(reference).waitFor();
    await expectAccessible(page, 'billing-payment-posting');

    // The same check again is refused, and the message says so at the check number.
    await typeInto(page, 'Check / EFT number', reference.toLowerCase());
    await typeInto(page, 'Amount ($)', '100');
    await page.keyboard.press('Enter');
    const refField = page.getByLabel('Check / EFT number');
    await expect.poll(() => refField.getAttribute('aria-invalid')).toBe('true');
    await page.locator('.field__error', { hasText: `Payment ${reference} from this patient payer was already posted` }).waitFor();
    await screenshot(page, 'billing-payment-duplicate-refused');
    const after = await invokeInPage(page, 'ledger.account', { patientId: account.patientId });
    expect(after.ok && after.value.payments.filter((payment) => payment.reference === reference)).toHaveLength(1);
  });

  test('a front-desk user takes a copay but is offered no void or write-off', async ({ medora }) => {
    const page = await medora.open({ target });
    page.setDefaultTimeout(20_000);
    const shell = await new LoginPage(page).signIn('desk.east', DEMO_PASSWORD);
    await shell.openSection('Billing');
    const tabs = page.getByRole('navigation', { name: 'Billing views' });
    expect((await tabs.getByRole('link').allInnerTexts()).map((text) => text.trim())).toEqual(['Invoices', 'Take a payment']);
    await expect.poll(() => tabs.getByRole('link', { name: 'Take a payment' }).getAttribute('aria-current')).toBe('page');
    expect(await page.getByRole('link', { name: 'New invoice' }).count()).toBe(0);

    const account = await accountWithOpenInvoices(page);
    await typeInto(page, 'Find the account', account.mrn);
    await page.getByRole('list', { name: 'Find the account: matches' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByRole('form', { name: 'Post a payment' }).waitFor();
    // Only the patient's own payment is offered at the desk.
    expect(await page.getByLabel('Source').locator('option').allInnerTexts()).toEqual(['Patient']);
    await typeInto(page, 'Amount ($)', '25');
    await page.keyboard.press('Enter');
    const posted = page.getByText(/^Posted \$25\.00: \$[\d.,]+ applied, \$[\d.,]+ left as unapplied credit\.$/);
    await posted.waitFor();
    expect(await page.getByRole('button', { name: 'Refund…' }).count()).toBe(0);
    await expectAccessible(page, 'billing-front-desk-copay');

    // An open invoice: readable, but no void, write-off, finalize or edit.
    const invoices = await invokeInPage(page, 'invoice.list', { patientId: account.patientId, limit: 10 });
    const invoice = invoices.ok ? invoices.value.find((row) => row.status !== 'draft') : undefined;
    if (!invoice) throw new Error('no invoice to open');
    await press(page, 'Invoices', 'link');
    await typeInto(page, 'Invoice number or patient last name', invoice.invoiceNumber ?? invoice.provisionalNumber);
    await press(page, invoice.invoiceNumber ?? invoice.provisionalNumber, 'link');
    await page.getByRole('heading', { level: 2, name: new RegExp(`^Invoice ${invoice.invoiceNumber ?? invoice.provisionalNumber}`) }).waitFor();
    await page.getByText(formatCents(invoice.chargesCents)).first().waitFor();
    await page.getByRole('button', { name: 'Download PDF' }).waitFor();
    for (const name of ['Void…', 'Adjust or write off…', 'Finalize', 'Save draft', 'Mark sent', 'Add line']) {
      expect(await page.getByRole('button', { name }).count(), name).toBe(0);
    }
    await expectAccessible(page, 'billing-front-desk-invoice');

    // The channels refuse what the screen does not offer.
    const voided = await invokeInPage(page, 'invoice.void', { invoiceId: invoice.id, reason: 'Trying anyway', voidedOn: invoice.invoiceDate });
    expect(voided.ok ? null : voided.error.code).toBe('forbidden');
  });
});
