import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { startCore } from '../../main/core';
import { openDatabase } from '../../main/db/connection';
import { migrateToLatest } from '../../main/db/migrate';
import { DEMO_PASSWORD, DEMO_SCALES, type DemoScaleName } from '../../shared/demo/demo-clinic';
import { allTables, syncedTables } from '../../shared/db/tables';
import { seedDemoClinicInPostgres } from '../../server/seed/seed-postgres';
import { connectPostgres } from '../../server/db/postgres';
import { count, reported, type BenchContext, type BenchRow, type SuiteReport } from '../harness';
import { benchPostgresCpuMs, freshDatabase, spawnServer, startBenchPostgres } from '../postgres';

/** `MEDORA_BENCH_SYNC_SCALE=default` for a quick run; the issue's figure is at `large`. */
const SCALE = (process.env.MEDORA_BENCH_SYNC_SCALE ?? 'large') as DemoScaleName;
const DATABASE = `bench_sync_${SCALE}`;
const SEED_COMPLETE = `medora demo clinic, ${SCALE} scale, seeded`;

async function ensureSeeded(context: BenchContext, postgres: Awaited<ReturnType<typeof startBenchPostgres>>): Promise<void> {
  if (!context.isFresh) {
    const admin = connectPostgres(postgres.adminUrl, { max: 1 });
    const exists = (await admin.pool.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE])).rowCount === 1;
    await admin.db.destroy();
    if (exists) {
      const db = connectPostgres(postgres.urlFor(DATABASE), { max: 1 });
      // Set only once a seed ran to its end: a run stopped mid-seed leaves a database without it.
      const marker = await db.pool.query<{ comment: string | null }>(
        "SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1", [DATABASE]);
      const patients = await db.pool.query('SELECT count(*)::int AS n FROM patients').catch(() => ({ rows: [{ n: 0 }] }));
      const present = await db.pool.query<{ name: string }>(
        "SELECT table_name || '.' || column_name AS name FROM information_schema.columns WHERE table_schema = 'public'");
      await db.db.destroy();
      // A database seeded under an older schema (the schema is edited in place until release) is seeded again.
      const have = new Set(present.rows.map((row) => row.name));
      const stale = Object.entries(syncedTables).flatMap(([table, def]) => Object.keys(def.columns).map((column) => `${table}.${column}`)).filter((name) => !have.has(name));
      const complete = marker.rows[0]?.comment === SEED_COMPLETE;
      if (complete && patients.rows[0]?.n === DEMO_SCALES[SCALE].patients && stale.length === 0) return;
      if (!complete) context.log(`The cached ${DATABASE} was not seeded to its end.`);
      if (stale.length > 0) context.log(`The cached ${DATABASE} predates the schema (${stale.length} columns missing, e.g. ${stale.slice(0, 3).join(', ')}).`);
    }
  }
  const connection = await freshDatabase(postgres, DATABASE);
  context.log(`Seeding the ${SCALE} demo clinic into Postgres (cached in .medora/bench/pg for later runs)...`);
  const started = Date.now();
  const seeded = await seedDemoClinicInPostgres(connection.db, { scale: SCALE });
  await connection.pool.query('VACUUM ANALYZE');
  // The seed's dirty pages are written now, not by the checkpointer during the timed sync.
  await connection.pool.query('CHECKPOINT');
  await connection.pool.query(`COMMENT ON DATABASE ${DATABASE} IS '${SEED_COMPLETE}'`);
  const seededRows = Object.values(seeded.counts).reduce((sum, n) => sum + n, 0);
  const seconds = (Date.now() - started) / 1000;
  context.log(`  seeded ${seededRows.toLocaleString('en-US')} rows in ${seconds.toFixed(0)} s (${Math.round(seededRows / seconds).toLocaleString('en-US')} rows/s, load ${loadavg().map((n) => n.toFixed(2)).join(' / ')})`);
  await connection.db.destroy();
}

