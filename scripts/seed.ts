/**
 * Seeds the demo clinic into a data folder's replica.
 *
 *   npm run seed -- --data-dir <dir> [--scale default|large] [--seed N] [--reference-date YYYY-MM-DD]
 *
 * Opens `<dir>/medora.sqlite` (the file the app uses), migrates it, seeds it, and prints the rows
 * written per table and the time taken. Refuses a folder whose replica already holds a clinic.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import { parseArgs } from 'node:util';
import { DATABASE_FILE } from '../main/core';
import { closeDatabase, openDatabase } from '../main/db/connection';
import { migrateToLatest } from '../main/db/migrate';
import { seedDemoClinic } from '../main/db/seed-demo';
import { DEMO_PASSWORD, DEMO_SCALES, type DemoScaleName } from '../shared/demo/demo-clinic';

const USAGE = 'Usage: npm run seed -- --data-dir <dir> [--scale default|large] [--seed N] [--reference-date YYYY-MM-DD]';

function fail(message: string): never {
  console.error(message);
  console.error(USAGE);
  process.exit(2);
}

function isScaleName(value: string): value is DemoScaleName {
  return Object.hasOwn(DEMO_SCALES, value);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      scale: { type: 'string', default: 'default' },
      seed: { type: 'string' },
      'reference-date': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values['data-dir']) fail('Missing --data-dir.');
  const scale = values.scale ?? 'default';
  if (!isScaleName(scale)) fail(`Unknown scale "${scale}"; use ${Object.keys(DEMO_SCALES).join(' or ')}.`);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && (!Number.isSafeInteger(seed) || seed < 0)) fail('--seed must be a non-negative integer.');

  const dataDir = resolve(values['data-dir']);
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, DATABASE_FILE);
  const replica = openDatabase(path);
  try {
    const migration = await migrateToLatest(replica.db as Kysely<unknown>);
    if (migration.error) throw new Error(migration.error);

    console.log(`Seeding the demo clinic (${scale}: ${DEMO_SCALES[scale].patients.toLocaleString('en-US')} patients, ~${DEMO_SCALES[scale].appointments.toLocaleString('en-US')} appointments) into ${path}`);
    const started = process.hrtime.bigint();
    let lastReport = 0;
    const result = await seedDemoClinic(replica.db, {
      scale,
      ...(seed === undefined ? {} : { seed }),
      ...(values['reference-date'] ? { referenceDate: values['reference-date'] } : {}),
      onProgress: (table, rows) => {
        const now = Date.now();
        if (now - lastReport < 1_000) return;
        lastReport = now;
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        process.stdout.write(`  ${seconds.toFixed(1).padStart(6)} s  ${table}: ${rows.toLocaleString('en-US')} rows\n`);
      },
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const total = Object.values(result.counts).reduce((sum, count) => sum + count, 0);

    console.log('\nRows written:');
    for (const [table, count] of Object.entries(result.counts)) console.log(`  ${table.padEnd(24)} ${count.toLocaleString('en-US').padStart(10)}`);
    console.log(`  ${'total'.padEnd(24)} ${total.toLocaleString('en-US').padStart(10)}`);
    console.log(`\nSeeded in ${seconds.toFixed(1)} s (${Math.round(total / seconds).toLocaleString('en-US')} rows/s).`);
    console.log(`Sign in as ${result.users.map((user) => user.username).join(', ')} with the password ${DEMO_PASSWORD}.`);
  } finally {
    await closeDatabase(replica);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
