import fc from 'fast-check';
import type { Kysely } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subject } from '../../shared/auth/permissions';
import { allTables } from '../../shared/db/tables';
import { newId } from '../../shared/ids';
import { checkPlacements, checkPlacementsIn, type ExamFacts, type Placement } from '../../shared/scheduling/booking-rules';
import { loadScheduleWorld } from '../../shared/scheduling/schedule-data';
import { closeDatabase, openDatabase, type Replica } from '../db/connection';
import { migrateToLatest } from '../db/migrate';
import { cachedClinicSetup } from './schedule-facts';

/*
 * `checkPlacements` reads the rooms' bookings a batch of candidates at a time, only until each placement
 * has a free room. On a real SQLite replica with random bookings (rooms busy, cancelled, long ones that
 * started the day before, the physician's and the patient's own, bookings being replaced), its answer —
 * rooms picked and every conflict — must be the one given by reading every room of the kind around every
 * placement, as it did before.
 */
let directory: string;
let replica: Replica;
let db: Kysely<never>;

const clinicId = newId();
const facilityA = newId();
const facilityB = newId();
const physicianId = newId();
const otherPhysician = newId();
const patientId = newId();
const otherPatient = newId();
const roomsA = Array.from({ length: 11 }, () => newId());
const roomsB = Array.from({ length: 3 }, () => newId());
const equipment = newId();
const inactiveRoom = newId();
const subject = { userId: newId(), clinicId, roles: ['clinic_admin'], facilityIds: [facilityA, facilityB], physicianId: null, attorneyId: null, referringDoctorId: null } as Subject;
const exam: ExamFacts = { id: newId(), name: 'Consult', durationMinutes: 45, resourceKind: 'room' };

const DAY = 86_400_000;
const MINUTE = 60_000;
const START = Date.UTC(2026, 11, 7, 15, 0);

/** A row of `table` with every column filled (defaults by kind), `values` taking precedence. */
function rowOf(table: keyof typeof allTables, values: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [name, column] of Object.entries(allTables[table]?.columns ?? {})) {
    const col = column as { kind: string; nullable: boolean; values?: readonly string[] };
    if (Object.hasOwn(values, name)) row[name] = values[name];
    else if (col.nullable) row[name] = null;
    else row[name] = { id: newId(), text: newId(), enum: col.values?.[0], int: 0, instant: 0, cents: 0, bool: 1, real: 0, date: '2026-01-01', json: '{}' }[col.kind];
  }
  return row;
}
function insert(table: keyof typeof allTables, values: Record<string, unknown>): void {
  const row = rowOf(table, { clinic_id: clinicId, ...values });
  const columns = Object.keys(row);
  replica.sqlite.prepare(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(...columns.map((c) => row[c]));
}

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'medora-rooms-'));
  replica = openDatabase(join(directory, 'medora.sqlite'));
  expect((await migrateToLatest(replica.db as Kysely<unknown>)).error).toBeNull();
  db = replica.db as Kysely<never>;
  // Only the scheduling tables are filled; the rows they point at (users, patients' details) are not needed here.
  replica.sqlite.pragma('foreign_keys = OFF');
  insert('clinics', { id: clinicId, travel_buffer_minutes: 15 });
  for (const [id, name] of [[facilityA, 'East'], [facilityB, 'West']] as const) {
    insert('facilities', { id, name, code: name, time_zone: 'America/New_York', hours_json: '{}', latitude: null, longitude: null });
  }
  // Names out of id order, and one equal pair, so the pick follows names (then the stable order of equals).
  roomsA.forEach((id, index) => insert('facility_resources', { id, facility_id: facilityA, name: `Room ${String((index * 7) % 10).padStart(2, '0')}`, resource_kind: 'room', is_active: 1 }));
  roomsB.forEach((id, index) => insert('facility_resources', { id, facility_id: facilityB, name: `West ${index}`, resource_kind: 'room', is_active: 1 }));
  insert('facility_resources', { id: equipment, facility_id: facilityA, name: 'Room 00 scanner', resource_kind: 'equipment', is_active: 1 });
  insert('facility_resources', { id: inactiveRoom, facility_id: facilityA, name: 'Room 00 old', resource_kind: 'room', is_active: 0 });
  for (const id of [physicianId, otherPhysician]) insert('physicians', { id, first_name: 'Asha', last_name: id === physicianId ? 'Patel' : 'Chen' });
  for (const id of [patientId, otherPatient]) insert('patients', { id, first_name: 'Pat', last_name: 'Doe', preferred_name: null });
}, 60_000);
afterAll(async () => {
  await closeDatabase(replica);
  rmSync(directory, { recursive: true, force: true });
});

const ROOMS = [...roomsA, ...roomsB, equipment, inactiveRoom];

const booking = fc.record({
  room: fc.nat(ROOMS.length - 1),
  placement: fc.nat(7),
  offsetMinutes: fc.integer({ min: -120, max: 60 }),
  minutes: fc.constantFrom(15, 30, 45, 120, 20 * 60),
  status: fc.constantFrom('scheduled', 'scheduled', 'confirmed', 'cancelled', 'no_show'),
  physician: fc.constantFrom(physicianId, otherPhysician, otherPhysician),
  patient: fc.constantFrom(patientId, otherPatient, otherPatient, otherPatient),
  ignored: fc.boolean(),
});

