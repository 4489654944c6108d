import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { ROLES, type Role, type Subject } from '../../shared/auth/permissions';
import type { Database } from '../../shared/db/tables';
import { newId } from '../../shared/ids';
import { instantAt } from '../../shared/time/facility-time';
import { hashPassword } from '../../server/auth/password';
import { startCore, type Core } from '../../main/core';
import type { Caller } from '../../main/ipc/router';
import type { ChannelName, InputOf, OutputOf } from '../../shared/ipc/contract';
import type { Result } from '../../shared/ipc/result';

/**
 * A small, fully known clinic for integration tests: two facilities in different zones, one user
 * per role, and appointments at both facilities. Small on purpose: the demo generator covers scale.
 */
export const FIXTURE_PASSWORD = 'correct horse battery staple';
export const FIXTURE_DATE = '2026-11-30';

export interface ClinicFixture {
  readonly core: Core;
  readonly db: Kysely<Database>;
  readonly dataDir: string;
  readonly clinicId: string;
  readonly facilityA: string;
  readonly facilityB: string;
  /** Scheduling master data: Dr. Patel (the physician user), Dr. Ode, patients Alice (East) and Bianca (West), a 30-minute consult. */
  readonly scheduling: { physicianId: string; otherPhysicianId: string; patientA: string; patientB: string; examTypeId: string; appointmentIds: string[] };
  readonly users: Record<Role, { id: string; username: string; subject: Subject }>;
  /** Signs a window in as the role's user through the real `auth.login` channel. */
  login(role: Role, windowKey?: string): Promise<Caller>;
  /**
   * A window of the role's user with its session set directly (no password check): for tests that call
   * many channels as several roles, where `login`'s Argon2 hash per call would dominate.
   */
  window(role: Role): Caller;
  /** Inserts a personal-injury case of `patientId` with the fixture's attorney and an LOP on file; returns its id. */
  insertPiCase(patientId: string, values: { caseNumber: string; billingSuspended: boolean; dateOfInjury?: string }): Promise<string>;
  /** Counts rows of every table (to prove a call wrote nothing). */
  rowCounts(): Promise<Record<string, number>>;
  cleanup(): Promise<void>;
}

let cachedHash: Promise<string> | null = null;

