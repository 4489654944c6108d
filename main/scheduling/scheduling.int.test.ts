import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../ipc/router';
import { createClinicFixture, type ClinicFixture } from '../../test/support/clinic-fixture';
import { instantAt } from '../../shared/time/facility-time';

let fixture: ClinicFixture;
let admin: Caller;
let desk: Caller;
const NY = 'America/New_York';
const DATE = '2026-12-07'; // a Monday, after the fixture's "now"

async function call<T>(caller: Caller, channel: string, input: unknown): Promise<T> {
  const result = await fixture.core.router.dispatch(caller, channel, input);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}
async function refusal(caller: Caller, channel: string, input: unknown) {
  const result = await fixture.core.router.dispatch(caller, channel, input);
  if (result.ok) throw new Error(`${channel} unexpectedly succeeded`);
  return result.error;
}

beforeAll(async () => {
  fixture = await createClinicFixture();
  admin = await fixture.login('clinic_admin');
  desk = await fixture.login('front_desk');
  const { physicianId } = fixture.scheduling;
  await call(admin, 'physician.setFacilities', { physicianId, facilityIds: [fixture.facilityA, fixture.facilityB] });
  await call(admin, 'availability.save', { physicianId, facilityId: fixture.facilityA, effectiveFrom: '2026-11-01', effectiveTo: null, spans: [{ weekday: 1, start: '08:00', end: '12:00' }, { weekday: 2, start: '08:00', end: '17:00' }] });
}, 120_000);
afterAll(async () => fixture.cleanup());

const slot = (time: string, date = DATE) => ({ startsAt: instantAt(date, time, NY), endsAt: instantAt(date, time, NY) + 30 * 60_000 });

