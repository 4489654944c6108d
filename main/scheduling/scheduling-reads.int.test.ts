import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../ipc/router';
import { createClinicFixture, FIXTURE_DATE, type ClinicFixture } from '../../test/support/clinic-fixture';
import type { CalendarWeek, FlowBoard } from '../../shared/scheduling/calendar.contract';
import type { Slot } from '../../shared/scheduling/conflict-types';
import { newId } from '../../shared/ids';
import { instantAt, localDate, localTime } from '../../shared/time/facility-time';

/*
 * The scheduling read channels (appointment.slots, appointment.nextAvailable, calendar.week,
 * calendar.flowBoard) on a real replica through the real router. The workstation runs in Auckland while
 * the facilities are in New York (A) and Los Angeles (B), so a day, a "today" or an opening hour read in
 * the workstation's zone lands on the wrong date; a front desk assigned to A never receives B's rows.
 */
const WORKSTATION_ZONE = process.env.TZ;
process.env.TZ = 'Pacific/Auckland';

const NY = 'America/New_York';
const LA = 'America/Los_Angeles';
const MONDAY = FIXTURE_DATE; // 2026-11-30, the fixture's appointments: Patel 09:00 NY at A, Ode 10:00 NY at A, Ode 09:00 LA at B
const HOUR = 3_600_000;

let fixture: ClinicFixture;
let clock = Date.parse('2026-11-28T12:00:00Z'); // Saturday, before the fixture's Monday
let lateNight: string; // Ode at B, Monday 23:30 LA (Tuesday 07:30 UTC)
let afterMidnight: string; // Ode at B, Tuesday 00:15 LA

/** Signs in again at the current clock (a clock moved forward would otherwise end the session as idle). */
const as = (role: 'clinic_admin' | 'front_desk'): Promise<Caller> => fixture.login(role);
async function call<T>(caller: Caller, channel: string, input: unknown): Promise<T> {
  const result = await fixture.core.router.dispatch(caller, channel, input);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}
async function refusalCode(caller: Caller, channel: string, input: unknown): Promise<string> {
  const result = await fixture.core.router.dispatch(caller, channel, input);
  if (result.ok) throw new Error(`${channel} unexpectedly succeeded`);
  return result.error.code;
}
const times = (slots: readonly Slot[], zone: string) => slots.map((slot) => localTime(slot.startsAt, zone));

beforeAll(async () => {
  fixture = await createClinicFixture({ now: () => clock });
  const admin = await as('clinic_admin');
  const { physicianId: patel, otherPhysicianId: ode } = fixture.scheduling;
  await call(admin, 'physician.setFacilities', { physicianId: patel, facilityIds: [fixture.facilityA] });
  await call(admin, 'physician.setFacilities', { physicianId: ode, facilityIds: [fixture.facilityA, fixture.facilityB] });
  await call(admin, 'availability.save', { physicianId: patel, facilityId: fixture.facilityA, effectiveFrom: '2026-11-01', effectiveTo: null, spans: [{ weekday: 1, start: '08:00', end: '12:00' }, { weekday: 2, start: '08:00', end: '17:00' }] });
  await call(admin, 'availability.save', { physicianId: ode, facilityId: fixture.facilityB, effectiveFrom: '2026-11-01', effectiveTo: null, spans: [{ weekday: 1, start: '08:00', end: '12:00' }] });
  await call(admin, 'availability.save', { physicianId: ode, facilityId: fixture.facilityA, effectiveFrom: '2026-11-01', effectiveTo: null, spans: [{ weekday: 2, start: '08:00', end: '12:00' }] });
  // Two bookings at B either side of B's midnight (as they would arrive from another desk's sync).
  const at = (date: string, time: string) => instantAt(date, time, LA);
  const stamp = { clinic_id: fixture.clinicId, created_at: clock, created_by: 'sync', updated_at: clock, updated_by: 'sync', deleted_at: null };
  const booking = (startsAt: number) => ({
    ...stamp, id: newId(), facility_id: fixture.facilityB, physician_id: ode, patient_id: fixture.scheduling.patientB, exam_type_id: fixture.scheduling.examTypeId,
    resource_id: null, case_id: null, series_id: null, rescheduled_from_id: null, starts_at: startsAt, ends_at: startsAt + 30 * 60_000, status: 'scheduled' as const,
    cancel_reason: null, override_reason: null, overridden_conflicts: null, notes: null, checked_in_at: null, completed_at: null,
  });
  const rows = [booking(at(MONDAY, '23:30')), booking(at('2026-12-01', '00:15'))];
  await fixture.db.insertInto('appointments').values(rows).execute();
  [lateNight, afterMidnight] = rows.map((row) => row.id) as [string, string];
}, 120_000);
afterAll(async () => {
  await fixture.cleanup();
  if (WORKSTATION_ZONE === undefined) delete process.env.TZ;
  else process.env.TZ = WORKSTATION_ZONE;
});