/** Copies every synced row of `source` into a fresh replica with raw prepared inserts: the baseline. */
function rawBulkInsert(sourceSqlite: import('better-sqlite3').Database, targetPath: string): Promise<{ rows: number; ms: number }> {
  return (async () => {
    const target = openDatabase(targetPath);
    await migrateToLatest(target.db as Kysely<unknown>);
    let rows = 0;
    let elapsed = 0n;
    for (const table of Object.keys(syncedTables)) {
      const columns = Object.keys(allTables[table]?.columns ?? {});
      const data = sourceSqlite.prepare(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}"`).raw().all() as unknown[][];
      const insert = target.sqlite.prepare(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      const started = process.hrtime.bigint();
      const writeAll = target.sqlite.transaction((batch: unknown[][]) => {
        for (const row of batch) insert.run(row);
      });
      for (let start = 0; start < data.length; start += 10_000) writeAll(data.slice(start, start + 10_000));
      elapsed += process.hrtime.bigint() - started;
      rows += data.length;
    }
    await target.db.destroy();
    return { rows, ms: Number(elapsed) / 1e6 };
  })();
}

/**
 * Initial sync of the scaled demo clinic into an empty replica, end to end: the real server in its own
 * process on Postgres, the desktop core in this process with the official client, as `admin` (every
 * row of the clinic). Compared in the same run with a raw better-sqlite3 bulk insert of the same rows
 * into the same schema. Peak resident memory of this (desktop) process is sampled every 100 ms.
 */
export async function run(context: BenchContext): Promise<SuiteReport> {
  const postgres = await startBenchPostgres(context.projectDir);
  await ensureSeeded(context, postgres);
  const server = await spawnServer(context.projectDir, postgres.urlFor(DATABASE));
  const dataDir = mkdtempSync(join(tmpdir(), 'medora-bench-sync-'));
  const rows: BenchRow[] = [];
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  try {
    const core = await startCore({ dataDir, sync: { serverUrl: server.url } });
    const baselineRss = process.memoryUsage().rss;
    context.log(`Initial sync of the ${SCALE} clinic as admin...`);
    const started = process.hrtime.bigint();
    const cpuBefore = { desktop: process.cpuUsage(), server: server.cpuMs(), postgres: benchPostgresCpuMs(context.projectDir) };
    const login = await core.router.dispatch({ transport: 'bridge', windowKey: 'bench' }, 'auth.login', { username: 'admin', password: DEMO_PASSWORD });
    if (!login.ok) throw new Error(`sign-in failed: ${login.error.code}`);
    for (;;) {
      if (core.sync?.activeSync?.isCaughtUp()) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const syncMs = Number(process.hrtime.bigint() - started) / 1e6;
    const desktopCpu = process.cpuUsage(cpuBefore.desktop);
    const cpu = {
      desktop: (desktopCpu.user + desktopCpu.system) / 1000,
      server: server.cpuMs() - cpuBefore.server,
      postgres: benchPostgresCpuMs(context.projectDir) - cpuBefore.postgres,
    };
    context.log(`  ${(syncMs / 1000).toFixed(1)} s wall; CPU desktop ${(cpu.desktop / 1000).toFixed(1)} s, server ${(cpu.server / 1000).toFixed(1)} s, Postgres ${(cpu.postgres / 1000).toFixed(1)} s`);
    const sqlite = core.replica?.sqlite;
    if (!sqlite) throw new Error('no replica');
    let synced = 0;
    for (const table of Object.keys(syncedTables)) synced += (sqlite.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
    clearInterval(sampler);
    const syncPeak = peakRss;
    context.log('Raw better-sqlite3 bulk insert of the same rows...');
    const raw = await rawBulkInsert(sqlite, join(dataDir, 'raw.sqlite'));
    await core.close();
    const syncRate = synced / (syncMs / 1000);
    const rawRate = raw.rows / (raw.ms / 1000);
    const ratio = syncRate / rawRate;
    rows.push(reported(`Rows synced (every synced table, ${SCALE} demo clinic)`, count(synced)));
    rows.push(reported('Initial sync, sign-in to caught up', `${(syncMs / 1000).toFixed(1)} s`));
    rows.push({ metric: 'Initial sync throughput / raw bulk insert (same rows, same run)', result: `${Math.round(syncRate).toLocaleString('en-US')} rows/s / ${Math.round(rawRate).toLocaleString('en-US')} rows/s = ${ratio.toFixed(2)}×`, target: '≥ 0.50×', pass: ratio >= 0.5 });
    rows.push(reported('CPU time during the sync: desktop process / server process / Postgres', `${(cpu.desktop / 1000).toFixed(1)} s / ${(cpu.server / 1000).toFixed(1)} s / ${(cpu.postgres / 1000).toFixed(1)} s`));
    rows.push(reported('Raw bulk insert: rows, time', `${count(raw.rows)} rows in ${(raw.ms / 1000).toFixed(1)} s`));
    rows.push({ metric: 'Peak resident memory of the desktop process during the sync', result: `${Math.round(syncPeak / 1048576)} MB (${Math.round(baselineRss / 1048576)} MB before)`, target: '< 500 MB', pass: syncPeak < 500 * 1048576 });
  } finally {
    clearInterval(sampler);
    await server.stop();
    await postgres.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return {
    title: 'Initial sync into an empty replica',
    description: `The ${SCALE} demo clinic in Postgres; the server in its own process; the desktop core (official @electric-sql/client ShapeStreams, batches applied in SQLite transactions) in the benchmark process, signed in as admin. Raw baseline: prepared single-row INSERTs of the same rows into a freshly migrated replica, 10,000 rows per transaction.`,
    rows,
    notes: ['Both sides write into the same schema (indexes and triggers included), so the ratio isolates the cost of the sync path: Postgres read, JSON over loopback, client parsing, and the batch apply.'],
  };
}
