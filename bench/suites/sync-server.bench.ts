import { DEMO_PASSWORD } from '../../shared/demo/demo-clinic';
import { newId } from '../../shared/ids';
import { SYNC_SCHEMA_VERSION } from '../../shared/sync/mutator';
import { seedDemoClinicInPostgres } from '../../server/seed/seed-postgres';
import { count, reported, type BenchContext, type BenchRow, type SuiteReport } from '../harness';
import { freshDatabase, spawnServer, startBenchPostgres } from '../postgres';

const CLIENTS = 8;
const MUTATIONS_PER_CLIENT = 250;
const BATCH = 25;
const LONG_POLLS = 200;

async function login(url: string, username: string): Promise<string> {
  const response = await fetch(`${url}/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD, deviceId: newId() }),
  });
  if (!response.ok) throw new Error(`login failed: ${response.status}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/**
 * The central server under load, in its own process on the bench Postgres: sustained named
 * mutations per second with conflict checks on (appointment bookings: overlap check in the mutator,
 * exclusion constraint in Postgres, one in ten deliberately colliding), and resident memory while
 * 200 live long-polls are held, then woken by one commit.
 */
export async function run(context: BenchContext): Promise<SuiteReport> {
  const postgres = await startBenchPostgres(context.projectDir);
  const connection = await freshDatabase(postgres, 'bench_server');
  context.log('Seeding the default demo clinic into Postgres...');
  await seedDemoClinicInPostgres(connection.db, { scale: 'default' });
  // One physician per client (each at one of their facilities), so only the deliberate repeats collide.
  const assignments = await connection.db.selectFrom('physician_facilities').select(['physician_id', 'facility_id']).orderBy('physician_id').execute();
  const physicians = assignments.filter((row, index) => assignments.findIndex((other) => other.physician_id === row.physician_id) === index);
  const patients = await connection.db.selectFrom('patients').select('id').limit(500).execute();
  const exam = await connection.db.selectFrom('exam_types').select('id').executeTakeFirstOrThrow();
  await connection.db.destroy();
  const server = await spawnServer(context.projectDir, postgres.urlFor('bench_server'), { MEDORA_LONG_POLL_MS: '20000' });
  const rows: BenchRow[] = [];
  try {
    const token = await login(server.url, 'admin');
    // Mutations: each client books its own physician's slots; every tenth booking repeats the previous slot.
    context.log(`Pushing ${count(CLIENTS * MUTATIONS_PER_CLIENT)} bookings from ${CLIENTS} clients...`);
    const base = Date.parse('2027-06-01T13:00:00Z');
    let applied = 0;
    let refused = 0;
    const started = process.hrtime.bigint();
    await Promise.all(Array.from({ length: CLIENTS }, async (_, client) => {
      const clientId = newId();
      const physician = physicians[client % physicians.length] as { physician_id: string; facility_id: string };
      for (let first = 1; first <= MUTATIONS_PER_CLIENT; first += BATCH) {
        const mutations = Array.from({ length: BATCH }, (_, index) => {
          const id = first + index;
          const slot = id % 10 === 0 ? id - 1 : id;
          const startsAt = base + slot * 30 * 60_000;
          return {
            id, name: 'appointment.book', createdAt: Date.now(),
            args: { facilityId: physician.facility_id, physicianId: physician.physician_id, patientId: (patients[id % patients.length] as { id: string }).id, examTypeId: exam.id, startsAt, endsAt: startsAt + 30 * 60_000 },
          };
        });
        const response = await fetch(`${server.url}/v1/mutations`, {
          method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ clientId, schemaVersion: SYNC_SCHEMA_VERSION, mutations }),
        });
        const body = (await response.json()) as { results?: { status: string }[] };
        if (!Array.isArray(body.results)) throw new Error(`POST /v1/mutations answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
        for (const result of body.results) {
          if (result.status === 'applied') applied += 1;
          if (result.status === 'rejected') refused += 1;
        }
      }
    }));
    const elapsedS = Number(process.hrtime.bigint() - started) / 1e9;
    rows.push(reported('Sustained mutations/s (appointment.book, conflict checks on, 8 clients, batches of 25)', `${Math.round((applied + refused) / elapsedS)} /s`));
    rows.push(reported('Outcome', `${count(applied)} applied, ${count(refused)} refused as double-bookings (expected ${count(CLIENTS * MUTATIONS_PER_CLIENT / 10)})`));

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