describe('appointment.slots', () => {
  it("lists the free starts inside the physician's availability in the facility's zone, around existing bookings", async () => {
    clock = Date.parse('2026-11-28T12:00:00Z');
    const desk = await as('front_desk');
    const slots = await call<Slot[]>(desk, 'appointment.slots', { examTypeId: fixture.scheduling.examTypeId, facilityId: fixture.facilityA, from: MONDAY, to: MONDAY });
    // Patel (Mon 08:00–12:00 at A) is booked 09:00–09:30; Ode works at A on Tuesdays only.
    expect(new Set(slots.map((slot) => slot.physicianId))).toEqual(new Set([fixture.scheduling.physicianId]));
    expect(times(slots, NY)).toEqual(['08:00', '08:15', '08:30', '09:30', '09:45', '10:00', '10:15', '10:30', '10:45', '11:00', '11:15', '11:30']);
    expect(slots.every((slot) => slot.endsAt - slot.startsAt === 30 * 60_000 && slot.timeZone === NY && slot.facilityId === fixture.facilityA)).toBe(true);
  });

  it("reads another facility's date and hours in that facility's zone (Los Angeles), with travel time from the other site", async () => {
    clock = Date.parse('2026-11-28T12:00:00Z');
    const admin = await as('clinic_admin');
    const slots = await call<Slot[]>(admin, 'appointment.slots', { examTypeId: fixture.scheduling.examTypeId, facilityId: fixture.facilityB, from: MONDAY, to: MONDAY });
    // Ode: Mon 08:00–12:00 LA at B, booked 09:00–09:30 LA there and 10:00–10:30 NY (07:00–07:30 LA) at A, 30 minutes' travel.
    expect(slots[0]?.startsAt).toBe(instantAt(MONDAY, '08:00', LA));
    expect(times(slots, LA)).toEqual(['08:00', '08:15', '08:30', '09:30', '09:45', '10:00', '10:15', '10:30', '10:45', '11:00', '11:15', '11:30']);
    expect(slots.every((slot) => localDate(slot.startsAt, LA) === MONDAY && slot.physicianId === fixture.scheduling.otherPhysicianId)).toBe(true);
    // On Tuesday Ode works at A from 08:00 NY, but has just come from B's 00:15 LA booking: far enough apart.
    const tuesday = await call<Slot[]>(admin, 'appointment.slots', { examTypeId: fixture.scheduling.examTypeId, facilityId: fixture.facilityA, from: '2026-12-01', to: '2026-12-01', physicianId: fixture.scheduling.otherPhysicianId });
    expect(times(tuesday, NY)[0]).toBe('08:00');
  });

  it('never offers a slot in the past, and refuses a facility outside the front desk\'s assignment', async () => {
    clock = Date.parse('2026-11-30T15:20:00Z'); // Monday 10:20 in New York
    const desk = await as('front_desk');
    const slots = await call<Slot[]>(desk, 'appointment.slots', { examTypeId: fixture.scheduling.examTypeId, facilityId: fixture.facilityA, from: MONDAY, to: MONDAY });
    expect(times(slots, NY)).toEqual(['10:30', '10:45', '11:00', '11:15', '11:30']);
    expect(await refusalCode(desk, 'appointment.slots', { examTypeId: fixture.scheduling.examTypeId, facilityId: fixture.facilityB, from: MONDAY, to: MONDAY })).toBe('forbidden');
  });
});

