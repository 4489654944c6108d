import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCore } from '../../main/core';
import { seedDemoClinic } from '../../main/db/seed-demo';
import type { Caller } from '../../main/ipc/router';
import { DEMO_PASSWORD } from '../../shared/demo/demo-clinic';
import { FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES } from '../../shared/demo/reference-data';
import { newId } from '../../shared/ids';
import { atMost, count, milliseconds, reported, seconds, summarize, type BenchContext, type SuiteReport } from '../harness';

const PATIENTS = 100_000;
const APPOINTMENTS = 300_000;
const TYPED_PATIENTS = 12;

/** A small deterministic generator, so every run searches the same clinic. */
function lcg(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * Patient search as a person types it, through the real router (session, validation, permission, the
 * handler, the scoped repository, the audit entry each search writes) on a replica of 100,000 patients
 * and 300,000 appointments. Every keystroke is one `patient.search` call.
 */
export async function run(context: BenchContext): Promise<SuiteReport> {
  const dataDir = mkdtempSync(join(tmpdir(), 'medora-bench-patients-'));
  const core = await startCore({ dataDir });
  try {
    if (!core.db || !core.replica) throw new Error(`The core did not start: ${core.status.problem ?? 'unknown problem'}`);
    context.log('Seeding the demo clinic (users, facilities, physicians)...');
    await seedDemoClinic(core.db, { scale: { patients: 500, appointments: 2_500 } });
    const sqlite = core.replica.sqlite;
    const clinic = sqlite.prepare('SELECT id FROM clinics').get() as { id: string };
    const facilities = (sqlite.prepare('SELECT id FROM facilities').all() as { id: string }[]).map((row) => row.id);
    const physicians = (sqlite.prepare('SELECT id FROM physicians').all() as { id: string }[]).map((row) => row.id);
    const examType = (sqlite.prepare('SELECT id FROM exam_types LIMIT 1').get() as { id: string }).id;
    const existing = (sqlite.prepare('SELECT count(*) AS n FROM patients').get() as { n: number }).n;
    const random = lcg(20_261_128);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

    context.log(`Adding ${count(PATIENTS - existing)} patients and ${count(APPOINTMENTS)} appointments (the search index is kept by triggers)...`);
    const insertPatient = sqlite.prepare(`INSERT INTO patients (id, clinic_id, created_at, created_by, updated_at, updated_by, deleted_at, mrn, first_name, middle_name,
      last_name, preferred_name, date_of_birth, sex, phone, email, address_line1, address_line2, city, state, postal_code, preferred_language, sms_consent,
      email_consent, phone_consent, emergency_contact_name, emergency_contact_phone, home_facility_id, referring_doctor_id, merged_into_id, notes)
      VALUES (?, ?, 0, 'bench', 0, 'bench', NULL, ?, ?, NULL, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1, 0, 1, NULL, NULL, ?, NULL, NULL, NULL)`);
    const insertAppointment = sqlite.prepare(`INSERT INTO appointments (id, clinic_id, created_at, created_by, updated_at, updated_by, deleted_at, facility_id,
      physician_id, patient_id, exam_type_id, resource_id, case_id, series_id, rescheduled_from_id, starts_at, ends_at, status, cancel_reason, override_reason,
      notes, checked_in_at, completed_at) VALUES (?, ?, 0, 'bench', 0, 'bench', NULL, ?, ?, ?, ?, NULL, NULL, NULL, NULL, ?, ?, 'scheduled', NULL, NULL, NULL, NULL, NULL)`);
    const patientIds: string[] = [];
    const started = performance.now();
    sqlite.transaction(() => {
      for (let index = existing; index < PATIENTS; index += 1) {
        const female = random() < 0.5;
        const first = pick(female ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES);
        const id = newId();
        const year = 1940 + Math.floor(random() * 65);
        const dob = `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
        const phone = `(${200 + Math.floor(random() * 700)}) ${String(Math.floor(random() * 1000)).padStart(3, '0')}-${String(Math.floor(random() * 10_000)).padStart(4, '0')}`;
        insertPatient.run(id, clinic.id, `B${String(index).padStart(7, '0')}`, first, pick(LAST_NAMES), random() < 0.1 ? first.slice(0, 3) : null, dob,
          female ? 'female' : 'male', phone, pick(facilities));
        patientIds.push(id);
      }
      const base = Date.parse('2026-01-05T14:00:00Z');
      for (let index = 0; index < APPOINTMENTS; index += 1) {
        const startsAt = base + Math.floor(random() * 330) * 86_400_000 + Math.floor(random() * 16) * 1_800_000;
        insertAppointment.run(newId(), clinic.id, pick(facilities), pick(physicians), pick(patientIds), examType, startsAt, startsAt + 1_800_000);
      }
    })();
    const seedMs = performance.now() - started;
    sqlite.exec('ANALYZE');
    await core.refreshStatus();

    // Keystrokes: each sampled patient's "Last First" typed letter by letter, a typo, the phone typed digit by digit, the MRN, the date of birth.
    const sample = sqlite.prepare('SELECT last_name, first_name, phone, mrn, date_of_birth FROM patients ORDER BY id LIMIT ? OFFSET 1000')
      .all(TYPED_PATIENTS) as { last_name: string; first_name: string; phone: string; mrn: string; date_of_birth: string }[];
    const nameKeys: string[] = [];
    const typoKeys: string[] = [];
    const numberKeys: string[] = [];
    for (const patient of sample) {
      const typed = `${patient.last_name} ${patient.first_name}`;
      for (let length = 1; length <= typed.length; length += 1) nameKeys.push(typed.slice(0, length));
      const last = patient.last_name;
      typoKeys.push(`${last.slice(0, 1)}${last.slice(2, 3)}${last.slice(1, 2)}${last.slice(3)}`, `${last.slice(0, -1)}x ${patient.first_name.slice(0, 2)}`);
      const digits = patient.phone.replace(/\D/g, '');
      for (let length = 3; length <= digits.length; length += 1) numberKeys.push(digits.slice(0, length));
      numberKeys.push(patient.mrn, patient.date_of_birth);
    }

    async function timed(username: string, queries: readonly string[]) {
      const caller: Caller = { transport: 'bridge', windowKey: `bench-${username}` };
      const login = await core.router.dispatch(caller, 'auth.login', { username, password: DEMO_PASSWORD });
      if (!login.ok) throw new Error(`Sign-in as ${username} failed: ${login.error.message}`);
      const samples: number[] = [];
      const cpu: number[] = [];
      let results = 0;
      for (const round of [0, 1]) {
        for (const query of queries) {
          const begin = process.hrtime.bigint();
          const cpuBegin = process.cpuUsage();
          const result = await core.router.dispatch(caller, 'patient.search', { query, limit: 20 });
          const elapsed = Number(process.hrtime.bigint() - begin) / 1e6;
          const used = process.cpuUsage(cpuBegin);
          if (!result.ok) throw new Error(`patient.search failed: ${result.error.code}`);
          // The first round warms the page cache and the statement cache; the second is timed.
          if (round === 1) {
            samples.push(elapsed);
            // CPU time of this process during the call: what the query costs, apart from waiting for a core on a busy machine.
            cpu.push((used.user + used.system) / 1000);
            results += (result.value as unknown[]).length;
          }
        }
      }
      return { ...summarize(samples), cpu: summarize(cpu), meanResults: results / Math.max(1, samples.length) };
    }

    context.log(`Timing ${count(nameKeys.length + typoKeys.length + numberKeys.length)} keystroke queries per user...`);
    const adminNames = await timed('admin', nameKeys);
    const adminTypos = await timed('admin', typoKeys);
    const adminNumbers = await timed('admin', numberKeys);
    const deskNames = await timed('desk.east', nameKeys);
    const row = (label: string, s: Awaited<ReturnType<typeof timed>>) =>
      reported(label, `median ${milliseconds(s.medianMs)}, p95 ${milliseconds(s.p95Ms)}, max ${milliseconds(s.maxMs)} (${count(s.iterations)} queries, ${s.meanResults.toFixed(1)} results on average); ` +
        `CPU time median ${milliseconds(s.cpu.medianMs)}, p95 ${milliseconds(s.cpu.p95Ms)}`);
    return {
      title: 'Patient search per keystroke (100,000 patients)',
      description:
        `\`patient.search\` through the router on a replica of ${count(PATIENTS)} patients and ${count(APPOINTMENTS)} appointments: ${TYPED_PATIENTS} patients' ` +
        '"Last First" typed letter by letter, two typos each, phone numbers typed digit by digit, MRNs and dates of birth. Each call includes the audit entry it writes.',
      rows: [
        atMost('Name keystrokes as `admin` (clinic scope), p95', adminNames.p95Ms, 15),
        atMost('Typo queries as `admin`, p95', adminTypos.p95Ms, 15),
        atMost('Phone, MRN and date-of-birth keystrokes as `admin`, p95', adminNumbers.p95Ms, 15),
        atMost('Name keystrokes as `desk.east` (facility scope through appointments), p95', deskNames.p95Ms, 15),
        row('Name keystrokes as `admin`', adminNames),
        row('Typo queries as `admin`', adminTypos),
        row('Numbers as `admin`', adminNumbers),
        row('Name keystrokes as `desk.east`', deskNames),
        reported('Adding the patients and appointments with the trigger-kept index', `${seconds(seedMs)} for ${count(PATIENTS - existing)} patients and ${count(APPOINTMENTS)} appointments`),
      ],
      notes: [
        'Measured in the main process without the Electron IPC hop; the renderer debounces nothing, so every keystroke is a query.',
        'CPU time is the process\'s user + system time during each call (process.cpuUsage): on a machine whose load average is many times its core count, wall time is mostly waiting for a core.',
      ],
    };
  } finally {
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
