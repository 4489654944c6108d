import type { Facility } from '../shared/admin/facility.contract';
import { addDaysToDate } from '../shared/time/facility-time';
import { DEMO_REFERENCE_DATE } from '../shared/demo/demo-clinic';
import { LoginPage } from './pages/login-page';
import { SchedulePage } from './pages/schedule-page';
import { invokeInPage } from './support/in-page';
import { DEMO_PASSWORD } from './support/demo-users';
import { describe, expect, TARGETS, test } from './support/app';

describe.each(TARGETS)('a facility-A front desk never sees facility B (%s)', (target) => {
  test("desk.east's schedule offers only its facility, and main refuses facility B's day", async ({ medora }) => {
    const page = await medora.open({ target });
    const login = new LoginPage(page);

    // As the clinic admin: which facility is desk.west's, and a day on which it has appointments.
    let shell = await login.signIn('admin', DEMO_PASSWORD);
    const facilities = await invokeInPage(page, 'facility.list', {});
    if (!facilities.ok) throw new Error(facilities.error.message);
    const users = await invokeInPage(page, 'user.list', {});
    if (!users.ok) throw new Error(users.error.message);
    const facilityOf = (username: string): Facility => {
      const id = users.value.find((user) => user.username === username)?.facilityIds[0];
      const facility = facilities.value.find((candidate) => candidate.id === id);
      if (!facility) throw new Error(`${username} has no facility in the demo data`);
      return facility;
    };
    const east = facilityOf('desk.east');
    const west = facilityOf('desk.west');
    expect(west.id).not.toBe(east.id);

    let busyDay: string | null = null;
    for (let offset = 0; offset < 14 && !busyDay; offset += 1) {
      const date = addDaysToDate(DEMO_REFERENCE_DATE, offset);
      const day = await invokeInPage(page, 'appointment.day', { facilityId: west.id, date });
      if (day.ok && day.value.appointments.length > 0) busyDay = date;
    }
    expect(busyDay, 'the demo clinic has appointments at the west facility').not.toBeNull();
    const date = busyDay as string;
    await shell.signOutButton.click();

    // As desk.east.
    shell = await login.signIn('desk.east', DEMO_PASSWORD);
    await shell.openSection('Schedule');
    const schedule = new SchedulePage(page);
    expect(await schedule.facilityOptions()).toEqual([east.name]);
    await schedule.showDay(date);
    expect(await schedule.subtitle.innerText()).toContain(east.name);

    const westDay = await invokeInPage(page, 'appointment.day', { facilityId: west.id, date });
    if (westDay.ok) expect(westDay.value.appointments).toEqual([]);
    else expect(westDay.error.code).toBe('forbidden');

    // Nothing of the west facility reaches the page through the east facility's day either.
    const eastDay = await invokeInPage(page, 'appointment.day', { facilityId: east.id, date });
    if (!eastDay.ok) throw new Error(eastDay.error.message);
    expect(eastDay.value.appointments.every((appointment) => appointment.facilityId === east.id)).toBe(true);
  });
});
