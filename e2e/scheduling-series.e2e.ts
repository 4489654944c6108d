import { DEMO_REFERENCE_DATE } from '../shared/demo/demo-clinic';
import { addDaysToDate, instantAt } from '../shared/time/facility-time';
import { LoginPage } from './pages/login-page';
import { SchedulePage } from './pages/schedule-page';
import { DEMO_PASSWORD } from './support/demo-users';
import { describe, expect, screenshot, test } from './support/app';

/** A Monday in the demo calendar, busy enough that a series through it meets a booked slot. */
const MONDAY = addDaysToDate(DEMO_REFERENCE_DATE, 2);

describe('a recurring series (browser)', () => {
  test('a series that meets a booked slot lists the conflict before anything is saved', async ({ medora }) => {
    const page = await medora.open({ beforeLoad: (p) => p.clock.install({ time: instantAt(MONDAY, '07:00', 'America/New_York') }) });
    const shell = await new LoginPage(page).signIn('desk.east', DEMO_PASSWORD);
    await shell.openSection('Schedule');
    const schedule = new SchedulePage(page);
    await schedule.grid.waitFor();

    // The first physician's first booking of the day: a series at that time on Mondays meets it in week one.
    const firstBooked = page.locator('main .cal__lane').first().locator('.cal-appt:not(.cal-appt--cancelled):not(.cal-appt--no-show)').first();
    const time = (await firstBooked.locator('.cal-appt__time').innerText()).replace('\u202f', ' ');
    const patientName = (await page.locator('main .cal-appt__who').last().innerText()).trim();
    const [clock, meridiem] = time.split(' ') as [string, string];
    const [hour, minute] = clock.split(':').map(Number) as [number, number];
    const startTime = `${String((hour % 12) + (meridiem === 'PM' ? 12 : 0)).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;

    await page.getByRole('button', { name: 'Book appointment' }).click();
    const dialog = page.getByRole('dialog', { name: 'Book an appointment' });
    await dialog.getByLabel('Patient').fill(patientName.slice(0, 6));
    await dialog.getByRole('list', { name: 'Matching patients' }).getByRole('button').first().click();
    const exam = (await firstBooked.locator('.cal-appt__what').innerText().catch(() => '')).trim() || (await page.locator('main .cal__lane').first().locator('.cal-appt__what').first().innerText()).trim();
    const examOption = (await dialog.getByLabel('Exam type').locator('option').allInnerTexts()).find((label) => label.startsWith(exam)) as string;
    await dialog.getByLabel('Exam type').selectOption({ label: examOption });
    const physician = (await page.locator('main .cal__colhead-title').first().innerText()).trim();
    await dialog.getByLabel('Physician').selectOption({ label: physician });
    await dialog.getByLabel('Date').fill(MONDAY);
    await dialog.getByLabel(/^Time/).fill(startTime);
    await dialog.getByLabel(/^Repeats/).check();
    await dialog.getByLabel('Mon', { exact: true }).check();
    await dialog.getByLabel('Wed', { exact: true }).check();
    await dialog.getByLabel('Fri', { exact: true }).check();
    await dialog.getByLabel('For how many weeks').fill('4');
    await dialog.getByRole('button', { name: 'Check the dates' }).click();

    const dates = dialog.getByRole('region', { name: 'Series dates' });
    await dates.waitFor();
    expect(await dates.locator('.series-preview__list > li').count()).toBe(12);
    expect(await dates.innerText()).toMatch(/have conflicts and will be left out|has a conflict and will be left out/);
    // The first Monday collides with the booking the time was taken from, said in words.
    expect(await dates.locator('.series-preview__list > li').first().getAttribute('class')).toBe('series-preview__item--conflict');
    expect(await dates.locator('.series-preview__list > li').first().innerText()).toMatch(/(Not allowed|Warning) \S.+/);
    await screenshot(page, 'schedule-series-conflicts');

    // Nothing was saved by checking: the appointment count of that physician's Monday is unchanged.
    await dialog.getByRole('button', { name: 'Close' }).click();
    const before = await page.locator('main .cal__lane').first().locator('.cal-appt').count();
    await schedule.showDay(MONDAY);
    expect(await page.locator('main .cal__lane').first().locator('.cal-appt').count()).toBe(before);
  }, 300_000);
});
