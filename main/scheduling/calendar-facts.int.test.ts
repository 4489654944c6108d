import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../ipc/router';
import { createClinicFixture, FIXTURE_DATE, type ClinicFixture } from '../../test/support/clinic-fixture';
import type { CalendarDay } from '../../shared/scheduling/calendar.contract';
import type { Slot } from '../../shared/scheduling/conflict-types';
import { newId } from '../../shared/ids';
import { instantAt, localTime } from '../../shared/time/facility-time';
import { ReplicaWriter, type RowChange } from '../sync/replica-writer';

/*
 * The calendar keeps each facility's set-up (physicians, templates, time off, closures, rooms, exam types)
 * in main between calls (main/scheduling/calendar-facts.ts). These tests read a day, so the set-up is
 * cached, then change it the ways a clinic does — a set-up screen's save, a sync batch from the server,
 * a local booking — and read the day again: a cache that missed the change shows the old bookable hours,
 * closure, column or name, and the test fails.
 */
const NY = 'America/New_York';
const MONDAY = FIXTURE_DATE; // 2026-11-30: Patel 09:00 and Ode 10:00 at A (New York)
const TUESDAY = '2026-12-01';

let fixture: ClinicFixture;
let admin: Caller;
let desk: Caller;

async function call<T>(caller: Caller, channel: string, input: unknown): Promise<T> {
  const result = await fixture.core.router.dispatch(caller, channel, input);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}
const day = (date = MONDAY) => call<CalendarDay>(desk, 'calendar.day', { facilityId: fixture.facilityA, date });
const column = (calendar: CalendarDay, physicianId: string) => calendar.columns.find((c) => c.physicianId === physicianId);
/** Patel's bookable hours at A on a date, as local times. */
async function patelHours(date = MONDAY): Promise<string[]> {
  const patel = column(await day(date), fixture.scheduling.physicianId);
  return (patel?.availability ?? []).map((window) => `${localTime(window.startsAt, NY)}–${localTime(window.endsAt, NY)}`);
}
const templateRows = () => fixture.db.selectFrom('availability_templates').selectAll()
  .where('physician_id', '=', fixture.scheduling.physicianId).where('facility_id', '=', fixture.facilityA).where('deleted_at', 'is', null).execute();

/** Applies server rows the way the sync engine does: the replica writer inside one kysely transaction. */
async function applySyncBatch(changes: readonly RowChange[]): Promise<void> {
  const sqlite = fixture.core.replica?.sqlite;
  if (!sqlite) throw new Error('no replica');
  const writer = new ReplicaWriter(sqlite);
  await fixture.db.transaction().execute(async () => {
    for (const change of changes) writer.apply(change);
  });
}

beforeAll(async () => {
  fixture = await createClinicFixture({ now: () => Date.parse('2026-11-28T12:00:00Z') });
  admin = await fixture.login('clinic_admin');
  desk = await fixture.login('front_desk');
  const { physicianId: patel, otherPhysicianId: ode } = fixture.scheduling;
  await call(admin, 'physician.setFacilities', { physicianId: patel, facilityIds: [fixture.facilityA] });
  await call(admin, 'physician.setFacilities', { physicianId: ode, facilityIds: [fixture.facilityA, fixture.facilityB] });
  await call(admin, 'availability.save', { physicianId: patel, facilityId: fixture.facilityA, effectiveFrom: '2026-11-01', effectiveTo: null, spans: [{ weekday: 1, start: '08:00', end: '12:00' }] });
}, 120_000);
afterAll(async () => {
  await fixture.cleanup();
});

describe('the calendar after a set-up edit', () => {
  it('shows new weekly hours, time off, a closure and its removal at once', async () => {
    expect(await patelHours()).toEqual(['08:00–12:00']);
    expect(await patelHours()).toEqual(['08:00–12:00']); // the second read comes from the cache

    await call(admin, 'availability.save', { physicianId: fixture.scheduling.physicianId, facilityId: fixture.facilityA, effectiveFrom: '2026-11-01', effectiveTo: null, spans: [{ weekday: 1, start: '13:00', end: '17:00' }] });
    expect(await patelHours()).toEqual(['13:00–17:00']);

    await call(admin, 'timeOff.save', {
      physicianId: fixture.scheduling.physicianId, facilityId: fixture.facilityA, startsAt: instantAt(MONDAY, '14:00', NY), endsAt: instantAt(MONDAY, '15:00', NY), kind: 'block', reason: 'Meeting',
    });
    expect(await patelHours()).toEqual(['13:00–14:00', '15:00–17:00']);
    expect(column(await day(), fixture.scheduling.physicianId)?.timeOff.map((entry) => entry.reason)).toEqual(['Meeting']);

    const closure = await call<{ id: string }>(admin, 'facility.saveClosure', { facilityId: fixture.facilityA, closedOn: MONDAY, reason: 'Staff training' });
    const closed = await day();
    expect(closed.closure?.reason).toBe('Staff training');
    expect(column(closed, fixture.scheduling.physicianId)?.availability).toEqual([]);

    await call(admin, 'facility.removeClosure', { id: closure.id });
    expect((await day()).closure).toBeNull();
    expect(await patelHours()).toEqual(['13:00–14:00', '15:00–17:00']);
  });

  it('drops the column of a physician taken off the facility, and names an exam type by its new name', async () => {
    const { otherPhysicianId: ode } = fixture.scheduling;
    expect(column(await day(TUESDAY), ode)).toBeDefined();
    await call(admin, 'physician.setFacilities', { physicianId: ode, facilityIds: [fixture.facilityB] });
    expect(column(await day(TUESDAY), ode)).toBeUndefined();
    await call(admin, 'physician.setFacilities', { physicianId: ode, facilityIds: [fixture.facilityA, fixture.facilityB] });
    expect(column(await day(TUESDAY), ode)).toBeDefined();

    const before = column(await day(), fixture.scheduling.physicianId)?.appointments[0];
    expect(before?.examTypeName).toBe('Consult');
    await call(admin, 'examType.save', {
      id: fixture.scheduling.examTypeId, name: 'New patient consult', durationMinutes: 30, color: '#9333ea', resourceKind: null, isBillable: false,
      defaultCodes: [], isActive: true, facilityIds: [], physicianIds: [],
    });
    expect(column(await day(), fixture.scheduling.physicianId)?.appointments[0]?.examTypeName).toBe('New patient consult');
  });
});

