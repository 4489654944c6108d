import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type Sqlite from 'better-sqlite3';
import { DATABASE_FILE, startCore } from '../main/core';
import { seedDemoClinic } from '../main/db/seed-demo';
import { FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES } from '../shared/demo/reference-data';
import { newId } from '../shared/ids';
import { addDaysToDate, instantAt, localDate, weekdayOf } from '../shared/time/facility-time';
import type { BenchContext } from './harness';

/**
 * A replica shaped for the scheduling targets: the small demo clinic (users, facilities, exam types,
 * physicians with templates) plus a busy facility of 40 physicians (desk.east's), their rooms,
 * templates and offerings, 60,000 more patients, and exactly 1,000,000 appointments filled into every
 * physician's weekly template, 82–90 % booked, going back from half a year after `SCHEDULING_NOW`.
 * Built once into `.tmp/bench/scheduling/` with raw prepared statements in 50,000-row transactions;
 * rebuilt when the replica's schema (sqlite_master) or this generator changes.
 */
export const SCHEDULING_NOW = Date.parse('2026-11-30T14:00:00Z'); // Monday 09:00 in New York
export const APPOINTMENT_COUNT = 1_000_000;
export const FACILITY_PHYSICIANS = 40;
const EXTRA_PATIENTS = 60_000;
const GENERATOR_VERSION = 1;
const ROWS_PER_TRANSACTION = 50_000;

export interface SchedulingDatabase {
  readonly dataDir: string;
  readonly facilityId: string;
  readonly facilityZone: string;
  readonly examTypeId: string;
  readonly appointments: number;
  readonly buildMs: number;
  readonly builtAt: string;
  readonly wasBuilt: boolean;
}

interface Meta { fingerprint: string; facilityId: string; facilityZone: string; examTypeId: string; appointments: number; buildMs: number; builtAt: string }

