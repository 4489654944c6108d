import type { Kysely } from 'kysely';
import type { Database } from '../../shared/db/tables';
import { DEMO_PASSWORD } from '../../shared/demo/demo-clinic';
import { newId } from '../../shared/ids';
import { isOffered } from '../../shared/scheduling/booking-rules';
import { loadScheduleWorld } from '../../shared/scheduling/schedule-data';
import { findSlots } from '../../shared/scheduling/slots';
import { SYNC_SCHEMA_VERSION } from '../../shared/sync/mutator';
import { seedDemoClinicInPostgres } from '../../server/seed/seed-postgres';
import { count, reported, type BenchContext, type BenchRow, type SuiteReport } from '../harness';
import { benchPostgresCpuMs, freshDatabase, spawnServer, startBenchPostgres } from '../postgres';

const CLIENTS = 8;
const MUTATIONS_PER_CLIENT = 250;
const BATCH = 25;
/** Every tenth booking of a client repeats the slot of the one before it (another patient): a deliberate double-booking. */
const CONFLICT_EVERY = 10;
const LONG_POLLS = 200;
const DAY = 86_400_000;

async function login(url: string, username: string): Promise<string> {
  const response = await fetch(`${url}/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD, deviceId: newId() }),
  });
  if (!response.ok) throw new Error(`login failed: ${response.status}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

interface Booking {
  readonly facilityId: string;
  readonly physicianId: string;
  readonly patientId: string;
  readonly examTypeId: string;
  readonly resourceId: string | null;
  readonly startsAt: number;
  readonly endsAt: number;
}

/**
 * The bookings each client pushes, chosen so that exactly the deliberate repeats collide. Each client
 * books its own physician at one facility, with an exam the physician offers there, in a room of its own
 * (no two clients share a physician or a room); every slot is free by the same rules the mutator checks
 * (`findSlots`: the physician's weekly availability, opening hours, closures, time off, other bookings),
 * after the last appointment of the demo data; every booking has a patient of its own.
 */
async function planBookings(db: Kysely<Database>): Promise<Booking[][]> {
  const clinic = await db.selectFrom('clinics').select('id').executeTakeFirstOrThrow();
  const [assignments, physicians, exams, offerings, rooms, patients, last] = await Promise.all([
    db.selectFrom('physician_facilities').select(['physician_id', 'facility_id']).where('deleted_at', 'is', null).orderBy('physician_id').orderBy('facility_id').execute(),
    db.selectFrom('physicians').select('id').where('is_active', '=', 1).where('deleted_at', 'is', null).execute(),
    db.selectFrom('exam_types').select(['id', 'duration_minutes', 'resource_kind']).where('is_active', '=', 1).where('deleted_at', 'is', null).orderBy('id').execute(),
    db.selectFrom('exam_type_offerings').select(['exam_type_id', 'facility_id', 'physician_id']).where('deleted_at', 'is', null).execute(),
    db.selectFrom('facility_resources').select(['id', 'facility_id', 'resource_kind']).where('is_active', '=', 1).where('deleted_at', 'is', null).orderBy('id').execute(),
    db.selectFrom('patients').select('id').where('deleted_at', 'is', null).orderBy('id').limit(CLIENTS * MUTATIONS_PER_CLIENT).execute(),
    db.selectFrom('appointments').select((eb) => eb.fn.max('ends_at').as('at')).executeTakeFirstOrThrow(),
  ]);
  if (patients.length < CLIENTS * MUTATIONS_PER_CLIENT) throw new Error(`The demo clinic has ${patients.length} patients; the bench needs ${CLIENTS * MUTATIONS_PER_CLIENT}`);
  const active = new Set(physicians.map((row) => row.id));
  const usedPhysicians = new Set<string>();
  const usedRooms = new Set<string>();
  const picks: { physicianId: string; facilityId: string; exam: (typeof exams)[number]; resourceId: string | null }[] = [];
  for (const assignment of assignments) {
    if (picks.length === CLIENTS) break;
    if (!active.has(assignment.physician_id) || usedPhysicians.has(assignment.physician_id)) continue;
    for (const exam of exams) {
      const offered = offerings.filter((row) => row.exam_type_id === exam.id);
      if (offered.length === 0 || !isOffered(offered, assignment.facility_id, assignment.physician_id)) continue;
      const room = rooms.find((row) => row.facility_id === assignment.facility_id && row.resource_kind === exam.resource_kind && !usedRooms.has(row.id));
      if (exam.resource_kind !== null && !room) continue;
      usedPhysicians.add(assignment.physician_id);
      if (room) usedRooms.add(room.id);
      picks.push({ physicianId: assignment.physician_id, facilityId: assignment.facility_id, exam, resourceId: room?.id ?? null });
      break;
    }
  }
  if (picks.length < CLIENTS) throw new Error(`Only ${picks.length} physicians with an exam and a room of their own; the bench needs ${CLIENTS}`);

  // From the day after the later of now and the demo's last appointment: nothing is booked there yet.
  const from = Math.ceil(Math.max(Date.now(), Number(last.at ?? 0)) / DAY) * DAY + DAY;
  const until = from + 365 * DAY;
  const needed = MUTATIONS_PER_CLIENT - Math.floor(MUTATIONS_PER_CLIENT / CONFLICT_EVERY);
  let patient = 0;
  const plans: Booking[][] = [];
  for (const pick of picks) {
    const world = await loadScheduleWorld(db, { clinicId: clinic.id, from, to: until, physicianIds: [pick.physicianId], side: 'server' });
    const slots = findSlots(world, {
      durationMinutes: pick.exam.duration_minutes, resourceKind: null, candidates: new Map([[pick.facilityId, [pick.physicianId]]]),
      after: from, until, stepMinutes: pick.exam.duration_minutes, limit: needed,
    });
    if (slots.length < needed) throw new Error(`Only ${slots.length} free slots for a physician in a year; the bench needs ${needed}`);
    const plan: Booking[] = [];
    let slot = -1;
    for (let id = 1; id <= MUTATIONS_PER_CLIENT; id += 1) {
      if (id % CONFLICT_EVERY !== 0) slot += 1;
      const { startsAt, endsAt } = slots[slot] as (typeof slots)[number];
      plan.push({
        facilityId: pick.facilityId, physicianId: pick.physicianId, patientId: (patients[patient] as { id: string }).id, examTypeId: pick.exam.id,
        resourceId: pick.resourceId, startsAt, endsAt,
      });
      patient += 1;
    }
    plans.push(plan);
  }
  return plans;
}

/**
 * The central server under load, in its own process on the bench Postgres: sustained named
 * mutations per second with conflict checks on (appointment bookings: the conflict checks in the
 * mutator, exclusion constraints in Postgres; one in ten deliberately double-books the physician),
 * and resident memory while 200 live long-polls are held, then woken by one commit.
 */
export async function run(context: BenchContext): Promise<SuiteReport> {
  const postgres = await startBenchPostgres(context.projectDir);
  const connection = await freshDatabase(postgres, 'bench_server');
  context.log('Seeding the default demo clinic into Postgres...');
  await seedDemoClinicInPostgres(connection.db, { scale: 'default' });
  const plans = await planBookings(connection.db as unknown as Kysely<Database>);
  await connection.db.destroy();
  const server = await spawnServer(context.projectDir, postgres.urlFor('bench_server'), { MEDORA_LONG_POLL_MS: '20000' });
  const rows: BenchRow[] = [];
  try {
    const token = await login(server.url, 'admin');
    const total = CLIENTS * MUTATIONS_PER_CLIENT;
    const deliberate = CLIENTS * Math.floor(MUTATIONS_PER_CLIENT / CONFLICT_EVERY);
    context.log(`Pushing ${count(total)} bookings from ${CLIENTS} clients (${count(deliberate)} deliberate double-bookings)...`);
    let applied = 0;
    /** Refusals by mutation: whether it was a deliberate repeat, and what the server said. */
    const refusals: { deliberate: boolean; code: string; fields: string; message: string }[] = [];
    const cpuBefore = server.cpuMs();
    const postgresBefore = benchPostgresCpuMs(context.projectDir);
    const started = process.hrtime.bigint();
    await Promise.all(plans.map(async (plan) => {
      const clientId = newId();
      for (let first = 1; first <= MUTATIONS_PER_CLIENT; first += BATCH) {
        const mutations = Array.from({ length: Math.min(BATCH, MUTATIONS_PER_CLIENT - first + 1) }, (_, index) => {
          const id = first + index;
          return { id, name: 'appointment.book', createdAt: Date.now(), args: plan[id - 1] };
        });
        const response = await fetch(`${server.url}/v1/mutations`, {
          method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ clientId, schemaVersion: SYNC_SCHEMA_VERSION, mutations }),
        });
        const body = (await response.json()) as { results?: { id: number; status: string; code?: string; message?: string; fields?: { path: string; message: string }[] }[] };
        if (!Array.isArray(body.results)) throw new Error(`POST /v1/mutations answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
        for (const result of body.results) {
          if (result.status === 'applied') applied += 1;
          else if (result.status === 'rejected') {
            refusals.push({ deliberate: result.id % CONFLICT_EVERY === 0, code: result.code ?? '', fields: (result.fields ?? []).map((field) => `${field.path}:${field.message}`).join(','), message: result.message ?? '' });
          } else throw new Error(`Mutation ${result.id} answered ${result.status}`);
        }
      }
    }));
    const elapsedS = Number(process.hrtime.bigint() - started) / 1e9;
    // The bench measures what it claims only if exactly the deliberate repeats were refused, each as the
    // physician's slot being taken; anything else (a rule the plan missed, changed demo data) fails it.
    const wrong = refusals.filter((refusal) => !refusal.deliberate || refusal.code !== 'conflict' || !refusal.fields.includes('startsAt:slot_taken'));
    if (wrong.length > 0 || refusals.length !== deliberate || applied !== total - deliberate) {
      const reasons = new Map<string, number>();
      for (const refusal of wrong) reasons.set(`${refusal.code} ${refusal.fields} (${refusal.message.slice(0, 80)})`, (reasons.get(`${refusal.code} ${refusal.fields} (${refusal.message.slice(0, 80)})`) ?? 0) + 1);
      throw new Error(`Expected ${total - deliberate} applied and ${deliberate} refused as double-bookings; got ${applied} applied, ${refusals.length} refused. Unexpected refusals: ${[...reasons].map(([reason, n]) => `${n}× ${reason}`).join('; ')}`);
    }
    rows.push(reported(`Sustained mutations/s (appointment.book, conflict checks on, ${CLIENTS} clients, batches of ${BATCH})`, `${Math.round((applied + refusals.length) / elapsedS)} /s (${count(total)} in ${elapsedS.toFixed(1)} s)`));
    rows.push(reported('Outcome (checked: exactly the deliberate double-bookings are refused)', `${count(applied)} applied, ${count(refusals.length)} refused as double-bookings (expected ${count(total - deliberate)} and ${count(deliberate)})`));
    const serverCpu = server.cpuMs() - cpuBefore;
    const postgresCpu = benchPostgresCpuMs(context.projectDir) - postgresBefore;
    rows.push(reported('CPU time per mutation: server process / Postgres', `${(serverCpu / total).toFixed(1)} ms / ${(postgresCpu / total).toFixed(1)} ms`));

    // Long-polls: catch up on a small shape, then hold 200 live requests.
    const clientId = newId();
    const first = await fetch(`${server.url}/v1/shape?table=clinics&offset=-1&client_id=${clientId}`, { headers: { authorization: `Bearer ${token}` } });
    const handle = first.headers.get('electric-handle') as string;
    let offset = first.headers.get('electric-offset') as string;
    await first.text();
    const catchUp = await fetch(`${server.url}/v1/shape?table=clinics&offset=${offset}&handle=${handle}&client_id=${clientId}`, { headers: { authorization: `Bearer ${token}` } });
    offset = catchUp.headers.get('electric-offset') as string;
    await catchUp.text();
    const idleRss = server.rss();
    context.log(`Holding ${LONG_POLLS} live long-polls...`);
    const woken: number[] = [];
    let wokeAt = 0;
    const polls = Array.from({ length: LONG_POLLS }, () =>
      fetch(`${server.url}/v1/shape?table=clinics&offset=${offset}&handle=${handle}&live=true&cursor=&client_id=${clientId}`, { headers: { authorization: `Bearer ${token}` } })
        .then(async (response) => {
          await response.text();
          woken.push(Date.now());
        }));
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const heldRss = server.rss();
    wokeAt = Date.now();
    const writer = await fetch(`${server.url}/v1/mutations`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ clientId: newId(), schemaVersion: SYNC_SCHEMA_VERSION, mutations: [{ id: 1, name: 'clinic.update', createdAt: Date.now(), args: {
        name: 'Riverside Spine & Injury', legalName: null, taxId: null, phone: null, email: null, idleTimeoutMinutes: 15, offlineLeaseHours: 72, travelBufferMinutes: 30, treatmentGapDays: 14, defaultTimeZone: 'America/New_York',
      } }] }),
    });
    await writer.text();
    await Promise.all(polls);
    const fanOutMs = Math.max(...woken) - wokeAt;
    rows.push(reported('Server resident memory, idle after the load', `${Math.round(idleRss / 1048576)} MB`));
    rows.push(reported(`Server resident memory with ${LONG_POLLS} live long-polls held`, `${Math.round(heldRss / 1048576)} MB (+${Math.round((heldRss - idleRss) / 1048576)} MB)`));
    rows.push(reported(`One commit wakes all ${LONG_POLLS} long-polls (NOTIFY fan-out, last answer)`, `${fanOutMs} ms`));
  } finally {
    await server.stop();
    await postgres.stop();
  }
  return {
    title: 'Sync server: sustained mutations and held long-polls',
    description: 'The server runs in its own process against the benchmark Postgres (embedded, fsync on) seeded with the default demo clinic; clients are plain HTTP on loopback in the benchmark process.',
    rows,
    notes: [
      'Every synced write transaction takes the next global version under one row lock (SYNC.md), so mutations are serialised by design; the figure is the ceiling for one clinic database.',
      'Long-polls hold no database connection while waiting; they wake on Postgres LISTEN/NOTIFY and then each runs one short read.',
    ],
  };
}
