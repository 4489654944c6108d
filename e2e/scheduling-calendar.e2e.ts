import type { Page } from 'playwright-core';
import type { Facility } from '../shared/admin/facility.contract';
import { DEMO_REFERENCE_DATE } from '../shared/demo/demo-clinic';
import { addDaysToDate, instantAt } from '../shared/time/facility-time';
import { LoginPage } from './pages/login-page';
import { SchedulePage } from './pages/schedule-page';
import { DEMO_PASSWORD } from './support/demo-users';
import { invokeInPage } from './support/in-page';
import { describe, expect, screenshot, test, type Medora } from './support/app';
import { expectAccessible } from './support/axe';

/** A Monday in the demo calendar (its reference date is a Saturday). */
const BUSY_DAY = addDaysToDate(DEMO_REFERENCE_DATE, 2);

/** Facilities and the username whose only facility each is, read as the clinic admin. */
async function deskFacilities(page: Page): Promise<{ east: Facility; west: Facility }> {
  const facilities = await invokeInPage(page, 'facility.list', {});
  const users = await invokeInPage(page, 'user.list', {});
  if (!facilities.ok || !users.ok) throw new Error('facility.list or user.list failed for the admin');
  const facilityOf = (username: string): Facility => {
    const id = users.value.find((user) => user.username === username)?.facilityIds[0];
    const facility = facilities.value.find((candidate) => candidate.id === id);
    if (!facility) throw new Error(`${username} has no facility in the demo data`);
    return facility;
  };
  return { east: facilityOf('desk.east'), west: facilityOf('desk.west') };
}

/** Opens Medora with the page's clock at 10:40 on the busy Monday in New York (the east desk's zone). */
async function openOnBusyMorning(medora: Medora): Promise<Page> {
  return medora.open({ beforeLoad: (page) => page.clock.install({ time: instantAt(BUSY_DAY, '10:40', 'America/New_York') }) });
}

describe('the schedule screens (browser)', () => {
  test('day and week calendar, flow board: facility time zone shown, exam colours, current-time line, axe clean', async ({ medora }) => {
    const page = await openOnBusyMorning(medora);
    const shell = await new LoginPage(page).signIn('desk.east', DEMO_PASSWORD);
    await shell.openSection('Schedule');
    const schedule = new SchedulePage(page);
    await schedule.grid.waitFor();

    // Day view: one column per physician; the header says whose time the calendar is in.
    expect(await schedule.subtitle.innerText()).toMatch(/times in E[SD]T \(America\/New_York\)/);
    const headers = await schedule.grid.getByRole('columnheader').allInnerTexts();
    expect(headers.length).toBeGreaterThan(1);
    const cells = await schedule.appointmentCells();
    expect(cells.length).toBeGreaterThan(0);
    expect(await page.locator('main .cal__now').count()).toBeGreaterThan(0);
    await page.setViewportSize({ width: 1440, height: 900 });
    await expectAccessible(page, 'schedule-day');

    // Physician filter: one column, only their appointments.
    const doctor = (await schedule.physician.locator('option').allInnerTexts())[1] as string;
    await schedule.physician.selectOption({ label: doctor });
    expect(await schedule.grid.getByRole('columnheader').count()).toBe(2);
    expect((await schedule.grid.getByRole('columnheader').allInnerTexts())[1]).toContain(doctor);

    await schedule.physician.selectOption({ label: 'All physicians' });
    await schedule.openView('Week');
    expect(await schedule.grid.getByRole('columnheader').count()).toBe(8);
    await expectAccessible(page, 'schedule-week');

    // Exam-type filter on the week: every drawn block is of that exam.
    const exam = (await page.locator('main .cal-appt:not(.cal-appt--short) .cal-appt__what').first().innerText()).trim();
    await schedule.examType.selectOption({ label: exam });
    const blocks = await schedule.blockTexts();
    expect(blocks.length).toBeGreaterThan(0);
    expect(blocks.every((text) => text.includes(exam))).toBe(true);

    await schedule.openView('Flow board');
    await schedule.flowBoard.waitFor();
    expect(await page.getByRole('heading', { level: 2 }).allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/^Expected/), expect.stringMatching(/^Completed/)]));
    await expectAccessible(page, 'schedule-flow-board');
  }, 300_000);

  test('a facility-A desk never sees a facility-B patient on the calendar, in day or week view', async ({ medora }) => {
    const page = await openOnBusyMorning(medora);
    const login = new LoginPage(page);
    let shell = await login.signIn('admin', DEMO_PASSWORD);
    const { east, west } = await deskFacilities(page);
    const westDay = await invokeInPage(page, 'appointment.day', { facilityId: west.id, date: BUSY_DAY });
    if (!westDay.ok) throw new Error(westDay.error.message);
    const westPatients = new Set(westDay.value.appointments.map((appointment) => appointment.patientName));
    expect(westPatients.size, 'the demo clinic has patients at the west facility that Monday').toBeGreaterThan(0);

    // The admin, scheduling at the west facility, sees only the west facility's calendar.
    await shell.openSection('Schedule');
    const schedule = new SchedulePage(page);
    await schedule.facility.selectOption({ label: west.name });
    await schedule.grid.waitFor();
    expect(await schedule.subtitle.innerText()).toContain(west.name);
    const adminBlocks = await schedule.blockTexts();
    expect(adminBlocks.some((text) => [...westPatients].some((name) => text.includes(name)))).toBe(true);
    await shell.signOutButton.click();

    shell = await login.signIn('desk.east', DEMO_PASSWORD);
    await shell.openSection('Schedule');
    expect(await schedule.facilityOptions()).toEqual([east.name]);
    for (const view of ['Day', 'Week'] as const) {
      await schedule.openView(view);
      await schedule.showDay(BUSY_DAY);
      const text = await page.locator('main').innerText();
      const labels = (await schedule.grid.getByRole('gridcell').evaluateAll((cells) => cells.map((cell) => cell.getAttribute('aria-label') ?? ''))).join('\n');
      // A west patient who also has an east appointment would legitimately appear; the demo's are disjoint per day.
      const eastDay = await invokeInPage(page, 'appointment.day', { facilityId: east.id, date: BUSY_DAY });
      if (!eastDay.ok) throw new Error(eastDay.error.message);
      const eastPatients = new Set(eastDay.value.appointments.map((appointment) => appointment.patientName));
      for (const name of westPatients) {
        if (eastPatients.has(name)) continue;
        expect(text.includes(name), `${name} (west) on the east desk's ${view} view`).toBe(false);
        expect(labels.includes(name), `${name} (west) in the east desk's ${view} grid labels`).toBe(false);
      }
    }
    await screenshot(page, 'schedule-east-desk-week');
  });
});