describe('appointment.nextAvailable', () => {
  it('finds the earliest free slots across facilities and physicians, each one bookable without a conflict', async () => {
    clock = Date.parse('2026-11-28T12:00:00Z');
    const admin = await as('clinic_admin');
    const first = await call<Slot[]>(admin, 'appointment.nextAvailable', { examTypeId: fixture.scheduling.examTypeId });
    expect(first).toHaveLength(5);
    expect(first.map((slot) => `${slot.facilityId === fixture.facilityA ? 'A' : 'B'} ${localDate(slot.startsAt, NY)} ${localTime(slot.startsAt, NY)}`))
      .toEqual(['A 2026-11-30 08:00', 'A 2026-11-30 08:15', 'A 2026-11-30 08:30', 'A 2026-11-30 09:30', 'A 2026-11-30 09:45']);

    const many = await call<Slot[]>(admin, 'appointment.nextAvailable', { examTypeId: fixture.scheduling.examTypeId, withinDays: 7, limit: 50 });
    expect(many).toHaveLength(50);
    expect(many.map((slot) => slot.startsAt)).toEqual([...many.map((slot) => slot.startsAt)].sort((a, b) => a - b));
    expect(new Set(many.map((slot) => slot.facilityId))).toEqual(new Set([fixture.facilityA, fixture.facilityB]));
    for (const slot of many) {
      const { conflicts } = await call<{ conflicts: unknown[] }>(admin, 'appointment.check', {
        facilityId: slot.facilityId, physicianId: slot.physicianId, patientId: fixture.scheduling.patientB, examTypeId: fixture.scheduling.examTypeId, startsAt: slot.startsAt, endsAt: slot.endsAt,
      });
      expect(conflicts, `${slot.physicianName} ${new Date(slot.startsAt).toISOString()}`).toEqual([]);
    }
  });

  it('starts from now, skips times the patient is booked elsewhere, and keeps a front desk to its facilities', async () => {
    clock = Date.parse('2026-11-30T14:20:00Z'); // Monday 09:20 in New York
    const admin = await as('clinic_admin');
    const fromNow = await call<Slot[]>(admin, 'appointment.nextAvailable', { examTypeId: fixture.scheduling.examTypeId, limit: 3 });
    expect(times(fromNow, NY)).toEqual(['09:30', '09:45', '10:00']);
    // Alice is booked with Ode at 10:00 NY: a search for her leaves 09:45 (ends 10:15) and 10:00 out.
    const forAlice = await call<Slot[]>(admin, 'appointment.nextAvailable', { examTypeId: fixture.scheduling.examTypeId, limit: 3, patientId: fixture.scheduling.patientA });
    expect(times(forAlice, NY)).toEqual(['09:30', '10:30', '10:45']);

    const desk = await as('front_desk');
    const deskSlots = await call<Slot[]>(desk, 'appointment.nextAvailable', { examTypeId: fixture.scheduling.examTypeId, withinDays: 7, limit: 50 });
    expect(deskSlots.length).toBeGreaterThan(0);
    expect(deskSlots.every((slot) => slot.facilityId === fixture.facilityA)).toBe(true);
    expect(await refusalCode(desk, 'appointment.nextAvailable', { examTypeId: fixture.scheduling.examTypeId, facilityIds: [fixture.facilityB] })).toBe('forbidden');
  });
});

