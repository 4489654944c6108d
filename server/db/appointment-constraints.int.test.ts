import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids';
import { createTestDatabase, type TestDatabase } from '../../test/support/postgres';

/*
 * The Postgres exclusion constraints that back conflict detection on the server, written to directly
 * (as a second server process or a late-syncing device racing the mutator's check would):
 * a patient and a room are never double-booked unless that very conflict was overridden on the
 * appointment (`overridden_conflicts`); a physician never, whatever was overridden.
 */
let database: TestDatabase;
const clinicId = newId();
const ids = {
  facility: newId(), physicianA: newId(), physicianB: newId(), physicianC: newId(), patientA: newId(), patientB: newId(), patientC: newId(),
  exam: newId(), room: newId(), otherRoom: newId(),
};
const HOUR = 3_600_000;
const T0 = Date.parse('2026-12-07T14:00:00Z');
const stamp = () => ({ id: newId(), clinic_id: clinicId, created_at: 1, created_by: 'test', updated_at: 1, updated_by: 'test', deleted_at: null });

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  await db.insertInto('clinics').values({
    ...stamp(), id: clinicId, name: 'Constraint Clinic', legal_name: null, tax_id: null, phone: null, email: null, idle_timeout_minutes: 15,
    offline_lease_hours: 72, travel_buffer_minutes: 30, treatment_gap_days: 14, default_time_zone: 'America/New_York',
  }).execute();
  await db.insertInto('facilities').values({
    ...stamp(), id: ids.facility, name: 'East Side', code: 'EAST', address_line1: '1 Main St', address_line2: null, city: 'Town', state: 'NY', postal_code: '10001',
    phone: null, latitude: null, longitude: null, time_zone: 'America/New_York', hours_json: '{}', is_active: 1,
  }).execute();
  await db.insertInto('physicians').values([ids.physicianA, ids.physicianB, ids.physicianC].map((id, index) => ({
    ...stamp(), id, first_name: `Doc${index}`, last_name: 'Test', credentials: 'MD', npi: `100000000${index}`, specialty: null, color: '#2563eb', is_active: 1 as const,
  }))).execute();
  await db.insertInto('patients').values([ids.patientA, ids.patientB, ids.patientC].map((id, index) => ({
    ...stamp(), id, mrn: `MRN-${index}`, first_name: `Pat${index}`, middle_name: null, last_name: 'Doe', preferred_name: null, date_of_birth: '1980-01-01', sex: 'female' as const,
    phone: null, email: null, address_line1: null, address_line2: null, city: null, state: null, postal_code: null, preferred_language: null, sms_consent: 0 as const,
    email_consent: 0 as const, phone_consent: 0 as const, emergency_contact_name: null, emergency_contact_phone: null, home_facility_id: ids.facility,
    referring_doctor_id: null, merged_into_id: null, notes: null,
  }))).execute();
  await db.insertInto('exam_types').values({
    ...stamp(), id: ids.exam, name: 'Consult', duration_minutes: 60, color: '#9333ea', resource_kind: 'room', is_billable: 1, default_codes_json: '[]', is_active: 1,
  }).execute();
  await db.insertInto('facility_resources').values([ids.room, ids.otherRoom].map((id, index) => ({
    ...stamp(), id, facility_id: ids.facility, name: `Room ${index + 1}`, resource_kind: 'room' as const, is_active: 1 as const,
  }))).execute();
}, 120_000);
afterAll(async () => database.drop());

interface Booking {
  physician: string;
  patient: string;
  room?: string | null;
  startsAt?: number;
  endsAt?: number;
  status?: 'scheduled' | 'cancelled' | 'no_show';
  overridden?: string | null;
}

/** Inserts one appointment; resolves to its id, or to the name of the constraint that refused it. */
async function book(booking: Booking): Promise<{ id: string } | { refusedBy: string }> {
  const row = {
    ...stamp(), facility_id: ids.facility, physician_id: booking.physician, patient_id: booking.patient, exam_type_id: ids.exam, resource_id: booking.room ?? null,
    case_id: null, series_id: null, rescheduled_from_id: null, starts_at: booking.startsAt ?? T0, ends_at: booking.endsAt ?? T0 + HOUR,
    status: booking.status ?? 'scheduled', cancel_reason: booking.status === 'cancelled' ? 'Called' : null, override_reason: booking.overridden ? 'Doctor agreed' : null,
    overridden_conflicts: booking.overridden ?? null, notes: null, checked_in_at: null, completed_at: null,
  };
  try {
    await database.db.insertInto('appointments').values(row).execute();
    return { id: row.id };
  } catch (error) {
    const pgError = error as { code?: string; constraint?: string };
    if (pgError.code !== '23P01') throw error;
    return { refusedBy: pgError.constraint ?? 'unknown' };
  }
}