describe('scheduling through the channels (real SQLite replica, real router)', () => {
  it('replaces weekly hours only within the dates given: an upcoming week survives an edit of the current one', async () => {
    const { physicianId } = fixture.scheduling;
    const at = fixture.facilityB;
    const save = (effectiveFrom: string, effectiveTo: string | null, start: string, end: string) =>
      call(admin, 'availability.save', { physicianId, facilityId: at, effectiveFrom, effectiveTo, spans: [{ weekday: 1, start, end }] });
    const mondayOn = async (onDate: string) =>
      (await call<{ weekday: number; start: string; end: string }[]>(admin, 'availability.list', { physicianId, facilityId: at, onDate })).map((span) => `${span.start}–${span.end}`);

    await save('2026-12-01', null, '09:00', '12:00');
    await save('2027-01-04', null, '13:00', '17:00');
    // Today's week changed from Dec 14 until the upcoming week starts: the upcoming one stays.
    await save('2026-12-14', '2027-01-04', '10:00', '12:00');
    expect(await mondayOn('2026-12-07')).toEqual(['09:00–12:00']);
    expect(await mondayOn('2026-12-21')).toEqual(['10:00–12:00']);
    expect(await mondayOn('2027-01-11')).toEqual(['13:00–17:00']);
    // One week inside a longer one: before and after it the longer one applies.
    await save('2027-01-18', '2027-01-25', '07:00', '08:00');
    expect(await mondayOn('2027-01-11')).toEqual(['13:00–17:00']);
    expect(await mondayOn('2027-01-18')).toEqual(['07:00–08:00']);
    expect(await mondayOn('2027-02-01')).toEqual(['13:00–17:00']);
    // Open-ended from a date replaces everything after it, as before.
    await save('2026-12-28', null, '08:00', '09:00');
    expect(await mondayOn('2026-12-21')).toEqual(['10:00–12:00']);
    expect(await mondayOn('2027-01-11')).toEqual(['08:00–09:00']);
    expect(await mondayOn('2027-02-01')).toEqual(['08:00–09:00']);
  });

  it('books, refuses a double-booking with a plain message, and lets an overriding role book a soft conflict with a reason', async () => {
    const base = { facilityId: fixture.facilityA, physicianId: fixture.scheduling.physicianId, patientId: fixture.scheduling.patientA, examTypeId: fixture.scheduling.examTypeId };
    const booked = await call<{ id: string; status: string; syncState: string; events: { kind: string }[] }>(desk, 'appointment.book', { ...base, ...slot('09:00') });
    expect(booked).toMatchObject({ status: 'scheduled', syncState: 'pending' });
    expect(booked.events.map((e) => e.kind).sort()).toEqual(['created', 'reminder_due']);

    const clash = await refusal(desk, 'appointment.book', { ...base, patientId: fixture.scheduling.patientB, ...slot('09:15') });
    expect(clash.code).toBe('conflict');
    expect(clash.message).toContain('Dr. Asha Patel is already booked 09:00–09:30 at East Side.');
    expect(clash.fields).toContainEqual({ path: 'startsAt', message: 'slot_taken' });
    // Hard: not even an override books it.
    expect((await refusal(admin, 'appointment.book', { ...base, patientId: fixture.scheduling.patientB, ...slot('09:15'), override: { reason: 'Please' } })).code).toBe('conflict');

    // Outside availability (Monday afternoon) is soft: the desk may not override, the admin may.
    const late = { ...base, ...slot('14:00') };
    const { conflicts } = await call<{ conflicts: { kind: string }[] }>(desk, 'appointment.check', late);
    expect(conflicts.map((c) => c.kind)).toEqual(['outside_availability']);
    expect((await refusal(desk, 'appointment.book', late)).code).toBe('conflict');
    expect((await refusal(desk, 'appointment.book', { ...late, override: { reason: 'Doctor agreed' } })).code).toBe('forbidden');
    const overridden = await call<{ id: string; overrideReason: string }>(admin, 'appointment.book', { ...late, override: { reason: 'Doctor agreed' } });
    expect(overridden.overrideReason).toBe('Doctor agreed');

    // Reschedule keeps history; cancel opens the slot and the waitlist sees a match.
    const moved = await call<{ id: string; rescheduledFromId: string; history: { id: string; status: string }[]; events: { kind: string }[] }>(desk, 'appointment.reschedule', { id: booked.id, ...slot('10:00') });
    expect(moved.rescheduledFromId).toBe(booked.id);
    expect(moved.history).toEqual([expect.objectContaining({ id: booked.id, status: 'cancelled' })]);
    expect(moved.events.map((e) => e.kind).sort()).toEqual(['reminder_due', 'rescheduled']);
    await call(desk, 'waitlist.add', { patientId: fixture.scheduling.patientA, examTypeId: fixture.scheduling.examTypeId, facilityId: fixture.facilityA, physicianId: null, earliestOn: null, notes: null });
    const cancelled = await call<{ status: string; cancelReason: string; nextStatuses: string[] }>(desk, 'appointment.cancel', { id: moved.id, reason: 'Patient called' });
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'Patient called', nextStatuses: [] });
    const matches = await call<unknown[]>(desk, 'waitlist.matches', { appointmentId: overridden.id });
    expect(matches).toHaveLength(0); // the only waiting patient is the one already booked there
    const day = await call<{ columns: { physicianName: string; availability: unknown[]; appointments: { status: string }[] }[] }>(desk, 'calendar.day', { facilityId: fixture.facilityA, date: DATE });
    const patel = day.columns.find((c) => c.physicianName === 'Dr. Asha Patel');
    expect(patel?.availability).toHaveLength(1);
    expect(patel?.appointments.map((a) => a.status).sort()).toEqual(['cancelled', 'cancelled', 'scheduled']);
    // Status flow with rules enforced.
    await call(desk, 'appointment.setStatus', { id: overridden.id, status: 'checked_in' });
    expect((await refusal(desk, 'appointment.setStatus', { id: overridden.id, status: 'confirmed' })).code).toBe('conflict');
    // A front desk sees only its facility.
    expect((await refusal(desk, 'calendar.day', { facilityId: fixture.facilityB, date: DATE })).code).toBe('forbidden');
  });

  it('previews a series with its conflicts, books it as one change, and cancels this-and-following without orphans', async () => {
    const input = {
      patientId: fixture.scheduling.patientB, physicianId: fixture.scheduling.physicianId, facilityId: fixture.facilityA, examTypeId: fixture.scheduling.examTypeId,
      rule: { startDate: '2026-12-14', weekdays: [1, 2], weeks: 3, startTime: '11:30' },
    };
    const preview = await call<{ occurrences: { date: string; conflicts: { kind: string }[] }[]; hasHardConflicts: boolean }>(desk, 'series.preview', input);
    expect(preview.occurrences).toHaveLength(6);
    expect(preview.hasHardConflicts).toBe(false);
    const created = await call<{ seriesId: string; appointmentIds: string[] }>(desk, 'series.create', input);
    expect(created.appointmentIds).toHaveLength(6);
    const third = created.appointmentIds[2] as string;
    const cancelled = await call<{ appointmentIds: string[] }>(desk, 'series.cancel', { appointmentId: third, scope: 'following', reason: 'Plan changed' });
    expect(cancelled.appointmentIds).toEqual(created.appointmentIds.slice(2));
    const rows = await fixture.db.selectFrom('appointments').select(['series_id', 'status']).where('series_id', '=', created.seriesId).orderBy('starts_at').execute();
    expect(rows.map((r) => r.status)).toEqual(['scheduled', 'scheduled', 'cancelled', 'cancelled', 'cancelled', 'cancelled']);
    expect(await fixture.db.selectFrom('appointment_series').select('id').where('id', '=', created.seriesId).executeTakeFirst()).toBeDefined();
  });
});