/** `now`: main's clock (default the real one), for tests that depend on "today" or on what lies in the past. */
export async function createClinicFixture(options: { now?: () => number } = {}): Promise<ClinicFixture> {
  const dataDir = mkdtempSync(join(tmpdir(), 'medora-test-'));
  const core = await startCore({ dataDir, ...(options.now ? { now: options.now } : {}) });
  if (!core.db) throw new Error(`fixture core failed: ${core.status.problem}`);
  const db = core.db;
  const now = Date.parse('2026-11-28T12:00:00Z');
  const clinicId = newId();
  const system = newId();
  const stamp = () => ({ id: newId(), clinic_id: clinicId, created_at: now, created_by: system, updated_at: now, updated_by: system, deleted_at: null });
  const hours = JSON.stringify({ mon: [{ open: '08:00', close: '17:00' }], tue: [{ open: '08:00', close: '17:00' }] });

  await db.insertInto('clinics').values({
    ...stamp(), id: clinicId, name: 'Fixture Clinic', legal_name: null, tax_id: null, phone: null, email: null,
    idle_timeout_minutes: 15, offline_lease_hours: 72, travel_buffer_minutes: 30, treatment_gap_days: 14, default_time_zone: 'America/New_York',
  }).execute();
  const facility = (name: string, code: string, zone: string) => ({
    ...stamp(), name, code, address_line1: '1 Main St', address_line2: null, city: 'Town', state: 'NY', postal_code: '10001',
    phone: null, latitude: 40.7, longitude: -74, time_zone: zone, hours_json: hours, is_active: 1 as const,
  });
  const a = facility('East Side', 'EAST', 'America/New_York');
  const b = facility('West Side', 'WEST', 'America/Los_Angeles');
  await db.insertInto('facilities').values([a, b]).execute();

  const physician = { ...stamp(), first_name: 'Asha', last_name: 'Patel', credentials: 'MD', npi: '1234567893', specialty: 'Spine', color: '#2563eb', is_active: 1 as const };
  const otherPhysician = { ...stamp(), first_name: 'Ben', last_name: 'Ode', credentials: 'DO', npi: '1245319599', specialty: null, color: '#16a34a', is_active: 1 as const };
  await db.insertInto('physicians').values([physician, otherPhysician]).execute();
  const attorney = { ...stamp(), name: 'Rosa Reyes', firm_name: 'Reyes Law', phone: null, email: null, address: null };
  await db.insertInto('attorneys').values(attorney).execute();
  const referrer = { ...stamp(), name: 'Dr. Kim', npi: null, practice_name: 'Kim Family Medicine', phone: null, email: null };
  await db.insertInto('referring_doctors').values(referrer).execute();
  const exam = { ...stamp(), name: 'Consult', duration_minutes: 30, color: '#9333ea', resource_kind: null, is_billable: 1 as const, default_codes_json: '[]', is_active: 1 as const };
  await db.insertInto('exam_types').values(exam).execute();
  const patient = (first: string, facilityId: string) => ({
    ...stamp(), mrn: `MRN-${first}`, first_name: first, middle_name: null, last_name: 'Doe', preferred_name: null, date_of_birth: '1980-02-03',
    sex: 'female' as const, phone: null, email: null, address_line1: null, address_line2: null, city: null, state: null, postal_code: null,
    preferred_language: null, sms_consent: 0 as const, email_consent: 0 as const, phone_consent: 1 as const, emergency_contact_name: null,
    emergency_contact_phone: null, home_facility_id: facilityId, referring_doctor_id: null, merged_into_id: null, notes: null,
  });
  const pa = patient('Alice', a.id);
  const pb = patient('Bianca', b.id);
  await db.insertInto('patients').values([pa, pb]).execute();
  const appointment = (patientId: string, facilityId: string, physicianId: string, zone: string, time: string) => {
    const startsAt = instantAt(FIXTURE_DATE, time, zone);
    return {
      ...stamp(), facility_id: facilityId, physician_id: physicianId, patient_id: patientId, exam_type_id: exam.id, resource_id: null,
      case_id: null, series_id: null, rescheduled_from_id: null, starts_at: startsAt, ends_at: startsAt + 30 * 60_000,
      status: 'scheduled' as const, cancel_reason: null, override_reason: null, overridden_conflicts: null, notes: null, checked_in_at: null, completed_at: null,
    };
  };
  const appointmentRows = [
    appointment(pa.id, a.id, physician.id, 'America/New_York', '09:00'),
    appointment(pa.id, a.id, otherPhysician.id, 'America/New_York', '10:00'),
    appointment(pb.id, b.id, otherPhysician.id, 'America/Los_Angeles', '09:00'),
  ];
  await db.insertInto('appointments').values(appointmentRows).execute();

  cachedHash ??= hashPassword(FIXTURE_PASSWORD);
  const passwordHash = await cachedHash;
  const users = {} as Record<Role, { id: string; username: string; subject: Subject }>;
  for (const role of ROLES) {
    const user = {
      ...stamp(), username: role.replaceAll('_', '.'), display_name: `Test ${role}`, email: null, is_active: 1 as const,
      physician_id: role === 'physician' ? physician.id : null,
      attorney_id: role === 'attorney' ? attorney.id : null,
      referring_doctor_id: role === 'referring_doctor' ? referrer.id : null,
    };
    await db.insertInto('users').values(user).execute();
    await db.insertInto('user_roles').values({ ...stamp(), user_id: user.id, role }).execute();
    const facilityIds = role === 'front_desk' ? [a.id] : [];
    for (const facilityId of facilityIds) await db.insertInto('user_facilities').values({ ...stamp(), user_id: user.id, facility_id: facilityId }).execute();
    await db.insertInto('local_credentials').values({ user_id: user.id, clinic_id: clinicId, username: user.username, password_hash: passwordHash, offline_valid_until: null, must_change_password: 0, updated_at: now }).execute();
    users[role] = {
      id: user.id,
      username: user.username,
      subject: {
        userId: user.id, clinicId, roles: [role], facilityIds, physicianId: user.physician_id, attorneyId: user.attorney_id, referringDoctorId: user.referring_doctor_id,
      },
    };
  }
  await core.refreshStatus();

  return {
    core, db, dataDir, clinicId, facilityA: a.id, facilityB: b.id, users,
    scheduling: { physicianId: physician.id, otherPhysicianId: otherPhysician.id, patientA: pa.id, patientB: pb.id, examTypeId: exam.id, appointmentIds: appointmentRows.map((row) => row.id) },
    async login(role, windowKey = `test-${role}-${newId()}`) {
      const caller: Caller = { transport: 'bridge', windowKey };
      const result = await core.router.dispatch(caller, 'auth.login', { username: users[role].username, password: FIXTURE_PASSWORD });
      if (!result.ok) throw new Error(`login as ${role} failed: ${result.error.code}`);
      return caller;
    },
    window(role) {
      const windowKey = `test-${role}-${newId()}`;
      const user = users[role];
      core.sessions.set({
        windowKey, subject: user.subject, username: user.username, displayName: role, clinicName: 'Fixture Clinic',
        deviceId: core.deviceId, idleTimeoutMs: 15 * 60_000, lastActivityAt: Date.now(), lockedAt: null, mustChangePassword: false,
      });
      return { transport: 'bridge', windowKey };
    },
    async insertPiCase(patientId, values) {
      const id = newId();
      await db.insertInto('cases').values({
        ...stamp(), id, patient_id: patientId, case_number: values.caseNumber, case_type: 'pi_auto', status: 'treating', date_of_injury: values.dateOfInjury ?? '2026-09-01',
        accident_state: 'NY', description: null, attorney_id: attorney.id, lop_status: 'on_file', lop_document_id: null, policy_limit_cents: null,
        referral_source: null, billing_suspended: values.billingSuspended ? 1 : 0, last_attorney_contact_at: null,
      }).execute();
      return id;
    },
    async rowCounts() {
      const sqlite = core.replica?.sqlite;
      if (!sqlite) throw new Error('no replica');
      const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
      const counts: Record<string, number> = {};
      for (const { name } of tables) counts[name] = (sqlite.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n;
      return counts;
    },
    async cleanup() {
      await core.close().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The router's answer typed by the channel's declared output (tests only; the router itself trusts no types). */
export async function invoke<C extends ChannelName>(core: Core, caller: Caller, channel: C, input: InputOf<C>): Promise<Result<OutputOf<C>>> {
  return (await core.router.dispatch(caller, channel, input)) as Result<OutputOf<C>>;
}
