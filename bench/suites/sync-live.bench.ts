import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCore, type Core } from '../../main/core';
import type { Caller } from '../../main/ipc/router';
import { DEMO_PASSWORD } from '../../shared/demo/demo-clinic';
import { seedDemoClinicInPostgres } from '../../server/seed/seed-postgres';
import { reported, summarize, type BenchContext, type BenchRow, type SuiteReport } from '../harness';
import { freshDatabase, spawnServer, startBenchPostgres } from '../postgres';

const DEVICES = Number(process.env.MEDORA_BENCH_DEVICES ?? 50);
const COMMITS = Number(process.env.MEDORA_BENCH_COMMITS ?? 20);

/**
 * Live propagation: a change committed on workstation A (a named mutation pushed to the server) until
 * it is in workstation B's SQLite, with 50 workstations connected on loopback. Every workstation is a
 * real core with the official client, signed in as a clinic admin so every change is in its scope.
 */
export async function run(context: BenchContext): Promise<SuiteReport> {
  const postgres = await startBenchPostgres(context.projectDir);
  const connection = await freshDatabase(postgres, 'bench_live');
  await seedDemoClinicInPostgres(connection.db, { scale: { patients: 200, appointments: 800 } });
  await connection.db.destroy();
  const server = await spawnServer(context.projectDir, postgres.urlFor('bench_live'));
  const dirs: string[] = [];
  const devices: { core: Core; caller: Caller }[] = [];
  const rows: BenchRow[] = [];
  try {
    context.log(`Starting ${DEVICES} workstations and their first sync...`);
    for (let index = 0; index < DEVICES; index += 1) {
      const dataDir = mkdtempSync(join(tmpdir(), 'medora-bench-live-'));
      dirs.push(dataDir);
      const core = await startCore({ dataDir, sync: { serverUrl: server.url } });
      const caller: Caller = { transport: 'bridge', windowKey: `bench-${index}` };
      const login = await core.router.dispatch(caller, 'auth.login', { username: 'admin', password: DEMO_PASSWORD });
      if (!login.ok) throw new Error(`sign-in failed: ${login.error.code}`);
      devices.push({ core, caller });
    }
    for (const device of devices) while (!device.core.sync?.activeSync?.isCaughtUp()) await new Promise((resolve) => setTimeout(resolve, 50));
    context.log(`Timing ${COMMITS} commits, each until visible in the other ${DEVICES - 1} replicas...`);
    const samples: number[] = [];
    const writer = devices[0] as { core: Core; caller: Caller };
    for (let commit = 0; commit < COMMITS; commit += 1) {
      const name = `Live ${commit} ${Date.now()}`;
      const started = process.hrtime.bigint();
      const saved = await writer.core.router.dispatch(writer.caller, 'facility.save', {
        name, code: `LIVE-${commit}`, addressLine1: '1 Live St', addressLine2: null, city: 'Denver', state: 'CO', postalCode: '80202', phone: null,
        latitude: null, longitude: null, timeZone: 'America/Denver', hours: {}, isActive: true, resources: [],
      });
      if (!saved.ok) throw new Error(`facility.save failed: ${saved.error.code}`);
      const pending = new Set(devices.slice(1).map((_, index) => index + 1));
      while (pending.size > 0) {
        for (const index of [...pending]) {
          const found = devices[index]?.core.replica?.sqlite.prepare('SELECT 1 FROM facilities WHERE name = ?').get(name);
          if (found) {
            samples.push(Number(process.hrtime.bigint() - started) / 1e6);
            pending.delete(index);
          }
        }
        if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 2));
      }
    }
    const summary = summarize(samples);
    const p99 = [...samples].sort((a, b) => a - b)[Math.ceil(samples.length * 0.99) - 1] ?? Number.NaN;
    rows.push({ metric: `Commit on A → in B's SQLite, p50 (${DEVICES} workstations, ${samples.length} observations)`, result: `${summary.medianMs.toFixed(0)} ms`, target: '< 150 ms', pass: summary.medianMs < 150 });
    rows.push({ metric: 'Commit on A → in B\'s SQLite, p99', result: `${p99.toFixed(0)} ms`, target: '< 1,000 ms', pass: p99 < 1000 });
    rows.push(reported('Slowest observation', `${summary.maxMs.toFixed(0)} ms`));
  } finally {
    for (const device of devices) await device.core.close().catch(() => undefined);
    await server.stop();
    await postgres.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
  return {
    title: 'Live propagation between workstations',
    description: `${DEVICES} workstation cores (each its own SQLite file and ShapeStreams) in the benchmark process, the server in its own process, loopback. The time runs from the local commit on A (the change is pushed right after it) until the row is in each other replica.`,
    rows,
    notes: [`All ${DEVICES} cores share this process and its two cores with the server and Postgres, so the figures include that contention. MEDORA_BENCH_DEVICES and MEDORA_BENCH_COMMITS set the size (default 50 and 20).`],
  };
}
