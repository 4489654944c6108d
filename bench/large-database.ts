import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { DATABASE_FILE } from '../main/core';
import { closeDatabase, openDatabase } from '../main/db/connection';
import { migrateToLatest } from '../main/db/migrate';
import { seedDemoClinic } from '../main/db/seed-demo';
import { DEMO_SCALES, generateDemoClinic } from '../shared/demo/demo-clinic';
import { machineInfo, type BenchContext } from './harness';

/** How the cached large database was built; kept beside it so later runs can report the seed time. */
export interface SeedStats {
  readonly builtAt: string;
  readonly cpu: string;
  readonly node: string;
  readonly loadAverage: string;
  readonly seedMs: number;
  readonly generateMs: number;
  readonly rows: number;
  readonly appointments: number;
  readonly patients: number;
  readonly counts: Record<string, number>;
}

export interface LargeDatabase {
  /** A data folder holding `medora.sqlite`, ready for `startCore({ dataDir })`. */
  readonly dataDir: string;
  readonly stats: SeedStats;
  readonly sizeBytes: number;
  /** True when this run built it (so `stats` were measured now). */
  readonly wasBuilt: boolean;
}

function isSeedStats(value: unknown): value is SeedStats {
  return typeof value === 'object' && value !== null && 'seedMs' in value && 'rows' in value && 'counts' in value;
}

/**
 * The large-scale demo database (100,000 patients, about a million appointments), built once into
 * `.medora/bench/large/` and reused. It is built in a side folder and moved into place only when
 * complete, so an interrupted build is never mistaken for a cache.
 */
export async function ensureLargeDatabase(context: BenchContext): Promise<LargeDatabase> {
  const root = join(context.projectDir, '.medora', 'bench');
  const dataDir = join(root, 'large');
  const statsFile = join(dataDir, 'seed-stats.json');
  const databaseFile = join(dataDir, DATABASE_FILE);
  if (!context.isFresh && existsSync(databaseFile) && existsSync(statsFile)) {
    const stats: unknown = JSON.parse(readFileSync(statsFile, 'utf8'));
    if (isSeedStats(stats)) {
      context.log(`Reusing ${databaseFile} (built ${stats.builtAt})`);
      return { dataDir, stats, sizeBytes: statSync(databaseFile).size, wasBuilt: false };
    }
  }

  const building = join(root, `large.building-${process.pid}`);
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });

  // Generation alone (no database), to tell generator cost from SQLite cost.
  context.log('Generating the large demo clinic without a database...');
  const generateStarted = process.hrtime.bigint();
  let generated = 0;
  for (const entry of generateDemoClinic({ scale: 'large' }).rows()) if (entry) generated += 1;
  const generateMs = Number(process.hrtime.bigint() - generateStarted) / 1e6;
  context.log(`  ${generated.toLocaleString('en-US')} rows in ${(generateMs / 1000).toFixed(1)} s`);

  context.log(`Seeding the large demo clinic into ${building} (several minutes)...`);
  const replica = openDatabase(join(building, DATABASE_FILE));
  const migration = await migrateToLatest(replica.db as Kysely<unknown>);
  if (migration.error) throw new Error(migration.error);
  let lastLog = 0;
  const seedStarted = process.hrtime.bigint();
  const result = await seedDemoClinic(replica.db, {
    scale: 'large',
    onProgress: (table, rows) => {
      if (Date.now() - lastLog < 10_000) return;
      lastLog = Date.now();
      context.log(`  ${(Number(process.hrtime.bigint() - seedStarted) / 1e9).toFixed(0)} s: ${table} ${rows.toLocaleString('en-US')}`);
    },
  });
  const seedMs = Number(process.hrtime.bigint() - seedStarted) / 1e6;
  // Fold the WAL into the file so the cached database is one self-contained file.
  replica.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  await closeDatabase(replica);

  const machine = machineInfo();
  const rows = Object.values(result.counts).reduce((sum, value) => sum + value, 0);
  const stats: SeedStats = {
    builtAt: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    cpu: machine.cpu, node: machine.node, loadAverage: machine.loadAverage,
    seedMs, generateMs, rows,
    appointments: result.counts.appointments ?? 0,
    patients: result.counts.patients ?? DEMO_SCALES.large.patients,
    counts: result.counts,
  };
  writeFileSync(join(building, 'seed-stats.json'), `${JSON.stringify(stats, null, 2)}\n`);
  rmSync(dataDir, { recursive: true, force: true });
  renameSync(building, dataDir);
  context.log(`Seeded ${rows.toLocaleString('en-US')} rows in ${(seedMs / 1000).toFixed(1)} s`);
  return { dataDir, stats, sizeBytes: statSync(databaseFile).size, wasBuilt: true };
}