describe('calendar.week', () => {
  it("cuts days at the facility's midnight, not the workstation's or UTC's", async () => {
    clock = Date.parse('2026-11-28T12:00:00Z');
    const admin = await as('clinic_admin');
    const week = await call<CalendarWeek>(admin, 'calendar.week', { facilityId: fixture.facilityB, startDate: MONDAY });
    expect(week.days.map((day) => day.date)).toEqual(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06']);
    const [monday, tuesday] = week.days;
    expect(monday?.dayStartsAt).toBe(instantAt(MONDAY, '00:00', LA));
    expect(monday?.dayEndsAt).toBe(instantAt('2026-12-01', '00:00', LA));
    const ids = (day: typeof monday) => day?.columns.flatMap((column) => column.appointments.map((appointment) => appointment.id)) ?? [];
    expect(ids(monday)).toEqual([fixture.scheduling.appointmentIds[2], lateNight]);
    expect(ids(tuesday)).toEqual([afterMidnight]);
    // Opening hours and availability in LA: Monday 08:00–17:00 and Ode's 08:00–12:00.
    expect(monday?.openingHours).toEqual([{ startsAt: instantAt(MONDAY, '08:00', LA), endsAt: instantAt(MONDAY, '17:00', LA) }]);
    const ode = monday?.columns.find((column) => column.physicianId === fixture.scheduling.otherPhysicianId);
    expect(ode?.availability).toEqual([{ startsAt: instantAt(MONDAY, '08:00', LA), endsAt: instantAt(MONDAY, '12:00', LA) }]);
    // Ode's morning at A shows at B as busy elsewhere, reduced to time and place.
    expect(ode?.busyElsewhere).toEqual([{ facilityId: fixture.facilityA, startsAt: instantAt(MONDAY, '10:00', NY), endsAt: instantAt(MONDAY, '10:30', NY) }]);
  });

  it('puts each appointment on its own day of the week, with empty days between and a booking just before the last midnight', async () => {
    clock = Date.parse('2026-11-28T12:00:00Z');
    const admin = await as('clinic_admin');
    const at = (date: string, time: string) => instantAt(date, time, LA);
    const stamp = { clinic_id: fixture.clinicId, created_at: clock, created_by: 'sync', updated_at: clock, updated_by: 'sync', deleted_at: null };
    const booking = (startsAt: number) => ({
      ...stamp, id: newId(), facility_id: fixture.facilityB, physician_id: fixture.scheduling.otherPhysicianId, patient_id: fixture.scheduling.patientB,
      exam_type_id: fixture.scheduling.examTypeId, resource_id: null, case_id: null, series_id: null, rescheduled_from_id: null, starts_at: startsAt,
      ends_at: startsAt + 30 * 60_000, status: 'scheduled' as const, cancel_reason: null, override_reason: null, overridden_conflicts: null, notes: null,
      checked_in_at: null, completed_at: null,
    });
    const rows = [booking(at('2026-12-03', '10:00')), booking(at('2026-12-06', '23:45')), booking(at('2026-12-07', '00:00'))];
    await fixture.db.insertInto('appointments').values(rows).execute();
    try {
      const week = await call<CalendarWeek>(admin, 'calendar.week', { facilityId: fixture.facilityB, startDate: MONDAY });
      const ids = week.days.map((day) => day.columns.flatMap((column) => column.appointments.map((appointment) => appointment.id)));
      // Monday, Tuesday, (Wednesday), Thursday, (Friday, Saturday), Sunday 23:45; Monday 00:00 is the next week's.
      expect(ids).toEqual([[fixture.scheduling.appointmentIds[2], lateNight], [afterMidnight], [], [rows[0]?.id], [], [], [rows[1]?.id]]);
    } finally {
      await fixture.db.deleteFrom('appointments').where('id', 'in', rows.map((row) => row.id)).execute();
    }
  });

  it('has a 23-hour day where the facility springs forward', async () => {
    const admin = await as('clinic_admin');
    const week = await call<CalendarWeek>(admin, 'calendar.week', { facilityId: fixture.facilityB, startDate: '2027-03-08' });
    expect(week.days.map((day) => (day.dayEndsAt - day.dayStartsAt) / HOUR)).toEqual([24, 24, 24, 24, 24, 24, 23]);
  });

  it("gives a facility-A front desk A's appointments only, B's as busy time without the patient, and refuses B", async () => {
    clock = Date.parse('2026-11-28T12:00:00Z');
    const desk = await as('front_desk');
    const week = await call<CalendarWeek>(desk, 'calendar.week', { facilityId: fixture.facilityA, startDate: MONDAY });
    const appointments = week.days.flatMap((day) => day.columns.flatMap((column) => column.appointments));
    expect(appointments.map((appointment) => appointment.id).sort()).toEqual(fixture.scheduling.appointmentIds.slice(0, 2).sort());
    expect(appointments.every((appointment) => appointment.facilityId === fixture.facilityA)).toBe(true);
    const ode = week.days[0]?.columns.find((column) => column.physicianId === fixture.scheduling.otherPhysicianId);
    expect(ode?.busyElsewhere).toEqual([{ facilityId: fixture.facilityB, startsAt: instantAt(MONDAY, '09:00', LA), endsAt: instantAt(MONDAY, '09:30', LA) }]);
    const text = JSON.stringify(week);
    expect(text).not.toContain(fixture.scheduling.patientB);
    expect(text).not.toContain('Bianca');
    expect(await refusalCode(desk, 'calendar.week', { facilityId: fixture.facilityB, startDate: MONDAY })).toBe('forbidden');

    const patelOnly = await call<CalendarWeek>(desk, 'calendar.week', { facilityId: fixture.facilityA, startDate: MONDAY, physicianIds: [fixture.scheduling.physicianId] });
    expect(patelOnly.days.every((day) => day.columns.length === 1 && day.columns[0]?.physicianId === fixture.scheduling.physicianId)).toBe(true);
  });
});

describe('calendar.flowBoard', () => {
  it("shows the facility's today with waiting and late minutes from main's clock", async () => {
    clock = Date.parse('2026-11-30T15:05:00Z'); // 10:05 in New York: Alice arrives for Dr. Ode
    let desk = await as('front_desk');
    const odeAtA = fixture.scheduling.appointmentIds[1] as string;
    await call(desk, 'appointment.setStatus', { id: odeAtA, status: 'checked_in' });
    clock = Date.parse('2026-11-30T15:20:00Z'); // 10:20
    desk = await as('front_desk');
    const board = await call<FlowBoard>(desk, 'calendar.flowBoard', { facilityId: fixture.facilityA });
    expect(board.date).toBe(MONDAY);
    expect(board.items.map((item) => [item.appointment.id, item.appointment.status, item.waitingMinutes, item.lateMinutes])).toEqual([
      [fixture.scheduling.appointmentIds[0], 'scheduled', null, 80],
      [odeAtA, 'checked_in', 15, null],
    ]);
    expect(board.counts).toMatchObject({ scheduled: 1, checked_in: 1, completed: 0 });
    expect(await refusalCode(desk, 'calendar.flowBoard', { facilityId: fixture.facilityB })).toBe('forbidden');
  });

  it("takes today in each facility's zone when the dates differ", async () => {
    clock = Date.parse('2026-12-01T06:30:00Z'); // Monday 22:30 in Los Angeles, Tuesday 01:30 in New York
    const admin = await as('clinic_admin');
    const west = await call<FlowBoard>(admin, 'calendar.flowBoard', { facilityId: fixture.facilityB });
    expect(west.date).toBe(MONDAY);
    expect(west.items.map((item) => [item.appointment.id, item.lateMinutes])).toEqual([
      [fixture.scheduling.appointmentIds[2], (clock - instantAt(MONDAY, '09:00', LA)) / 60_000],
      [lateNight, null],
    ]);
    const east = await call<FlowBoard>(admin, 'calendar.flowBoard', { facilityId: fixture.facilityA });
    expect(east.date).toBe('2026-12-01');
    expect(east.items).toEqual([]);
  });
});
