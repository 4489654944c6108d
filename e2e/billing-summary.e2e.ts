import { afterAll, beforeAll } from 'vitest';
import { DEMO_PASSWORD } from '../shared/demo/demo-clinic';
import { formatCents } from '../shared/format/money';
import { LoginPage } from './pages/login-page';
import { SyncIndicator } from './pages/sync-indicator';
import { describe, expect, screenshot, test } from './support/app';
import { shownCents } from './support/amounts';
import { expectAccessible } from './support/axe';
import { openSyncingWorkstation, startClinicServer, type ClinicServer, type SyncingWorkstation } from './support/clinic-server';
import { invokeInPage } from './support/in-page';

/**
 * The executive's billing summary against a real clinic server: the demo executive signs in on a fresh
 * workstation, which syncs the PHI-free summary (and no invoice), and sees A/R aging and the collection
 * rate in the same grid and chart as the billing office, without a way into invoices.
 */

let server: ClinicServer | null = null;
const workstations: SyncingWorkstation[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await startClinicServer({ name: 'summary', poolSize: 10 });
}, 300_000);

afterAll(async () => {
  for (const workstation of workstations) await workstation.close().catch(() => undefined);
  await server?.stop();
  expect(pageErrors).toEqual([]);
}, 120_000);

describe('billing summary for executives (browser)', () => {
  test('the executive sees A/R aging and the collection rate, by keyboard, with no invoice behind them', { timeout: 300_000 }, async ({ browser }) => {
    if (!server) throw new Error('The clinic server did not start');
    const workstation = await openSyncingWorkstation(browser, { name: 'executive', serverUrl: server.url, pageErrors });
    workstations.push(workstation);
    const { page } = workstation;
    const shell = await new LoginPage(page).signIn('exec', DEMO_PASSWORD);
    await new SyncIndicator(page).waitForState('online');
    // The first download ends with the summary on this workstation (the screen reads it when it opens).
    const deadline = Date.now() + 120_000;
    for (;;) {
      const clinic = await invokeInPage(page, 'clinic.get', {});
      const asOf = clinic.ok ? new Date().toLocaleDateString('en-CA', { timeZone: clinic.value.defaultTimeZone }) : '2026-01-01';
      const ready = await invokeInPage(page, 'billingSummary.aging', { asOf, basis: 'service_date', groupBy: 'payer_type' });
      if (ready.ok && ready.value.totalCents > 0) break;
      if (Date.now() > deadline) throw new Error(`The billing summary did not arrive: ${JSON.stringify(ready)}`);
      await page.waitForTimeout(500);
    }

    // The sidebar offers the summary, not the Billing section (whose screens list invoices).
    const navigation = page.getByRole('navigation', { name: 'Sections' });
    await expect(navigation.getByRole('link', { name: 'Billing', exact: true }).count()).resolves.toBe(0);
    await shell.openSection('Billing summary');

    await page.getByRole('img', { name: /^Open balance by age: 0–30 days \$/ }).waitFor();
    await page.getByText('Collection rate').waitFor();
    const total = shownCents(await page.locator('.aging__total-amount').innerText());
    expect(total).toBeGreaterThan(0);

    // The grid's rows add up to its totals row; the amounts are text, not ways into invoices.
    const grid = page.locator('.aging__table');
    expect(await grid.getByRole('button').count()).toBe(0);
    const rowTotals = await grid.locator('tbody tr td:last-child').allInnerTexts();
    expect(rowTotals.reduce((sum, text) => sum + (text.trim() === '—' ? 0 : shownCents(text)), 0)).toBe(total);
    expect(shownCents(await grid.locator('tfoot .aging__grand-total').innerText())).toBe(total);
    await screenshot(page, 'billing-summary-executive');
    await expectAccessible(page, 'billing-summary-executive');

    // By keyboard: group by physician, counted from the invoice date; the total stays the same.
    await page.getByLabel('Group by').focus();
    await page.keyboard.press('End');
    await page.getByRole('columnheader', { name: 'Physician' }).waitFor();
    await page.getByLabel('Age counted from').selectOption('invoice_date');
    await page.getByRole('columnheader', { name: 'Physician' }).waitFor();
    await page.locator('.aging__table tbody tr').first().waitFor();
    expect(shownCents(await page.locator('.aging__total-amount').innerText())).toBe(total);
    const physicianRows = await page.locator('.aging__table tbody th').allInnerTexts();
    expect(physicianRows.length).toBeGreaterThan(1);
    for (const label of physicianRows) expect(label).toMatch(/^Dr\. /);
    await screenshot(page, 'billing-summary-executive-physician');
    await expectAccessible(page, 'billing-summary-executive-physician');

    // The same figures through the channel, and the invoice channels refused.
    const summary = await invokeInPage(page, 'billingSummary.aging', { asOf: await page.getByLabel('As of').inputValue(), basis: 'invoice_date', groupBy: 'payer_type' });
    expect(summary.ok && formatCents(summary.value.totalCents)).toBe(formatCents(total));
    const invoices = await invokeInPage(page, 'invoice.list', {});
    expect(invoices.ok).toBe(false);
    const drill = await invokeInPage(page, 'aging.drill', { asOf: '2026-01-01', groupKey: 'insurance', limit: 10 });
    expect(drill.ok).toBe(false);
  });
});
