import type { Page } from 'playwright-core';
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

async function press(page: Page, name: string | RegExp, role: 'button' | 'link' = 'button') {
  await page.getByRole(role, { name, exact: typeof name === 'string' }).focus();
  await page.keyboard.press('Enter');
}

function dollars(cents: number): string {
  return (cents / 100).toFixed(2);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** An account of the demo clinic with an open invoice whose first two service lines both have money open. */
async function accountWithTwoOpenLines(page: Page) {
  const accounts = await invokeInPage(page, 'billing.accounts', { query: '', limit: 50 });
  if (!accounts.ok) throw new Error(accounts.error.message);
  for (const account of accounts.value.filter((row) => row.openInvoices > 0)) {
    const ledger = await invokeInPage(page, 'ledger.account', { patientId: account.patientId });
    if (!ledger.ok) continue;
    for (const invoice of ledger.value.invoices) {
      const lines = ledger.value.openLines.filter((line) => line.invoiceId === invoice.id);
      if (lines.length >= 2 && (lines[0]?.openCents ?? 0) >= 200 && (lines[1]?.openCents ?? 0) >= 200) {
        return { account, invoice, lines, others: ledger.value.invoices.filter((other) => other.id !== invoice.id && ['finalized', 'sent', 'partially_paid'].includes(other.status) && other.balanceCents > 0) };
      }
    }
  }
  throw new Error('The demo clinic has no open invoice with two open service lines');
}

describe.each(TARGETS)('payment posting by service line (%s)', (target) => {
  test('a billing clerk posts an insurer’s EFT across two service lines of one invoice by keyboard alone; the ledger shows the lines', { timeout: 240_000 }, async ({ medora }) => {
    const page = await medora.open({ target });
    page.setDefaultTimeout(20_000);
    const shell = await new LoginPage(page).signIn('billing', DEMO_PASSWORD);
    await shell.openSection('Billing');
    await press(page, 'Post payments', 'link');
    const { account, invoice, lines, others } = await accountWithTwoOpenLines(page);
    const invoiceName = invoice.invoiceNumber ?? invoice.provisionalNumber;
    const [first, second] = lines as [(typeof lines)[number], (typeof lines)[number]];
    const firstCents = Math.min(first.openCents, 4_000) - 100;
    const secondCents = Math.min(second.openCents, 2_500);
    const paymentCents = firstCents + secondCents;

    await typeInto(page, 'Find the account', account.mrn);
    await page.getByRole('list', { name: 'Find the account: matches' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByRole('form', { name: 'Post a payment' }).waitFor();

    // Source: Insurance (type-ahead in the focused select), then payer, method EFT, EFT number, amount.
    await page.getByLabel('Source').focus();
    await page.keyboard.type('Ins');
    await expect.poll(() => page.getByLabel('Source').inputValue()).toBe('insurance');
    await typeInto(page, 'Payer name', 'Acme Health');
    await page.getByLabel('Method').focus();
    await page.keyboard.type('EFT');
    await expect.poll(() => page.getByLabel('Method').inputValue()).toBe('eft');
    const reference = `EFT-${Date.now().toString().slice(-7)}`;
    await typeInto(page, 'Check / EFT number', reference);
    await typeInto(page, 'Amount ($)', dollars(paymentCents));

    // Clear the oldest-first proposal on the other invoices; open this one by its lines.
    for (const other of others) await typeInto(page, `Apply to ${other.invoiceNumber ?? other.provisionalNumber}`, '');
    await press(page, `By line (${lines.length}) for ${invoiceName}`);
    await expect.poll(() => page.getByRole('button', { name: `Whole invoice for ${invoiceName}` }).getAttribute('aria-expanded')).toBe('true');
    const lineInputs = page.getByLabel(new RegExp(`^Apply to .+, ${escape(invoiceName)}$`));
    await expect.poll(() => lineInputs.count()).toBe(lines.length);
    for (let index = 0; index < lines.length; index += 1) {
      await lineInputs.nth(index).focus();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.press('Backspace');
    }

    // First line: an amount typed. Second line: more than it has open is marked at the field…
    await lineInputs.nth(0).focus();
    await page.keyboard.type(dollars(firstCents));
    await lineInputs.nth(1).focus();
    await page.keyboard.type(dollars(second.openCents + 1));
    await page.locator('.field__error', { hasText: `Only ${dollars(second.openCents)} is open on this line` }).waitFor();
    await expect.poll(() => lineInputs.nth(1).getAttribute('aria-invalid')).toBe('true');
    // …and "Rest here" gives it what is left of the payment.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement && document.activeElement.textContent')).toMatch(/^Rest here for /);
    await page.keyboard.press('Enter');
    await expect.poll(() => lineInputs.nth(1).inputValue()).toBe(dollars(secondCents));
    const totals = page.locator('.payment-totals');
    await expect.poll(() => totals.textContent()).toContain(`Applied$${(paymentCents / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}Unapplied credit$0.00`);
    await expect.poll(() => page.getByLabel(`Applied to ${invoiceName}`).textContent()).toBe(`$${(paymentCents / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`);
    await expectAccessible(page, 'billing-line-posting-allocated');

    // Enter posts from the field.
    await lineInputs.nth(1).focus();
    await page.keyboard.press('Enter');
    await page.getByText(new RegExp(`^Posted \\$[\\d,.]+ \\(${escape(reference)}\\): \\$[\\d,.]+ applied, \\$0\\.00 left as unapplied credit\\.$`)).waitFor();

    const after = await invokeInPage(page, 'ledger.account', { patientId: account.patientId });
    if (!after.ok) throw new Error(after.error.message);
    const afterLines = after.value.openLines.filter((line) => line.invoiceId === invoice.id);
    const byId = new Map(afterLines.map((line) => [line.lineId, line]));
    // The first line keeps a dollar open, so the invoice stays open and its lines are listed.
    expect(byId.get(first.lineId)?.lineCreditsCents).toBe(first.lineCreditsCents + firstCents);
    expect(byId.get(first.lineId)?.openCents).toBeGreaterThanOrEqual(100);
    expect(byId.get(second.lineId)?.lineCreditsCents).toBe(second.lineCreditsCents + secondCents);
    const balance = after.value.invoices.find((row) => row.id === invoice.id)?.balanceCents;
    expect(balance).toBe(invoice.balanceCents - paymentCents);
    expect(afterLines.reduce((sum, line) => sum + line.openCents, 0)).toBe(balance);
    const posted = after.value.rows.filter((row) => row.kind === 'payment' && row.description.includes(reference));
    expect(posted.map((row) => [row.line?.lineId, -row.amountCents])).toEqual(expect.arrayContaining([[first.lineId, firstCents], [second.lineId, secondCents]]));
    await screenshot(page, 'billing-line-posting-posted');

    // The ledger names the lines the payment went to.
    await press(page, 'Ledger', 'link');
    await page.getByRole('heading', { level: 1, name: 'Patient ledger' }).waitFor();
    await typeInto(page, 'Find an account', account.mrn);
    await press(page, new RegExp(`MRN ${escape(account.mrn)}`));
    const entries = page.getByRole('region', { name: 'Ledger entries' });
    await entries.waitFor();
    const lineCode = (line: typeof first) => [line.procedureCode, ...line.modifiers].join('-');
    const paymentRows = entries.locator('tr', { hasText: `#${reference}` });
    await expect.poll(() => paymentRows.count()).toBe(2);
    const texts = await paymentRows.allInnerTexts();
    expect(texts.some((text) => text.includes(`to line ${lineCode(first)} of `))).toBe(true);
    expect(texts.some((text) => text.includes(`to line ${lineCode(second)} of `))).toBe(true);
    await paymentRows.first().scrollIntoViewIfNeeded();
    await expectAccessible(page, 'billing-line-posting-ledger');
  });
});
