import type { Page } from 'playwright-core';
import { DEMO_REFERENCE_DATE } from '../shared/demo/demo-clinic';
import { addDaysToDate, instantAt } from '../shared/time/facility-time';
import { SchedulePage } from './pages/schedule-page';
import { DEMO_PASSWORD } from './support/demo-users';
import { describe, expect, screenshot, test } from './support/app';
import { expectAccessible } from './support/axe';

/** A Tuesday in the demo calendar (its reference date is a Saturday). */
const BUSY_DAY = addDaysToDate(DEMO_REFERENCE_DATE, 3);

const activeLabel = (page: Page) => page.evaluate('document.activeElement ? (document.activeElement.getAttribute("aria-label") || document.activeElement.textContent || "") : ""') as Promise<string>;
const activeRole = (page: Page) => page.evaluate('document.activeElement ? document.activeElement.getAttribute("role") : null') as Promise<string | null>;

/** Presses a key until the focused element satisfies a test (at most `limit` times). */
async function pressUntil(page: Page, key: string, done: () => Promise<boolean>, limit = 60): Promise<void> {
  for (let count = 0; count < limit; count += 1) {
    if (await done()) return;
    await page.keyboard.press(key);
  }
  if (!(await done())) throw new Error(`Pressing ${key} ${limit} times did not get there; focus is on "${await activeLabel(page)}"`);
}

describe('the front desk works the calendar by keyboard alone (browser)', () => {
  test('book, reschedule and cancel without the mouse', async ({ medora }) => {
    const page = await medora.open({ beforeLoad: (p) => p.clock.install({ time: instantAt(BUSY_DAY, '07:30', 'America/New_York') }) });
    await page.getByLabel('Username').waitFor();
    await page.keyboard.type('desk.east');
    await page.keyboard.press('Tab');
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('navigation', { name: 'Sections' }).waitFor();

    // Skip to content, then the sidebar's Schedule link.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await activeLabel(page)).toBe('Schedule');
    await page.keyboard.press('Enter');
    const schedule = new SchedulePage(page);
    await schedule.grid.waitFor();

    // Tab into the grid; arrows to a free slot of the first physician.
    await pressUntil(page, 'Tab', async () => (await activeRole(page)) === 'gridcell', 30);
    await pressUntil(page, 'ArrowDown', async () => / free$/.test(await activeLabel(page)));
    const freeSlot = await activeLabel(page);
    const slotTime = freeSlot.split(',')[0] as string;

    // N books here: the patient field has focus; Enter picks the first match; Shift+Tab/Tab reach the exam type.
    await page.keyboard.press('n');
    const dialog = page.getByRole('dialog', { name: 'Book an appointment' });
    await dialog.waitFor();
    const patientName = (await page.locator('main .cal-appt:not(.cal-appt--short) .cal-appt__who').first().innerText()).trim();
    expect(patientName).toMatch(/\w+, \w+/);
    await page.keyboard.type(patientName.slice(0, 6));
    await dialog.getByRole('list', { name: 'Matching patients' }).waitFor();
    await page.keyboard.press('Enter');
    await dialog.getByText(`Chosen: `).waitFor();
    // The exam: one this physician performs (the first exam drawn in their column), chosen by typing its name.
    const exam = (await page.locator('main .cal__lane').first().locator('.cal-appt__what').first().innerText()).trim();
    await page.keyboard.press('Tab');
    await page.keyboard.type(exam.slice(0, 12));
    await dialog.getByText('No conflicts').waitFor();
    await expectAccessible(page, 'schedule-booking-dialog');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText(/^Booked /).waitFor();

    // Focus is back on the slot, which holds the booking once the calendar has re-read the day.
    expect(await activeLabel(page)).toContain(slotTime);
    await expect.poll(() => activeLabel(page), { timeout: 10_000 }).toContain(patientName);
    expect(await activeLabel(page)).toMatch(/Scheduled$/);

    // M moves it: down to the next free slot at least an hour later, Enter, and Enter again on the confirmation once it is checked.
    await page.keyboard.press('m');
    for (let step = 0; step < 4; step += 1) await page.keyboard.press('ArrowDown');
    await pressUntil(page, 'ArrowDown', async () => (await activeLabel(page)).includes('. free. moving'));
    await page.keyboard.press('Enter');
    const move = page.getByRole('dialog', { name: 'Reschedule' });
    await move.waitFor();
    await move.getByText(/No conflicts at the new time|Before moving|It cannot move there/).waitFor();
    if (await move.getByText('No conflicts at the new time').isVisible()) {
      await page.keyboard.press('Enter');
      await move.waitFor({ state: 'hidden' });
      await page.getByText(/^Moved /).waitFor();
    } else {
      throw new Error(`The hour after the free slot was not free: ${await move.innerText()}`);
    }

    // X cancels the appointment under the cursor: the reason has focus; Enter cancels. The cursor stays on
    // the slot the appointment moved to; the block is drawn there once the calendar has re-read the day.
    await page.waitForFunction(
      `(document.activeElement?.getAttribute('aria-label') ?? '').includes(${JSON.stringify(patientName)})`,
      undefined, { timeout: 10_000 },
    ).catch(() => undefined);
    await pressUntil(page, 'ArrowDown', async () => (await activeLabel(page)).includes(patientName) && /Scheduled$/.test(await activeLabel(page)), 8);
    await page.keyboard.press('x');
    const details = page.getByRole('dialog');
    await details.getByLabel('Reason for cancelling').waitFor();
    await page.keyboard.type('Patient called: feeling better');
    await page.keyboard.press('Enter');
    await details.getByText('Waiting for a slot like this').waitFor();
    await screenshot(page, 'schedule-cancelled-waitlist');
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'hidden' });
    expect(await activeLabel(page)).toMatch(/Cancelled$/);
  }, 300_000);
});
