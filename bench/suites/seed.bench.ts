import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { closeDatabase, openDatabase } from '../../main/db/connection';
import { migrateToLatest } from '../../main/db/migrate';
import { seedDemoClinic } from '../../main/db/seed-demo';
import { count, reported, seconds, type BenchContext, type SuiteReport } from '../harness';
import { ensureLargeDatabase } from '../large-database';

/**
 * How long the demo clinic takes to seed. The large figure is measured when the cached large
 * database is built (reused afterwards; `--fresh` re-measures it); the default scale is seeded now.
 */
export async function run(context: BenchContext): Promise<SuiteReport> {
  const large = await ensureLargeDatabase(context);
  const { stats } = large;

  const dataDir = mkdtempSync(join(tmpdir(), 'medora-bench-seed-'));
  const replica = openDatabase(join(dataDir, 'medora.sqlite'));
  let defaultMs = 0;
  let defaultRows = 0;
  try {
    const migration = await migrateToLatest(replica.db as Kysely<unknown>);
    if (migration.error) throw new Error(migration.error);
    context.log('Seeding the default scale...');
    const started = process.hrtime.bigint();
    const result = await seedDemoClinic(replica.db);
    defaultMs = Number(process.hrtime.bigint() - started) / 1e6;
    defaultRows = Object.values(result.counts).reduce((sum, value) => sum + value, 0);
  } finally {
    await closeDatabase(replica);
    rmSync(dataDir, { recursive: true, force: true });
  }

  const perSecond = (rows: number, ms: number) => `${count(rows / (ms / 1000))} rows/s`;
  return {
    title: 'Seeding the demo clinic',
    description:
      '`seedDemoClinic` into a freshly migrated replica: generation, batched multi-row inserts (500 rows per statement, ' +
      '50,000 rows per transaction) and one Argon2id hash for the demo users.',
    rows: [
      reported(`Large scale: ${count(stats.patients)} patients, ${count(stats.appointments)} appointments, ${count(stats.rows)} rows`, seconds(stats.seedMs)),
      reported('Large scale, throughput', perSecond(stats.rows, stats.seedMs)),
      reported('Large scale, generating the rows only (no database)', `${seconds(stats.generateMs)} (${perSecond(stats.rows, stats.generateMs)})`),
      reported(`Default scale: ${count(defaultRows)} rows`, `${seconds(defaultMs)} (${perSecond(defaultRows, defaultMs)})`),
    ],
    notes: [
      large.wasBuilt
        ? 'The large figures were measured in this run.'
        : `The large figures were measured when the cached database was built (${stats.builtAt}, load average ${stats.loadAverage}); run with \`--fresh\` to re-measure.`,
    ],
  };
}
