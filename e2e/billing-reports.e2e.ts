import type { Page } from 'playwright-core';
import { formatCents } from '../shared/format/money';
import { LoginPage } from './pages/login-page';
import { shownCents } from './support/amounts';
import { expectAccessible } from './support/axe';
import { DEMO_PASSWORD } from './support/demo-users';
import { describe, expect, screenshot, test } from './support/app';

function dollars(value: number): string {
  return (value / 100).toFixed(2);
}

async function openBillingView(page: Page, tab: string, heading: string): Promise<void> {
  const shell = await new LoginPage(page).signIn('billing', DEMO_PASSWORD);
  await shell.openSection('Billing');
  await page.getByRole('navigation', { name: 'Billing views' }).getByRole('link', { name: tab }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

describe('billing reports (browser)', () => {
  test('the ledger lists every entry with a running balance that adds up to the account balance, narrowed to a case', { timeout: 240_000 }, async ({ medora }) => {
    const page = await medora.open();
    await openBillingView(page, 'Ledger', 'Patient ledger');

    // The accounts with the most open invoices come first; take the first.
    const accounts = page.getByRole('list', { name: 'Matching accounts' });
    await accounts.getByRole('button').first().waitFor();
    await accounts.getByRole('button').first().click();
    const entries = page.getByRole('region', { name: 'Ledger entries' });
    await entries.waitFor();

    const rows = entries.locator('tbody tr');
    const count = await rows.count();
    expect(count).toBeGreaterThan(1);
    let running = 0;
    for (let index = 0; index < count; index += 1) {
      const cells = await rows.nth(index).locator('td, th').allInnerTexts();
      // Date, kind, reference, description, amount, balance.
      expect(cells).toHaveLength(6);
      expect(cells[0]).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
      expect(cells[2]).not.toBe('');
      running += shownCents(cells[4] ?? '');
      expect(shownCents(cells[5] ?? ''), `running balance on row ${index + 1}`).toBe(running);
    }
    const accountBalance = page.locator('.ledger__totals-main dd');
    expect(shownCents(await accountBalance.innerText())).toBe(running);
    // The account balance is the billed invoices' balance less the unapplied credit.
    const billed = shownCents(await page.locator('.ledger__totals dd').nth(0).innerText());
    const credit = shownCents(await page.locator('.ledger__totals dd').nth(1).innerText());
    expect(billed - credit).toBe(running);
    await expectAccessible(page, 'billing-ledger');

    // Narrowed to one case (when the patient has one), the rows are that case's only, and the bill-to-date is offered.
    const caseSelect = page.getByLabel('Case');
    const caseOptions = await caseSelect.locator('option').allInnerTexts();
    if (caseOptions.length > 1) {
      await caseSelect.selectOption({ label: caseOptions[1] as string });
      await page.getByRole('heading', { level: 2, name: new RegExp(`case ${caseOptions[1]}$`) }).waitFor();
      await page.getByRole('button', { name: 'Bill-to-date PDF' }).waitFor();
    }

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Statement PDF' }).click();
    expect((await download).suggestedFilename()).toMatch(/\.pdf$/);
  });

  test('the aging report drills into a cell by keyboard, and the invoices add up to the cell', { timeout: 240_000 }, async ({ medora }) => {
    const page = await medora.open();
    await openBillingView(page, 'A/R aging', 'A/R aging');
    const grid = page.locator('.aging__table');
    await grid.waitFor();
    await page.getByRole('img', { name: /^Open balance by age: 0–30 days \$/ }).waitFor();
    await page.getByText('Collection rate').waitFor();
    await screenshot(page, 'billing-aging');

    // From the last option, Tab reaches the grid's one tabbable amount; arrows move; Enter drills.
    await page.getByLabel('Group by').focus();
    await page.keyboard.press('Tab');
    const focused = page.locator('.aging__amount:focus');
    expect(await focused.getAttribute('aria-label')).toMatch(/, 0–30 days: \$/);
    await page.keyboard.press('End');
    expect(await focused.getAttribute('aria-label')).toMatch(/, all ages: \$/);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Home');
    // The last row is the smallest group (rows are ordered by total), so its invoices fit in one list.
    await page.keyboard.press('PageDown');
    await page.keyboard.press('End');
    const label = (await focused.getAttribute('aria-label')) ?? '';
    const [, group, amount] = /^(.*), all ages: (.*)$/.exec(label) ?? [];
    await page.keyboard.press('Enter');

    const heading = page.getByRole('heading', { level: 2, name: `Invoices in ${group} · all ages` });
    await heading.waitFor();
    await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe('aging-drill-title');
    const caption = await page.locator('.aging__drill .table-caption').innerText();
    expect(caption).not.toMatch(/^The oldest/);
    expect(shownCents(/; (\S+) in all\.$/.exec(caption)?.[1] ?? '')).toBe(shownCents(amount ?? ''));
    const drillRows = page.getByRole('region', { name: 'Drill-down invoices' }).locator('tbody tr');
    const openThen = (await drillRows.evaluateAll((rows) => rows.map((row) => row.lastElementChild?.textContent ?? ''))).map(shownCents);
    expect(openThen.reduce((sum, value) => sum + value, 0)).toBe(shownCents(amount ?? ''));
    await expectAccessible(page, 'billing-aging-drill');

    // Escape closes the drill-down and puts focus back on the cell.
    await page.keyboard.press('Escape');
    await heading.waitFor({ state: 'detached' });
    expect(await page.locator('.aging__amount:focus').getAttribute('aria-label')).toBe(label);

    // Another breakdown and an earlier as-of date are new questions.
    await page.getByLabel('Group by').selectOption({ label: 'Attorney' });
    await grid.getByRole('columnheader', { name: 'Attorney' }).waitFor();
    await page.getByLabel('Age counted from').selectOption({ label: 'Invoice date' });
    await page.getByLabel('As of').fill('2026-06-30');
    await page.getByText(/open on 06\/30\/2026 in/).waitFor();
  });

  test('LOP board: offer, counter-offer and acceptance are logged with who and when, then the settlement is posted and the reduction written off in one action', { timeout: 240_000 }, async ({ medora }) => {
    const page = await medora.open();
    await openBillingView(page, 'LOP cases', 'LOP cases');
    const treating = page.getByRole('region', { name: /^Treating \d+$/ });
    await treating.waitFor();
    await expectAccessible(page, 'billing-lop-board');

    // The suspended treating case with the largest balance (cards are ordered by balance).
    const card = treating.getByRole('button', { name: /, billing suspended$/ }).first();
    const caseNumber = (await card.locator('.lop-card__case').innerText()).trim();
    const balance = shownCents(await card.locator('.lop-card__balance').innerText());
    expect(balance).toBeGreaterThan(10_000);
    await expect.poll(() => card.innerText()).toContain('Billing suspended');
    await card.click();
    const detail = page.getByRole('region', { name: new RegExp(`^Case ${caseNumber} · `) });
    await detail.waitFor();

    const payoff = Math.round(balance * 0.6);
    const record = async (entry: string, by: string, amount: number) => {
      await detail.getByLabel('Entry', { exact: true }).selectOption({ label: entry });
      await detail.getByLabel('By', { exact: true }).selectOption({ label: by });
      await detail.getByLabel('Payoff ($)').fill(dollars(amount));
      await detail.getByRole('button', { name: 'Record entry' }).click();
      await detail.getByRole('region', { name: 'Negotiation log' }).getByRole('rowheader', { name: new RegExp(`^${entry}`) }).waitFor();
    };
    // An offer above the balance is refused and nothing is recorded.
    await detail.getByLabel('Payoff ($)').fill(dollars(balance + 100));
    await detail.getByRole('button', { name: 'Record entry' }).click();
    await detail.getByText('The payoff is more than the case balance', { exact: true }).waitFor();
    expect(await detail.getByRole('region', { name: 'Negotiation log' }).count()).toBe(0);
    await record('Offer', 'Attorney', Math.round(balance * 0.4));
    await record('Counter-offer', 'Clinic', Math.round(balance * 0.8));
    await record('Accepted', 'Attorney', payoff);

    const log = detail.getByRole('region', { name: 'Negotiation log' });
    const logRows = await log.locator('tbody tr').evaluateAll((rows) => rows.map((row) => [...row.children].map((cell) => cell.textContent ?? '')));
    expect(logRows.map((row) => row[0])).toEqual(['Offer', 'Counter-offer', 'Accepted']);
    expect(logRows.map((row) => row[1])).toEqual(['Attorney', 'Clinic', 'Attorney']);
    expect(shownCents(logRows[2]?.[4] ?? '')).toBe(balance - payoff);
    for (const row of logRows) expect(row[5]).toMatch(/^Bianca Lopez\w{3} \d{1,2}, \d{4}, \d{2}:\d{2} \w+/);
    await page.getByRole('region', { name: /^Accepted \d+$/ }).getByRole('button', { name: new RegExp(`^Case ${caseNumber},`) }).waitFor();

    // Settlement: MedPay and the attorney's remainder make the accepted payoff; the rest is written off.
    await detail.getByLabel('MedPay amount').fill('100.00');
    await detail.getByLabel('MedPay check or EFT number').fill('MP-4411');
    await detail.getByLabel('Attorney remainder amount').fill(dollars(payoff - 10_000));
    await detail.getByLabel('Attorney remainder check or EFT number').fill('TR-9020');
    await expect.poll(() => detail.getByRole('checkbox', { name: /Write off what is left open/ }).isChecked()).toBe(true);
    const summary = detail.locator('.lop-summary');
    await expect.poll(async () => shownCents(await summary.locator('div', { hasText: 'Written off' }).locator('dd').innerText())).toBe(balance - payoff);
    await screenshot(page, 'billing-lop-settlement');
    await detail.getByRole('button', { name: 'Post settlement' }).click();

    await detail.getByText(`Settlement posted: ${formatCents(payoff)} received, ${formatCents(balance - payoff)} written off as the accepted reduction. Billing resumed.`).waitFor();
    // Settled cases are many and this one now owes nothing (cards are ordered by balance): find it.
    await page.getByLabel('Find a case').fill(caseNumber);
    const settled = page.getByRole('region', { name: /^Settled \d+$/ }).getByRole('button', { name: new RegExp(`^Case ${caseNumber},`) });
    await settled.waitFor();
    expect(shownCents(await settled.locator('.lop-card__balance').innerText())).toBe(0);
    expect(await settled.innerText()).not.toContain('Billing suspended');
    await detail.getByText('Billing active').waitFor();
    await screenshot(page, 'billing-lop-settled');

    const download = page.waitForEvent('download');
    await detail.getByRole('button', { name: 'Bill-to-date PDF' }).click();
    expect((await download).suggestedFilename()).toMatch(/\.pdf$/);
  });

  test('attorneys cannot open the billing reports: their own cases and balances come only through the chart (permissions)', async ({ medora }) => {
    const page = await medora.open();
    const shell = await new LoginPage(page).signIn('attorney.reyes', DEMO_PASSWORD);
    expect(await shell.sectionLabels()).not.toContain('Billing');
    await page.evaluate("location.hash = '#/billing/lop'");
    await page.getByRole('heading', { level: 1, name: 'Not available' }).waitFor();
    expect(await page.getByRole('heading', { level: 1, name: 'LOP cases' }).count()).toBe(0);
  });
});