/** Eight placements on consecutive days; some at West, some with a chosen room, two on the same day overlapping. */
function placementsOf(chosen: readonly (number | null)[]): Placement[] {
  return chosen.map((room, index) => {
    const startsAt = START + Math.min(index, 6) * DAY + (index === 7 ? 30 * MINUTE : 0);
    const facilityId = index === 5 ? facilityB : facilityA;
    return {
      facilityId, physicianId, patientId, examTypeId: exam.id, startsAt, endsAt: startsAt + 45 * MINUTE,
      ...(room === null ? {} : { resourceId: ROOMS[room] as string }),
    };
  });
}

describe('room choice reads only the rooms it needs', () => {
  it('gives what reading every room of the kind gives (property, real SQLite)', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(booking, { maxLength: 80 }),
      fc.array(fc.option(fc.nat(ROOMS.length - 1), { nil: null, freq: 4 }), { minLength: 8, maxLength: 8 }),
      async (bookings, chosen) => {
        replica.sqlite.prepare('DELETE FROM appointments').run();
        const ignore = new Set<string>();
        for (const item of bookings) {
          const id = newId();
          if (item.ignored) ignore.add(id);
          const startsAt = START + Math.min(item.placement, 6) * DAY + item.offsetMinutes * MINUTE;
          insert('appointments', {
            id, facility_id: facilityA, physician_id: item.physician, patient_id: item.patient, exam_type_id: exam.id, resource_id: ROOMS[item.room],
            starts_at: startsAt, ends_at: startsAt + item.minutes * MINUTE, status: item.status,
          });
        }
        const placements = placementsOf(chosen);
        const lazy = await checkPlacements(db, { subject, side: 'device' }, exam, placements, ignore);
        // Before: every room of the kind at the placements' facilities read around every placement.
        const everyRoom = (replica.sqlite.prepare(`SELECT id FROM facility_resources WHERE resource_kind = 'room' AND deleted_at IS NULL AND facility_id IN (?, ?)`)
          .all(facilityA, facilityB) as { id: string }[]).map((row) => row.id);
        const world = await loadScheduleWorld(db, {
          clinicId, from: Math.min(...placements.map((p) => p.startsAt)), to: Math.max(...placements.map((p) => p.endsAt)),
          physicianIds: [physicianId], patientIds: [patientId],
          resourceIds: [...new Set([...placements.flatMap((p) => (p.resourceId ? [p.resourceId] : [])), ...everyRoom])],
          side: 'device', windows: placements.map((p) => ({ startsAt: p.startsAt, endsAt: p.endsAt })),
        });
        expect(lazy).toEqual(checkPlacementsIn(world, exam, placements, ignore));
      },
    ), { numRuns: 60 });
  }, 120_000);

  it('picks a later room when the first batches are busy, and reports the first room when none is free', async () => {
    replica.sqlite.prepare('DELETE FROM appointments').run();
    const byName = (replica.sqlite.prepare(`SELECT id FROM facility_resources WHERE facility_id = ? AND resource_kind = 'room' AND is_active = 1 ORDER BY name`)
      .all(facilityA) as { id: string }[]).map((row) => row.id);
    const [first, second] = placementsOf([null, null]) as [Placement, Placement];
    // The first placement: every room but the last one busy; the second: every room busy.
    byName.forEach((room, index) => {
      for (const placement of index < byName.length - 1 ? [first, second] : [second]) {
        insert('appointments', {
          id: newId(), facility_id: facilityA, physician_id: otherPhysician, patient_id: otherPatient, exam_type_id: exam.id, resource_id: room,
          starts_at: placement.startsAt, ends_at: placement.endsAt, status: 'scheduled',
        });
      }
    });
    const [one, two] = await checkPlacements(db, { subject, side: 'device' }, exam, [first, second]);
    expect(one?.placement.resourceId).toBe(byName.at(-1));
    expect(one?.conflicts.map((c) => c.kind)).not.toContain('room_double_booked');
    expect(two?.placement.resourceId).toBe(byName[0]);
    expect(two?.conflicts.filter((c) => c.kind === 'room_double_booked')).toHaveLength(1);
  });

  it('keeps the clinic\'s travel buffer, facilities and rooms in main until one of their tables changes', async () => {
    replica.sqlite.prepare('DELETE FROM appointments').run();
    const placement = placementsOf([null])[0] as Placement;
    const check = async (cached: boolean) => (await checkPlacements(db, { subject, side: 'device' }, exam, [placement], new Set(), cached ? { setup: cachedClinicSetup } : {}))[0];
    const first = await check(true);
    expect(first).toEqual(await check(false));
    expect((await cachedClinicSetup(db, clinicId)).travelBufferMinutes).toBe(15);
    // The room picked is taken out of service, then back; the clinic's travel buffer changes.
    replica.sqlite.prepare('UPDATE facility_resources SET is_active = 0 WHERE id = ?').run(first?.placement.resourceId);
    const second = await check(true);
    expect(second?.placement.resourceId).not.toBe(first?.placement.resourceId);
    expect(second).toEqual(await check(false));
    replica.sqlite.prepare('UPDATE facility_resources SET is_active = 1 WHERE id = ?').run(first?.placement.resourceId);
    expect(await check(true)).toEqual(first);
    replica.sqlite.prepare('UPDATE clinics SET travel_buffer_minutes = 40 WHERE id = ?').run(clinicId);
    expect((await cachedClinicSetup(db, clinicId)).travelBufferMinutes).toBe(40);
    replica.sqlite.prepare('UPDATE clinics SET travel_buffer_minutes = 15 WHERE id = ?').run(clinicId);
  });
});