/** Each test gets its own hour, far from the others. */
let hour = 0;
const nextHour = () => T0 + 24 * HOUR * ++hour;

describe('appointment exclusion constraints in Postgres', () => {
  it('refuses a patient booked twice at overlapping times (with different physicians), but not back to back or over a cancelled visit', async () => {
    const at = nextHour();
    expect(await book({ physician: ids.physicianA, patient: ids.patientA, startsAt: at, endsAt: at + HOUR })).toHaveProperty('id');
    expect(await book({ physician: ids.physicianB, patient: ids.patientA, startsAt: at + HOUR / 2, endsAt: at + 2 * HOUR })).toEqual({ refusedBy: 'appointments_patient_no_overlap' });
    // Half-open intervals: ending exactly when the next starts is no overlap.
    expect(await book({ physician: ids.physicianB, patient: ids.patientA, startsAt: at + HOUR, endsAt: at + 2 * HOUR })).toHaveProperty('id');
    expect(await book({ physician: ids.physicianC, patient: ids.patientA, startsAt: at - HOUR, endsAt: at })).toHaveProperty('id');
    // A cancelled or no-show appointment holds nothing.
    expect(await book({ physician: ids.physicianC, patient: ids.patientA, startsAt: at, endsAt: at + HOUR, status: 'cancelled' })).toHaveProperty('id');
    expect(await book({ physician: ids.physicianC, patient: ids.patientA, startsAt: at, endsAt: at + HOUR, status: 'no_show' })).toHaveProperty('id');
  });

  it('lets a patient double-booking through only when that conflict was overridden on the appointment', async () => {
    const at = nextHour();
    expect(await book({ physician: ids.physicianA, patient: ids.patientB, startsAt: at, endsAt: at + HOUR })).toHaveProperty('id');
    // Overriding another kind does not cover this one.
    expect(await book({ physician: ids.physicianB, patient: ids.patientB, startsAt: at, endsAt: at + HOUR, overridden: 'room_double_booked' }))
      .toEqual({ refusedBy: 'appointments_patient_no_overlap' });
    expect(await book({ physician: ids.physicianB, patient: ids.patientB, startsAt: at, endsAt: at + HOUR, overridden: 'outside_availability,patient_double_booked' })).toHaveProperty('id');
  });

  it('refuses a room booked twice, unless the room conflict was overridden', async () => {
    const at = nextHour();
    expect(await book({ physician: ids.physicianA, patient: ids.patientA, room: ids.room, startsAt: at, endsAt: at + HOUR })).toHaveProperty('id');
    expect(await book({ physician: ids.physicianB, patient: ids.patientB, room: ids.room, startsAt: at + HOUR - 60_000, endsAt: at + 2 * HOUR }))
      .toEqual({ refusedBy: 'appointments_resource_no_overlap' });
    expect(await book({ physician: ids.physicianB, patient: ids.patientB, room: ids.otherRoom, startsAt: at, endsAt: at + HOUR })).toHaveProperty('id');
    expect(await book({ physician: ids.physicianC, patient: ids.patientC, room: ids.room, startsAt: at, endsAt: at + HOUR, overridden: 'patient_double_booked' }))
      .toEqual({ refusedBy: 'appointments_resource_no_overlap' });
    expect(await book({ physician: ids.physicianC, patient: ids.patientC, room: ids.room, startsAt: at, endsAt: at + HOUR, overridden: 'room_double_booked' })).toHaveProperty('id');
  });

  it('refuses a physician double-booking whatever was overridden, and a move into an overlap', async () => {
    const at = nextHour();
    expect(await book({ physician: ids.physicianA, patient: ids.patientA, startsAt: at, endsAt: at + HOUR })).toHaveProperty('id');
    expect(await book({ physician: ids.physicianA, patient: ids.patientB, startsAt: at, endsAt: at + HOUR, overridden: 'physician_double_booked,patient_double_booked,room_double_booked' }))
      .toEqual({ refusedBy: 'appointments_physician_no_overlap' });
    const later = await book({ physician: ids.physicianB, patient: ids.patientA, startsAt: at + 2 * HOUR, endsAt: at + 3 * HOUR });
    if (!('id' in later)) throw new Error(`the later visit was refused by ${later.refusedBy}`);
    await expect(database.db.updateTable('appointments').set({ starts_at: at + HOUR / 2, ends_at: at + HOUR * 1.5 }).where('id', '=', later.id).execute())
      .rejects.toMatchObject({ code: '23P01', constraint: 'appointments_patient_no_overlap' });
    const { rows } = await database.pool.query('SELECT starts_at FROM appointments WHERE id = $1', [later.id]);
    expect(Number(rows[0].starts_at)).toBe(at + 2 * HOUR);
  });
});