function lcg(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

interface SchemaObject { type: string; name: string; sql: string | null }

/** The objects (tables, indexes, triggers) of a freshly migrated replica. */
async function freshSchema(): Promise<SchemaObject[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'medora-bench-schema-'));
  const core = await startCore({ dataDir });
  try {
    if (!core.replica) throw new Error(`The core did not start: ${core.status.problem ?? 'unknown problem'}`);
    return schemaOf(core.replica.sqlite);
  } finally {
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function schemaOf(sqlite: Sqlite.Database): SchemaObject[] {
  return sqlite.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all() as SchemaObject[];
}

/** A hash of the generator version and the schema objects (all, or all but the indexes). */
function fingerprintOf(objects: readonly SchemaObject[], withIndexes = true): string {
  const kept = objects.filter((object) => withIndexes || object.type !== 'index');
  return createHash('sha256').update(`${GENERATOR_VERSION}\n${kept.map((row) => `${row.type} ${row.name} ${row.sql ?? ''}`).join('\n')}`).digest('hex').slice(0, 16);
}

/**
 * When only indexes changed (the usual outcome of a performance fix), the cached replica is brought up to
 * date in place (drop the removed ones, create the new ones) instead of being rebuilt. Returns false when
 * tables or triggers differ.
 */
function upgradeIndexes(databaseFile: string, fresh: readonly SchemaObject[], context: BenchContext): boolean {
  const sqlite = new Database(databaseFile);
  try {
    const cached = schemaOf(sqlite);
    if (fingerprintOf(cached, false) !== fingerprintOf(fresh, false)) return false;
    const key = (object: SchemaObject) => `${object.name}\n${object.sql ?? ''}`;
    const wanted = new Set(fresh.filter((object) => object.type === 'index').map(key));
    const present = new Set(cached.filter((object) => object.type === 'index').map(key));
    for (const object of cached) {
      if (object.type === 'index' && object.sql && !wanted.has(key(object))) {
        context.log(`  dropping index ${object.name}`);
        sqlite.exec(`DROP INDEX "${object.name}"`);
      }
    }
    for (const object of fresh) {
      if (object.type === 'index' && object.sql && !present.has(key(object))) {
        context.log(`  creating index ${object.name}`);
        sqlite.exec(object.sql);
      }
    }
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    return true;
  } finally {
    sqlite.close();
  }
}

export async function ensureSchedulingDatabase(context: BenchContext): Promise<SchedulingDatabase> {
  const root = join(context.projectDir, '.tmp', 'bench');
  const dataDir = join(root, 'scheduling');
  const metaFile = join(dataDir, 'scheduling-meta.json');
  const schema = await freshSchema();
  const fingerprint = fingerprintOf(schema);
  if (!context.isFresh && existsSync(join(dataDir, DATABASE_FILE)) && existsSync(metaFile)) {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as Meta;
    if (meta.fingerprint === fingerprint) {
      context.log(`Reusing ${dataDir} (built ${meta.builtAt})`);
      return { dataDir, ...meta, wasBuilt: false };
    }
    context.log('The replica schema changed since the cached scheduling database was built; bringing its indexes up to date...');
    if (upgradeIndexes(join(dataDir, DATABASE_FILE), schema, context)) {
      const upgraded = { ...meta, fingerprint };
      writeFileSync(metaFile, `${JSON.stringify(upgraded, null, 2)}\n`);
      return { dataDir, ...upgraded, wasBuilt: false };
    }
    context.log('Tables or triggers changed (or the generator did); rebuilding.');
  }

  const building = join(root, `scheduling.building-${process.pid}`);
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  const started = performance.now();
  const core = await startCore({ dataDir: building, now: () => SCHEDULING_NOW });
  let meta: Meta;
  try {
    if (!core.db || !core.replica) throw new Error(`The core did not start: ${core.status.problem ?? 'unknown problem'}`);
    context.log('Seeding the small demo clinic (users, facilities, exam types, physicians)...');
    await seedDemoClinic(core.db, { scale: { patients: 500, appointments: 2_500 } });
    meta = { fingerprint, ...fill(core.replica.sqlite, context), buildMs: 0, builtAt: '' };
    core.replica.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    await core.close();
  }
  meta.buildMs = performance.now() - started;
  meta.builtAt = new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  writeFileSync(join(building, 'scheduling-meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
  rmSync(dataDir, { recursive: true, force: true });
  renameSync(building, dataDir);
  context.log(`Built in ${(meta.buildMs / 1000).toFixed(1)} s`);
  return { dataDir, ...meta, wasBuilt: true };
}

function fill(sqlite: Sqlite.Database, context: BenchContext): Omit<Meta, 'fingerprint' | 'buildMs' | 'builtAt'> {
  const random = lcg(20_261_130);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const clinicId = (sqlite.prepare('SELECT id FROM clinics').get() as { id: string }).id;
  const facility = sqlite.prepare(`SELECT f.id, f.time_zone FROM facilities f JOIN user_facilities uf ON uf.facility_id = f.id JOIN users u ON u.id = uf.user_id
    WHERE u.username = 'desk.east' AND uf.deleted_at IS NULL LIMIT 1`).get() as { id: string; time_zone: string };
  const otherFacility = (sqlite.prepare('SELECT id FROM facilities WHERE id != ? AND deleted_at IS NULL ORDER BY code LIMIT 1').get(facility.id) as { id: string }).id;
  const exam = (key: string) => sqlite.prepare('SELECT id, duration_minutes FROM exam_types WHERE name = ?').get(key) as { id: string; duration_minutes: number };
  const consult = exam('New Patient Consultation');
  const followUp = exam('Follow-up Visit');
  const stamp = 0;
  const by = 'bench';
  const prefix = `?, '${clinicId}', ${stamp}, '${by}', ${stamp}, '${by}', NULL`;

  context.log(`Giving the facility ${FACILITY_PHYSICIANS} physicians with rooms, templates and offerings...`);
  const assigned = (sqlite.prepare('SELECT physician_id FROM physician_facilities WHERE facility_id = ? AND deleted_at IS NULL').all(facility.id) as { physician_id: string }[])
    .map((row) => row.physician_id);
  const insertPhysician = sqlite.prepare(`INSERT INTO physicians (id, clinic_id, created_at, created_by, updated_at, updated_by, deleted_at, first_name, last_name, credentials, npi, specialty, color, is_active)
    VALUES (${prefix}, ?, ?, 'MD', ?, 'Orthopedics', '#2563eb', 1)`);
  const insertAssignment = sqlite.prepare(`INSERT INTO physician_facilities (id, clinic_id, created_at, created_by, updated_at, updated_by, deleted_at, physician_id, facility_id) VALUES (${prefix}, ?, ?)`);
  const insertTemplate = sqlite.prepare(`INSERT INTO availability_templates (id, clinic_id, created_at, created_by, updated_at, updated_by, deleted_at, physician_id, facility_id, weekday,
    start_minute, end_minute, effective_from, effective_to) VALUES (${prefix}, ?, ?, ?, ?, ?, '2020-01-01', NULL)`);
  const insertOffering = sqlite.prepare(`INSERT INTO exam_type_offerings (id, clinic_id, created_at, created_by, updated_at, updated_by, deleted_at, exam_type_id, facility_id, physician_id)
    VALUES (${prefix}, ?, NULL, ?)`);
  const insertRoom = sqlite.prepare(`INSERT INTO facility_resources (id, clinic_id, created_at, created_by, updated_at, updated_by, deleted_at, facility_id, name, resource_kind, is_active)
    VALUES (${prefix}, ?, ?, 'room', 1)`);
  sqlite.transaction(() => {
    for (let index = assigned.length; index < FACILITY_PHYSICIANS; index += 1) {
      const id = newId();
      insertPhysician.run(id, pick(FEMALE_FIRST_NAMES), `${pick(LAST_NAMES)}-${index}`, `9${String(100_000_000 + index).slice(1)}`);
      insertAssignment.run(newId(), id, facility.id);
      // Every fourth works Thursdays at another facility (busy elsewhere, travel buffer).
      if (index % 4 === 0) insertAssignment.run(newId(), id, otherFacility);
      for (const weekday of [1, 2, 3, 4, 5]) {
        const at = weekday === 4 && index % 4 === 0 ? otherFacility : facility.id;
        insertTemplate.run(newId(), id, at, weekday, 8 * 60, 17 * 60);
      }
      insertOffering.run(newId(), consult.id, id);
      insertOffering.run(newId(), followUp.id, id);
      assigned.push(id);
    }
    for (let room = 1; room <= FACILITY_PHYSICIANS; room += 1) insertRoom.run(newId(), facility.id, `Bench Room ${room}`);
  })();
  const rooms = (sqlite.prepare("SELECT id FROM facility_resources WHERE facility_id = ? AND name LIKE 'Bench Room %' ORDER BY name").all(facility.id) as { id: string }[]).map((row) => row.id);
  const roomOf = new Map(assigned.map((id, index) => [id, rooms[index] as string]));

  context.log(`Adding ${EXTRA_PATIENTS.toLocaleString('en-US')} patients...`);
  const facilities = (sqlite.prepare('SELECT id, time_zone FROM facilities WHERE deleted_at IS NULL').all() as { id: string; time_zone: string }[]);
  const zoneOf = new Map(facilities.map((row) => [row.id, row.time_zone]));
  const insertPatient = sqlite.prepare(`INSERT INTO patients (id, clinic_id, created_at, created_by, updated_at, updated_by, deleted_at, mrn, first_name, middle_name,
    last_name, preferred_name, date_of_birth, sex, phone, email, address_line1, address_line2, city, state, postal_code, preferred_language, sms_consent,
    email_consent, phone_consent, emergency_contact_name, emergency_contact_phone, home_facility_id, referring_doctor_id, merged_into_id, notes)
    VALUES (${prefix}, ?, ?, NULL, ?, NULL, ?, ?, ?, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1, 0, 1, NULL, NULL, ?, NULL, NULL, NULL)`);
  sqlite.transaction(() => {
    for (let index = 0; index < EXTRA_PATIENTS; index += 1) {
      const female = random() < 0.5;
      const dob = `${1940 + Math.floor(random() * 65)}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
      insertPatient.run(newId(), `S${String(index).padStart(7, '0')}`, pick(female ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES), pick(LAST_NAMES), dob, female ? 'female' : 'male',
        `(215) 555-${String(index % 10_000).padStart(4, '0')}`, pick(facilities).id);
    }
  })();
  const patients = (sqlite.prepare('SELECT id FROM patients').all() as { id: string }[]).map((row) => row.id);

  // The demo's own appointments stay; the generated ones bring the total to exactly APPOINTMENT_COUNT.
  const existing = (sqlite.prepare('SELECT count(*) AS n FROM appointments').get() as { n: number }).n;
  const target = APPOINTMENT_COUNT - existing;
  const templates = sqlite.prepare(`SELECT t.physician_id, t.facility_id, t.weekday, t.start_minute, t.end_minute FROM availability_templates t
    JOIN physicians p ON p.id = t.physician_id WHERE t.deleted_at IS NULL AND t.effective_to IS NULL AND p.is_active = 1 AND p.deleted_at IS NULL ORDER BY t.physician_id, t.start_minute`)
    .all() as { physician_id: string; facility_id: string; weekday: number; start_minute: number; end_minute: number }[];
  const byWeekday = new Map<number, typeof templates>();
  for (const template of templates) byWeekday.set(template.weekday, [...(byWeekday.get(template.weekday) ?? []), template]);
  const insertAppointment = sqlite.prepare(`INSERT INTO appointments (id, clinic_id, created_at, created_by, updated_at, updated_by, deleted_at, facility_id,
    physician_id, patient_id, exam_type_id, resource_id, case_id, series_id, rescheduled_from_id, starts_at, ends_at, status, cancel_reason, override_reason,
    overridden_conflicts, notes, checked_in_at, completed_at) VALUES (${prefix}, ?, ?, ?, ?, ?, NULL, NULL, NULL, ?, ?, ?, ?, NULL, NULL, NULL, ?, ?)`);
  const busyUntil = new Map<string, number>(); // physician → end of their last appointment on the day being filled (a template may repeat a weekday)
  const lastDate = addDaysToDate(localDate(SCHEDULING_NOW, facility.time_zone), 182);
  context.log(`Filling ${target.toLocaleString('en-US')} appointments back from ${lastDate} (${ROWS_PER_TRANSACTION.toLocaleString('en-US')} per transaction)...`);
  let written = 0;
  let date = lastDate;
  let lastLog = Date.now();
  const MINUTE = 60_000;
  const fillDay = (day: string, budget: number): number => {
    let count = 0;
    busyUntil.clear();
    for (const template of byWeekday.get(weekdayOf(day)) ?? []) {
      const zone = zoneOf.get(template.facility_id);
      if (!zone) continue;
      const dayStart = instantAt(day, '00:00', zone);
      let at = Math.max(dayStart + template.start_minute * MINUTE, busyUntil.get(template.physician_id) ?? 0);
      const end = dayStart + template.end_minute * MINUTE;
      const room = template.facility_id === facility.id ? roomOf.get(template.physician_id) ?? null : null;
      while (at < end && count < budget) {
        if (random() < 0.18) { at += 15 * MINUTE; continue; }
        const type = random() < 0.5 ? followUp : consult;
        const endsAt = at + type.duration_minutes * MINUTE;
        if (endsAt > end) break;
        const past = endsAt < SCHEDULING_NOW;
        const roll = random();
        const status = past ? (roll < 0.84 ? 'completed' : roll < 0.9 ? 'no_show' : 'cancelled') : (roll < 0.05 ? 'cancelled' : roll < 0.5 ? 'confirmed' : 'scheduled');
        insertAppointment.run(newId(), template.facility_id, template.physician_id, pick(patients), type.id, room, at, endsAt, status,
          status === 'cancelled' ? 'Patient called' : null, status === 'completed' ? at - 10 * MINUTE : null, status === 'completed' ? endsAt : null);
        at = endsAt;
        count += 1;
      }
      busyUntil.set(template.physician_id, at);
    }
    return count;
  };
  while (written < target) {
    sqlite.transaction(() => {
      const stop = Math.min(target, written + ROWS_PER_TRANSACTION);
      while (written < stop) {
        written += fillDay(date, target - written);
        date = addDaysToDate(date, -1);
      }
    })();
    if (Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      context.log(`  ${written.toLocaleString('en-US')} appointments (back to ${date})`);
    }
  }
  context.log(`Filled back to ${date}.`);
  return { facilityId: facility.id, facilityZone: facility.time_zone, examTypeId: consult.id, appointments: APPOINTMENT_COUNT };
}