describe('the calendar after a sync batch', () => {
  it('shows hours, a closure and a tombstone that arrived from the server', async () => {
    const hours = await patelHours();
    expect(hours).toEqual(['13:00–14:00', '15:00–17:00']);
    const [template] = await templateRows();
    if (!template) throw new Error('no template');
    // Another workstation moved Monday to 07:00–11:00 (an update of the same row) and closed Tuesday.
    const closureId = newId();
    const stamp = { clinic_id: fixture.clinicId, created_at: Date.now(), created_by: 'sync', updated_at: Date.now(), updated_by: 'sync', deleted_at: null };
    await applySyncBatch([
      { table: 'availability_templates', operation: 'update', value: { ...template, start_minute: 7 * 60, end_minute: 11 * 60, updated_by: 'sync' } },
      { table: 'facility_closures', operation: 'insert', value: { ...stamp, id: closureId, facility_id: fixture.facilityA, closed_on: TUESDAY, reason: 'Flooding' } },
    ]);
    expect(await patelHours()).toEqual(['07:00–11:00']);
    expect((await day(TUESDAY)).closure?.reason).toBe('Flooding');

    // The server tombstones the closure and the template.
    await applySyncBatch([
      { table: 'facility_closures', operation: 'update', value: { ...stamp, id: closureId, facility_id: fixture.facilityA, closed_on: TUESDAY, reason: 'Flooding', deleted_at: Date.now() } },
      { table: 'availability_templates', operation: 'update', value: { ...template, start_minute: 7 * 60, end_minute: 11 * 60, deleted_at: Date.now() } },
    ]);
    expect((await day(TUESDAY)).closure).toBeNull();
    expect(await patelHours()).toEqual([]);
  });

  it("shows a patient's new name from the server", async () => {
    const appointment = column(await day(), fixture.scheduling.physicianId)?.appointments[0];
    expect(appointment?.patientName).toBe('Doe, Alice');
    const patient = await fixture.db.selectFrom('patients').selectAll().where('id', '=', fixture.scheduling.patientA).executeTakeFirstOrThrow();
    await applySyncBatch([{ table: 'patients', operation: 'update', value: { ...patient, last_name: 'Moreau', preferred_name: 'Ally' } }]);
    expect(column(await day(), fixture.scheduling.physicianId)?.appointments[0]?.patientName).toBe('Moreau, Ally');
  });
});

describe('the calendar after a local booking', () => {
  it('shows the new appointment as pending and no longer offers its slot', async () => {
    await call(admin, 'availability.save', { physicianId: fixture.scheduling.physicianId, facilityId: fixture.facilityA, effectiveFrom: '2026-11-01', effectiveTo: null, spans: [{ weekday: 1, start: '08:00', end: '12:00' }] });
    expect(await patelHours()).toEqual(['08:00–12:00']);
    const slotsBefore = await call<Slot[]>(desk, 'appointment.slots', { examTypeId: fixture.scheduling.examTypeId, facilityId: fixture.facilityA, from: MONDAY, to: MONDAY, physicianId: fixture.scheduling.physicianId });
    expect(slotsBefore.map((slot) => localTime(slot.startsAt, NY))).toContain('11:00');

    const startsAt = instantAt(MONDAY, '11:00', NY);
    const booked = await call<{ id: string }>(desk, 'appointment.book', {
      facilityId: fixture.facilityA, physicianId: fixture.scheduling.physicianId, patientId: fixture.scheduling.patientA, examTypeId: fixture.scheduling.examTypeId,
      startsAt, endsAt: startsAt + 30 * 60_000,
    });
    const appointments = column(await day(), fixture.scheduling.physicianId)?.appointments ?? [];
    expect(appointments.map((a) => [localTime(a.startsAt, NY), a.syncState])).toEqual([['09:00', 'synced'], ['11:00', 'pending']]);
    expect(appointments.find((a) => a.id === booked.id)?.patientName).toBe('Moreau, Ally');
    const slotsAfter = await call<Slot[]>(desk, 'appointment.slots', { examTypeId: fixture.scheduling.examTypeId, facilityId: fixture.facilityA, from: MONDAY, to: MONDAY, physicianId: fixture.scheduling.physicianId });
    expect(slotsAfter.map((slot) => localTime(slot.startsAt, NY))).not.toContain('11:00');
    expect(slotsAfter.map((slot) => localTime(slot.startsAt, NY))).not.toContain('10:45');
  });
});
